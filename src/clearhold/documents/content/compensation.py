"""The partnership's response pack for a claim for compensation under s.90.

A person who claims to have incurred financial loss in consequence of a closure notice or a
closure order (an extended order included) may apply to the appropriate court (s.90(1),(2)).
The application may not be heard unless made before the end of 3 months starting with the day
the notice was cancelled, the order refused, or the order ceased to have effect (s.90(3),(4)).
The court may order compensation out of central funds only if satisfied of the four conditions
of s.90(5)(a)–(d); central funds are those used for costs (s.90(6)).

The pack sets the claim (from the form) beside the record: the closure's dates, the court, the
time limit (a claim lodged too late is flagged OUT OF TIME, not refused: that is the
partnership's first answer), and for each condition what the record shows with a paragraph for
the officer to complete. The claimant is a third party whose name is typed in: it is kept in
the document's inputs as the s.88 respondent is, and compared with the people recorded under
enforcement (restricted) only through the maker's reader.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils import timezone

from clearhold.documents import kinds
from clearhold.documents.content.common import PERSON, PREMISES, day, person, premises, text, when
from clearhold.documents.content.compensation_record import (
    appropriate_court,
    association,
    measures,
    time_limit,
)
from clearhold.documents.kinds import Content, DocumentKind
from clearhold.documents.templating import ListOf, Obj
from clearhold.law.dates import POWERS_IN_FORCE
from clearhold.powers.state import notice_of, order_of
from clearhold.readmodel import Reader
from clearhold.toolkit.forms import DayField, Form

CAPACITIES = {
    "owner": "Owner of the premises",
    "occupier": "Occupier of the premises",
    "other": "Another person (neither owner nor occupier)",
}
PACK = {
    "reference": None,
    "date": None,
    "premises": PREMISES,
    "claim": Obj.of("claimant", "capacity", "address", "amount", "lodged_on", "loss"),
    "court": None,
    "measures": ListOf(Obj.of("what", "on", "ended")),
    "limit": Obj.of("trigger", "started", "deadline", "in_time", "statement"),
    "conditions": ListOf(Obj.of("paragraph", "test", "record", "position")),
    "central_funds": None,
    "prepared_by": PERSON,
}
REQUIRED = {
    "limit": "a response to a compensation claim must say whether it was made in time (s.90(3)).",
    "conditions": "a response to a compensation claim must answer each condition of s.90(5).",
}
POSITION = (
    "[The partnership's position on this condition, and the evidence for it: to be completed "
    "by the officer before the response is sent.]"
)
CENTRAL_FUNDS = (
    "If the court orders compensation, it is paid out of central funds (s.90(5)), which has "
    "the same meaning as in enactments providing for the payment of costs (s.90(6)): the "
    "partnership is not ordered to pay it."
)
NO_NOTICE = (
    "A claim under s.90(1) is for loss in consequence of a closure notice or a closure order: "
    "no closure notice is recorded on this closure."
)


def today() -> dt.date:
    """The day the pack is made (whether the s.90(3) period has started is judged on it)."""
    return timezone.localdate()


class CompensationForm(Form):
    """The claim as lodged: who claims, as what, how much and when."""

    claimant = forms.CharField(label="Claimant", max_length=200)
    capacity = forms.ChoiceField(
        label="The claimant claims as", choices=list(CAPACITIES.items()), widget=forms.RadioSelect,
        error_messages={"required": "Select what the claimant claims as"},
        help_text="An owner or occupier must also show they took reasonable steps (s.90(5)(b)).",
    )  # fmt: skip
    claimant_address = forms.CharField(
        label="Claimant's address", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    amount = forms.DecimalField(label="Amount claimed (£)", min_value=Decimal("0.01"),
                                max_digits=12, decimal_places=2)  # fmt: skip
    lodged_on = DayField(label="Date the claim was lodged with the court", since=POWERS_IN_FORCE)
    loss = forms.CharField(
        label="The loss claimed, as the claim describes it", required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip

    def __init__(self, *args: Any, subject: Any = None, user: Any = None, **kw: Any) -> None:
        super().__init__(*args, **kw)

    def clean_amount(self) -> str:
        return f"{self.cleaned_data['amount']:.2f}"  # kept as text, so it is stored with the inputs

    def clean_lodged_on(self) -> str:
        return self.cleaned_data["lodged_on"].isoformat()


def _amount(value: Any) -> Decimal | None:
    try:
        amount = Decimal(str(value).replace("£", "").replace(",", "").strip())
    except (InvalidOperation, ValueError):
        return None
    return amount if amount.is_finite() and amount > 0 else None


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or ""))
    except ValueError:
        return None


def _claim(inputs: dict) -> tuple[dict[str, Any], list[str]]:
    """The claim's details from the form, and a sentence naming any that are missing."""
    claimant = str(inputs.get("claimant") or "").strip()
    capacity = str(inputs.get("capacity") or "")
    amount, lodged = _amount(inputs.get("amount")), _date(inputs.get("lodged_on"))
    missing = [label for label, ok in (
        ("the claimant's name", claimant), ("whether they claim as owner, occupier or another "
         "person", capacity in CAPACITIES), ("the amount claimed", amount),
        ("the date the claim was lodged", lodged),
    ) if not ok]  # fmt: skip
    blocking = []
    if missing:
        listed = ", ".join(missing[:-1]) + (" and " if len(missing) > 1 else "") + missing[-1]
        blocking.append(f"The response pack needs the claim's details (s.90(1)): give {listed}.")
    if lodged is not None and lodged > today():
        blocking.append(f"The claim cannot have been lodged after today: {day(lodged)}.")
    claim = {
        "claimant": claimant,
        "capacity": CAPACITIES.get(capacity, ""),
        "address": str(inputs.get("claimant_address") or "").strip(),
        "amount": f"£{amount:,.2f}" if amount else "",
        "lodged_on": day(lodged),
        "loss": str(inputs.get("loss") or "").strip(),
    }
    return {"claim": claim, "capacity_key": capacity, "lodged": lodged}, blocking


def _steps_taken(claimant: str, capacity: str, closure: Any) -> str:
    """What the record shows of the claimant being told of the closure (for s.90(5)(b))."""
    if capacity not in ("owner", "occupier"):
        return "The claimant does not claim as owner or occupier: this condition does not apply."
    wanted = " ".join(claimant.lower().split())
    told = [
        f"{e.get_kind_display()} at {when(e.at)}"
        for e in closure.engagements.all()
        if " ".join(text(e.who).lower().split()) == wanted
    ]
    if told:
        return "The partnership's record of informing and consulting names the claimant: " + (
            "; ".join(told) + ". Whether they then took reasonable steps is for the claimant to "
            "show."
        )
    return (
        "The partnership's record of informing and consulting does not name the claimant. The "
        "record holds nothing of steps the claimant took to prevent the use or behaviour."
    )


def _conditions(claim: dict, closure: Any, problem: Any, reader: Reader) -> list[dict]:
    """The four conditions of s.90(5), each with what the record shows."""
    name, capacity = claim["claim"]["claimant"], claim["capacity_key"]
    loss = claim["claim"]["loss"]
    rows = [
        ("a", "that the applicant is not associated with the use of the premises, or the "
         "behaviour on the premises, on the basis of which the closure notice was issued or the "
         "closure order made", association(name, problem, reader)),
        ("b", "if the applicant is the owner or occupier of the premises, that the applicant "
         "took reasonable steps to prevent that use or behaviour",
         _steps_taken(name, capacity, closure)),
        ("c", "that the applicant has incurred financial loss in consequence of the notice or "
         "order", f"The claimant claims {claim['claim']['amount']}"
         + (f": {loss.rstrip('.')}." if loss else ".")
         + " The dates the notice and the order had effect are set out above."),
        ("d", "that having regard to all the circumstances it is appropriate to order payment of "
         "compensation in respect of that loss", "The court's decisions on the notice and the "
         "order, and any appeal, are set out above."),
    ]  # fmt: skip
    return [
        {"paragraph": f"s.90(5)({p})", "test": test, "record": record, "position": POSITION}
        for p, test, record in rows
    ]


def compensation_response(*, subject: Any, reader: Reader, inputs: dict) -> Content:
    closure = reader.show(subject)
    title = f"Response to a compensation claim: {text(closure.premises_description)}"
    notice = reader.show(notice_of(subject))
    if notice is None:
        return Content(title, {}, [NO_NOTICE])
    claim, blocking = _claim(inputs)
    if blocking:
        return Content(title, {}, blocking)
    order = reader.show(order_of(subject))
    context = {
        "reference": f"CH-{closure.problem_id}-{closure.pk}",
        "date": day(today()),
        "premises": premises(closure),
        "claim": claim["claim"],
        "court": appropriate_court(closure, notice, order),
        "measures": measures(closure, notice, order),
        "limit": time_limit(closure, notice, order, claim["lodged"], today()),
        "conditions": _conditions(claim, closure, subject.problem, reader),
        "central_funds": CENTRAL_FUNDS,
        "prepared_by": person(reader.show(reader.user, within=subject.problem), closure.body),
    }
    warnings = [] if context["limit"]["in_time"] else [context["limit"]["statement"]]
    return Content(title, context, [], warnings)


def register() -> None:
    kinds.register(
        DocumentKind(
            key="compensation_response",
            title="Response to a compensation claim (s.90)",
            subject="closure",
            placeholders=PACK,
            build=compensation_response,
            form=CompensationForm,
            required=REQUIRED,
            description="The partnership's response pack for a claim under s.90: the claim, "
            "the closure's dates, the time limit and each condition of s.90(5) with what the "
            "record shows.",
        )
    )
