from django import forms

from clearhold.places.models import SiteKind


class SiteForm(forms.Form):
    name = forms.CharField(
        label="Name of the site",
        max_length=200,
        help_text="e.g. Onyx Court and the open space off West Street, Wisbech",
    )
    kind = forms.ChoiceField(label="What kind of place is it?", choices=SiteKind.choices)
    address = forms.CharField(label="Address", required=False, widget=forms.Textarea)
    managing_landlord = forms.CharField(label="Managing landlord", required=False, max_length=200)
    boundary = forms.CharField(widget=forms.HiddenInput, label="Outline")
    origin = forms.CharField(widget=forms.HiddenInput, required=False)
