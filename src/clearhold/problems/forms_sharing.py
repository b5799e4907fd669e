"""The sharing record form: basis, agreement, consent, and a row of checkboxes per partner."""

from __future__ import annotations

from typing import Any

from django import forms

from clearhold.authz import SHARED_CLASSES
from clearhold.sharing.models import (
    CONSENT_NOTE_HELP,
    ConsentStatus,
    LawfulBasis,
    SpecialCondition,
)
from clearhold.toolkit.forms import DayField, Form

DATE = {"required": False}


class SharingRecordForm(Form):
    lawful_basis = forms.ChoiceField(
        label="Lawful basis for sharing personal data",
        choices=[("", "Not chosen yet"), *LawfulBasis.choices],
        required=False,
    )
    special_condition = forms.ChoiceField(
        label="Condition for special-category data (health, vulnerability, allegations)",
        choices=[("", "None: no special-category data is shared"), *SpecialCondition.choices],
        required=False,
    )
    agreement_reference = forms.CharField(
        label="Information-sharing agreement reference", max_length=100, required=False
    )
    signatories = forms.CharField(
        label="Signatories",
        widget=forms.Textarea,
        required=False,
        help_text="One a line: name, role and organisation",
    )
    signed_on = DayField(label="Date signed", **DATE)
    review_on = DayField(label="Review date", **DATE)
    consent_status = forms.ChoiceField(
        label="Consent", choices=ConsentStatus.choices, initial=ConsentStatus.NOT_NEEDED
    )
    consent_note = forms.CharField(
        label="About the consent",
        widget=forms.Textarea,
        required=False,
        help_text=CONSENT_NOTE_HELP,
    )

    def __init__(self, *args: Any, organisations: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = organisations
        for organisation in organisations:
            self.fields[f"org_{organisation.pk}"] = forms.MultipleChoiceField(
                label=str(organisation),
                choices=[(c.value, c.label) for c in SHARED_CLASSES],
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    def recipient_rows(self) -> list[dict[str, Any]]:
        """Each partner with its checkboxes, for the template."""
        rows = []
        for organisation in self.organisations:
            field = self[f"org_{organisation.pk}"]
            chosen = {str(v) for v in (field.value() or [])}
            rows.append(
                {
                    "organisation": organisation,
                    "name": field.html_name,
                    "boxes": [
                        {"value": c.value, "label": c.label, "checked": c.value in chosen}
                        for c in SHARED_CLASSES
                    ],
                }
            )
        return rows

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        recipients = {o.pk: set(data.pop(f"org_{o.pk}", [])) for o in self.organisations}
        return {**data, "recipients": recipients}
