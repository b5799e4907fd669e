from django import forms

from clearhold.areas import AreaError, circle_around
from clearhold.places.models import Site, SiteKind
from clearhold.toolkit.forms import Form, ModelForm


class SiteForm(Form):
    """A site's details and outline. The outline comes from a hot spot or place (hidden), or is
    entered by hand: pasted GeoJSON, or a point (latitude, longitude) and a radius."""

    name = forms.CharField(
        label="Name of the site",
        error_messages={"required": "Enter the site’s name"},
        max_length=200,
        help_text="e.g. Onyx Court and the open space off West Street, Wisbech",
    )
    kind = forms.ChoiceField(
        label="What kind of place is it?",
        choices=SiteKind.choices,
        error_messages={"required": "Select what kind of place it is"},
    )
    address = forms.CharField(label="Address", required=False, widget=forms.Textarea)
    managing_landlord = forms.CharField(label="Managing landlord", required=False, max_length=200)
    boundary = forms.CharField(
        label="Outline (GeoJSON polygon, longitude and latitude)",
        required=False,
        widget=forms.Textarea,
    )
    latitude = forms.FloatField(
        label="Or the centre: latitude", required=False, min_value=49, max_value=61
    )
    longitude = forms.FloatField(label="Longitude", required=False, min_value=-9, max_value=3)
    radius = forms.FloatField(
        label="Radius (metres)", required=False, min_value=5, max_value=400, initial=50
    )
    origin = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        if data.get("boundary"):
            return data
        if data.get("latitude") is None or data.get("longitude") is None:
            self.add_error("boundary", "Give the outline, or the centre's latitude and longitude")
            return data
        try:
            data["boundary"] = circle_around(
                data["latitude"], data["longitude"], data.get("radius") or 50
            )
        except AreaError as problem:
            self.add_error("latitude", str(problem))
        else:
            data["origin"] = (
                data.get("origin") or f"{data.get('radius') or 50:g} m around a point given by hand"
            )
        return data

    def site_fields(self) -> dict:
        data = self.cleaned_data
        return {
            k: data[k]
            for k in ("name", "kind", "address", "managing_landlord", "boundary", "origin")
        }


class SiteLicenceForm(ModelForm):
    """The premises licence in force at a site (Licensing Act 2003), if any."""

    class Meta:
        model = Site
        fields = ["licence_number", "licensing_authority", "licensing_authority_address"]
        labels = {
            "licence_number": "Premises licence number",
            "licensing_authority": "Licensing authority",
            "licensing_authority_address": "Licensing authority’s address",
        }
        help_texts = {
            "licence_number": "Leave blank if no premises licence is in force.",
            "licensing_authority": "Usually the district council, e.g. Fenland District Council",
        }
        widgets = {"licensing_authority_address": forms.Textarea(attrs={"rows": 4})}
