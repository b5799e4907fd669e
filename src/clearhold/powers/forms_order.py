"""Forms for the closure order and what follows it: the order as the court made it (full or
partial, with its allow-list), its extension (s.82), discharge (s.83), appeals (s.84) and the
costs ledger (s.88). The shared pieces (``Page``, ``day``, ``radios``, ``text``) are in
``forms_closure``; as there, the services check every rule of the Act again.
"""

from __future__ import annotations

from django import forms

from clearhold.law import add_months
from clearhold.powers.forms_closure import Page, day, radios, text
from clearhold.powers.forms_exemptions import AllowListForm
from clearhold.powers.models import AppealAgainst, AppealOutcome, CostKind, OrderScope
from clearhold.problems.forms_actions import DATE_HINT, PoundsField
from clearhold.toolkit.forms import Form

PARTIAL_CHOICES = [
    ("full", "Full closure: it bars all persons but any it exempts (s.80(7)(a))"),
    ("partial", "Partial closure: the allow-list below may still enter (s.80(7))"),
]


class OrderForm(AllowListForm):
    page = Page("Record the closure order", "Record the order", "Closure order recorded.", "order")

    made_on = day("Made on", "the day the court made the order")
    starts_on = day(
        "Takes effect on (optional)",
        "the day the order takes effect",
        required=False,
        help_text=f"Leave empty if it took effect the day it was made. {DATE_HINT}",
    )
    ends_on = day(
        "Ends on",
        "the day the order ends",
        required=False,
        help_text="At most 3 months (s.80(6)); leave empty for 3 months from when it takes "
        f"effect. {DATE_HINT}",
    )
    court = text("Court", "the court", max_length=200)
    partial = radios(
        "Full or partial",
        PARTIAL_CHOICES,
        "a full or partial closure",
        coerce=lambda value: value == "partial",
        initial="full",
    )
    scope = radios(
        "What it closes", OrderScope.choices, "what the order closes", initial=OrderScope.WHOLE
    )
    part_description = text(
        "The part or communal parts it covers (if not the whole premises)",
        required=False,
        widget=forms.Textarea,
        help_text="s.80(8), e.g. The stairwells and lifts of Onyx Court",
    )
    bars_residents = forms.BooleanField(
        label="The order bars the people who live there (s.80(7)(a))",
        required=False,
        help_text="A partial order on someone’s home must either exempt the people who live "
        "there or bar them; visitors are exempt only as visitors of people who may be there",
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        start = cleaned.get("starts_on") or cleaned.get("made_on")
        if start and not cleaned.get("ends_on") and "ends_on" not in self.errors:
            cleaned["ends_on"] = add_months(start, 3)
        return cleaned

    def service_kwargs(self) -> dict:
        return {**self.without_allow_list(), "exemptions": self.exemptions()}


class ExtensionApplyForm(Form):
    page = Page(
        "Apply to extend the closure order",
        "Record the application",
        "Application to extend recorded. Record the court’s decision when it comes.",
        "order",
    )

    applied_on = day("Applied on", "the day you applied")
    new_ends_on = day(
        "Extend to",
        "the new end",
        help_text="At most 3 months more, and 6 months in all (s.82(7),(8)); " + DATE_HINT,
    )


class ExtensionDecideForm(Form):
    page = Page(
        "The court’s decision on the extension",
        "Record the decision",
        "Decision recorded.",
        "order",
    )

    granted = radios(
        "The court’s decision",
        [("yes", "Granted"), ("no", "Refused")],
        "the court’s decision",
        coerce=lambda value: value == "yes",
    )
    on = day("Decided on", "the day of the decision")


class DischargeForm(Form):
    page = Page(
        "Record the discharge of the order (s.83)",
        "Record the discharge",
        "Discharge recorded.",
        "order",
    )

    on = day("Discharged on", "the day the court discharged the order")


class AppealForm(Form):
    page = Page(
        "Record an appeal to the Crown Court (s.84)",
        "Record the appeal",
        "Appeal recorded.",
        "appeals",
    )

    against = radios(
        "The decision appealed against",
        AppealAgainst.choices,
        "the decision appealed against",
        initial=AppealAgainst.MAKING,
    )
    decision_on = day("Day of the decision appealed against", "the day of the decision")
    lodged_on = day("Appeal brought on", "the day the appeal was brought")
    appellant = text("Appellant", "who appealed", max_length=200, help_text="e.g. A resident")


class AppealConcludeForm(Form):
    page = Page(
        "How the appeal ended", "Record the outcome", "Outcome of the appeal recorded.", "appeals"
    )

    outcome = radios(
        "How the appeal ended",
        [c for c in AppealOutcome.choices if c[0] != AppealOutcome.PENDING],
        "how the appeal ended",
    )
    on = day("Ended on", "the day the appeal ended")


class CostForm(Form):
    page = Page("Add a cost", "Add the cost", "Cost added to the ledger.", "costs")

    kind = radios("Kind of cost", CostKind.choices, "the kind of cost")
    on = day("Date", "the date")
    amount = PoundsField(
        label="Amount paid in pounds, including any VAT",
        help_text="e.g. 2800 or 2800.50",
        error_messages={"required": "Enter the amount in pounds."},
    )
    vat = PoundsField(
        label="VAT within that amount, in pounds (optional)",
        help_text="e.g. 466.67; leave empty where no VAT was charged",
        required=False,
    )
    vat_reclaimed = forms.BooleanField(
        label="We reclaim this VAT from HMRC",
        help_text="The claim against the owner is then for the net sum, so the VAT is not "
        "recovered twice (VAT Act 1994 s.33).",
        required=False,
    )
    description = text(
        "Description", "what the cost was for", max_length=300, help_text="e.g. Lockable gate"
    )
