"""The form to record what a household said: which home, when, their view and the reply.

It only parses: the home is chosen from the problem's own units, and every rule (dates not in
the future, no reply before the response, a reason for an objection) is checked by
``documents.consultation.response_record``, whose refusals come back onto this form.
"""

from __future__ import annotations

from typing import Any

from django import forms

from clearhold.documents.consultation import RECORDED_STANCES
from clearhold.places.models import Unit
from clearhold.powers.forms_closure import Radios, day
from clearhold.toolkit.forms import Form


class ResponseForm(Form):
    unit = forms.TypedChoiceField(
        label="Which home is it from?",
        coerce=int,
        error_messages={
            "required": "Choose the home the response came from.",
            "invalid_choice": "Choose a home on one of this problem’s sites.",
        },
    )
    received_on = day("Date received", "the date the response was received")
    stance = forms.ChoiceField(
        label="What did they say?",
        choices=RECORDED_STANCES,
        widget=Radios,
        error_messages={"required": "Choose whether they support, object or comment."},
    )
    reason = forms.CharField(
        label="What they said",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="In their words where you can. For an objection, say why they object.",
    )
    reply_sent_on = day(
        "Date the reply was sent (optional)", "the date the reply was sent", required=False
    )
    reply = forms.CharField(
        label="Reply (optional)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What you told them, or where the reply is filed.",
    )

    def __init__(self, *args, units: list[Unit], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.units = {unit.pk: unit for unit in units}
        self.fields["unit"].choices = [("", "Choose a home")] + [
            (unit.pk, f"{unit.name}, {unit.site.name}") for unit in units
        ]

    def clean_unit(self) -> Unit:
        return self.units[self.cleaned_data["unit"]]

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.fields}
