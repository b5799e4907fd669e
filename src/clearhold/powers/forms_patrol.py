"""Forms for officers on patrol: who is this person, and what was seen. Short, phone-first."""

from __future__ import annotations

from django import forms

from clearhold.places.models import Unit
from clearhold.powers.forms_times import WallTimes, when
from clearhold.toolkit.forms import Form
from clearhold.toolkit.ordering import NaturalModelChoiceField

PERSON_KINDS = [
    ("resident", "A resident"),
    ("resident_visitor", "Visiting a resident"),
    ("family", "Immediate family of a resident"),
    ("owner", "The owner"),
    ("housing_staff", "Housing staff"),
    ("council_staff", "Council staff"),
    ("contractor", "A maintenance contractor"),
    ("emergency_services", "Emergency services"),
    ("support_worker", "A support worker"),
    ("other", "Someone else"),
]

INVITED = [("", "Not known"), ("yes", "Yes, the resident confirms it"), ("no", "No")]


class AccessCheckForm(Form):
    kind = forms.ChoiceField(
        label="Who do they say they are?",
        choices=PERSON_KINDS,
        error_messages={"required": "Choose who they say they are."},
    )
    unit = forms.CharField(
        label="Flat or unit (if any)", required=False, max_length=100, help_text="e.g. Flat 12"
    )
    organisation = forms.CharField(
        label="Their organisation (staff and contractors)", required=False, max_length=200
    )
    invited = forms.ChoiceField(label="Invited by the resident?", choices=INVITED, required=False)


class BreachForm(WallTimes, Form):
    occurred_at = when(
        "When",
        "when the breach happened",
        error_messages={"invalid": "Enter when it happened as a real date and time"},
    )
    unit = NaturalModelChoiceField(
        label="Flat or unit", queryset=Unit.objects.none(), required=False, empty_label="None"
    )
    place = forms.CharField(
        label="Where", required=False, max_length=200, help_text="e.g. stairwell B, the bench"
    )
    latitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    longitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    person = forms.ModelChoiceField(
        label="Person (if known)", queryset=None, required=False, empty_label="Not known"
    )
    person_description = forms.CharField(
        label="Description of the person", required=False, max_length=300
    )
    seen = forms.CharField(
        label="What you saw",
        widget=forms.Textarea,
        error_messages={"required": "Say what you saw."},
    )
    video_reference = forms.CharField(
        label="Body-worn video reference", required=False, max_length=100
    )
    arrest = forms.TypedChoiceField(
        label="Arrest made?",
        choices=[("no", "No"), ("yes", "Yes")],
        coerce=lambda v: v == "yes",
        initial="no",
    )
    obstruction = forms.BooleanField(
        label="Obstruction of a person serving notices or securing the premises (s.86(3))",
        required=False,
    )

    def __init__(self, *args, closure, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(site=closure.site)
        self.fields["person"].queryset = people
        if not people.exists():
            del self.fields["person"]
