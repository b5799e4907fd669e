"""Forms for graduated enforcement: adding a person and recording a step, phone-first (radios,
GOV.UK date inputs). They only parse input; ``people.py`` checks every rule again and its refusals
come back onto these forms."""

from __future__ import annotations

from django import forms

from clearhold.powers.models import StepKind
from clearhold.problems.forms_actions import DATE_FORMATS, DATE_HINT
from clearhold.toolkit.forms import DayField, Form


class Radios(forms.RadioSelect):
    """Radios whose label id is the first radio's, so the GOV.UK error summary links to them."""

    def id_for_label(self, id_, index=None):
        return id_ if index is None else super().id_for_label(id_, index)


def _day(label: str, *, required: bool, what: str, help_text: str = DATE_HINT) -> forms.DateField:
    return DayField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=help_text,
        error_messages={
            "required": f"Enter {what}",
            "invalid": f"Enter {what} as a real date",
        },
    )


class PersonForm(Form):
    name = forms.CharField(
        label="Name",
        max_length=200,
        error_messages={"required": "Enter the person’s name."},
    )
    date_of_birth = _day(
        "Date of birth (optional)",
        required=False,
        what="the date of birth",
        help_text="The age rules need it (a notice only at 16 or over, s.43(1)). " + DATE_HINT,
    )
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        widget=forms.Textarea,
        help_text="How to recognise them, and their link to the problem",
    )


class StepForm(Form):
    kind = forms.ChoiceField(
        label="Step taken",
        choices=StepKind.choices,
        widget=Radios,
        error_messages={"required": "Choose the step taken."},
    )
    on = _day("Date taken", required=True, what="the date the step was taken")
    ends_on = _day(
        "End date (optional)",
        required=False,
        what="the end date",
        help_text="For an injunction or criminal behaviour order, the day it ends. " + DATE_HINT,
    )
    until_further_order = forms.BooleanField(
        label="Has effect until further order (an adult’s injunction or order only)",
        required=False,
    )
    compliance_days = forms.IntegerField(
        label="For a warning: days given to stop (optional)",
        required=False,
        min_value=1,
        max_value=365,
        help_text="The time the warning gives the person to change their behaviour (s.43(5)(b))",
    )
    details = forms.CharField(
        label="Details (optional)",
        required=False,
        widget=forms.Textarea,
        help_text="Who issued or granted it, the court, the terms or conditions",
    )
