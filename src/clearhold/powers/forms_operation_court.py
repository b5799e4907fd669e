"""Forms for an operation at court: serving along the walk, a listing and its hearings, and
extending orders together. They parse input and offer what makes sense; each premises is checked
by its own closure's service, whose refusals come back named beside the premises."""

from __future__ import annotations

from django import forms

from clearhold.powers.forms_closure import ServiceForm, day, radios, text
from clearhold.powers.forms_times import WallTimes, when
from clearhold.powers.models import HearingOutcome, ServiceAct
from clearhold.toolkit.forms import DATE_HINT, Form

PROCEED_LABEL = "Record the others without the premises refused"


def premises_field(label: str, choices, what: str) -> forms.TypedMultipleChoiceField:
    """Checkboxes of premises (or their orders), all ticked unless the user unticks some."""
    return forms.TypedMultipleChoiceField(
        label=label,
        choices=choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": f"Choose at least one {what}"},
    )


class WalkServeForm(ServiceForm):
    """One tap per act of service at the premises in front of the officer: the act is the
    button pressed; the time is now unless typed."""

    document = None
    force_used = None
    served_at = when(
        "Served at (leave empty for now)",
        "when it was served",
        required=False,
    )


class ServiceBatchForm(WallTimes, Form):
    """The same act at the same time for several premises (the desktop path)."""

    premises = premises_field("Premises", [], "premises")
    act = radios("How it was served (s.79)", ServiceAct.choices, "how it was served")
    served_at = when("Served at", "when it was served")
    detail = text(
        "Where it was fixed, or to whom it was given (optional)",
        max_length=300,
        required=False,
        help_text="e.g. The main entrance door",
    )
    proceed = forms.BooleanField(label=PROCEED_LABEL, required=False)

    def __init__(self, *args, choices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["premises"].choices = choices


class ListingForm(WallTimes, Form):
    court = text("Court", "the court", max_length=200)
    court_address = text("Court address", required=False, widget=forms.Textarea)
    listed_at = when("Listed for", "when the applications are listed")


class HearForm(WallTimes, Form):
    """The listing's day in court: when the applications were heard."""

    heard_at = when("Heard at", "when the applications were heard")
    proceed = forms.BooleanField(label=PROCEED_LABEL, required=False)


class HeardRowForm(WallTimes, Form):
    """What the court decided on one premises' application (prefixed by the closure)."""

    heard = forms.BooleanField(label="Heard at this listing", required=False)
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=HearingOutcome.choices,
        initial=HearingOutcome.ORDER_MADE,
        required=False,
    )
    ends_on = day(
        "Order ends on, if the court varied it",
        "the day the order ends",
        required=False,
        help_text=f"Leave empty for the order as applied for. {DATE_HINT}",
    )
    adjourned_to = when("Adjourned to (if adjourned)", "when it resumes", required=False)
    continued_hours = forms.IntegerField(
        label="Notice continued for (hours, if continued)",
        required=False,
        min_value=1,
        help_text="At most 48 hours (s.81(2))",
    )

    def clean(self) -> dict:
        """Only a premises heard at this listing needs its outcome; the others are left."""
        cleaned = super().clean()
        if not cleaned.get("heard"):
            self.errors.clear()
            return {"heard": False}
        if not cleaned.get("outcome") and "outcome" not in self.errors:
            self.add_error("outcome", "Choose the outcome")
        return cleaned


class ExtensionConsultForm(WallTimes, Form):
    orders = premises_field("Orders", [], "order")
    who = text("Consulted", "who you consulted", max_length=200)
    at = when("Consulted at", "when you consulted them")
    how = text("How, and what they said (optional)", required=False, widget=forms.Textarea)
    proceed = forms.BooleanField(label=PROCEED_LABEL, required=False)

    def __init__(self, *args, choices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["orders"].choices = choices


class ExtensionBatchForm(Form):
    orders = premises_field("Orders", [], "order")
    applied_on = day("Applied on", "the day you applied")
    months = forms.TypedChoiceField(
        label="Extend each by",
        choices=[(3, "3 months"), (2, "2 months"), (1, "1 month")],
        coerce=int,
        initial=3,
        help_text="At most 3 months more, and 6 months in all (s.82(7),(8))",
    )
    proceed = forms.BooleanField(label=PROCEED_LABEL, required=False)

    def __init__(self, *args, choices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["orders"].choices = choices


class DecideBatchForm(Form):
    extensions = premises_field("Applications", [], "application")
    granted = radios(
        "The court’s decision",
        [("yes", "Granted"), ("no", "Refused")],
        "the court’s decision",
        coerce=lambda value: value == "yes",
    )
    on = day("Decided on", "the day of the decision")
    proceed = forms.BooleanField(label=PROCEED_LABEL, required=False)

    def __init__(self, *args, choices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["extensions"].choices = choices
