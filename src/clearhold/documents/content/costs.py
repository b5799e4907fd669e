"""The schedule of a closure's costs and the application to recover them (s.88).

A local policing body or a local authority that spends money clearing, securing or maintaining
premises under a closure order may apply to the court that made the order for the owner or
occupier to reimburse it, in full or in part (s.88(1),(2)). The application may not be heard
unless made before the end of 3 months starting with the day the order ceases to have effect
(s.88(3)); an order can be made only against a person served with it (s.88(4)), and it must
also be served on the other body (s.88(5)). The schedule lists the costs ledger
(``powers.ClosureCost``) as recorded, each line net, VAT and gross (the sum paid); the sum
claimed is the gross, or the net where the body reclaims the VAT from HMRC, so the VAT is never
recovered twice; no VAT is ever added.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from clearhold.documents import kinds
from clearhold.documents.content.common import (
    PERSON,
    PREMISES,
    court_address,
    day,
    person,
    premises,
    text,
)
from clearhold.documents.kinds import Content, DocumentKind
from clearhold.documents.templating import ListOf, Obj
from clearhold.law import cost_recovery_deadline
from clearhold.powers.models import CostKind
from clearhold.powers.state import notice_of, order_of
from clearhold.readmodel import Reader
from clearhold.toolkit.forms import Form

SPENT = (CostKind.SECURING, CostKind.MAINTENANCE, CostKind.CLEARING)
VAT_NOTE = (
    "Amounts are as recorded in the costs ledger. Gross is the sum paid, including VAT where VAT "
    "was paid; VAT is the VAT within it. Where the applicant reclaims that VAT from HMRC, only "
    "the net sum is claimed, so the VAT is not recovered twice; otherwise the gross sum is "
    "claimed. No VAT is added to these figures."
)
LINE = Obj.of("on", "kind", "description", "net", "vat", "gross", "amount")
TOTALS = Obj.of("net", "vat", "gross", "claimed")
SCHEDULE = {
    "reference": None,
    "date": None,
    "premises": PREMISES,
    "order": Obj.of("court", "court_address", "made_on", "ends_on", "in_force"),
    "lines": ListOf(LINE),
    "totals": TOTALS,
    "total": None,
    "vat_note": None,
    "recovered": ListOf(LINE),
    "prepared_by": PERSON,
}
APPLICATION = {
    **SCHEDULE,
    "applicant": None,
    "other_body": None,
    "respondent": Obj.of("name", "capacity", "address"),
    "deadline": None,
}
CAPACITIES = {"owner": "Owner of the premises", "occupier": "Occupier of the premises"}
NO_ORDER = (
    "Costs can be recovered only for premises under a closure order (s.88(1)): no closure order "
    "is recorded on this closure."
)
NO_COSTS = (
    "No costs of clearing, securing or maintaining the premises are recorded: add them to the "
    "costs ledger on the closure page first (s.88(1))."
)


def today() -> dt.date:
    """The day the paper is made (the s.88(3) period is counted to it)."""
    return timezone.localdate()


def _pounds(amount: Decimal) -> str:
    return f"£{amount:,.2f}"


def _line(cost: Any) -> dict[str, str]:
    """One ledger line: net, VAT and gross, and ``amount`` the sum claimed for it."""
    return {
        "on": day(cost.on),
        "kind": cost.get_kind_display(),
        "description": text(cost.description),
        "net": _pounds(cost.net),
        "vat": _pounds(cost.vat) + (" (reclaimed)" if cost.vat_reclaimed else ""),
        "gross": _pounds(cost.amount),
        "amount": _pounds(cost.claimable),
    }


def _totals(spent: list) -> dict[str, str]:
    def total(values) -> Decimal:
        return sum(values, Decimal("0"))

    return {
        "net": _pounds(total(c.net for c in spent)),
        "vat": _pounds(total(c.vat for c in spent)),
        "gross": _pounds(total(c.amount for c in spent)),
        "claimed": _pounds(total(c.claimable for c in spent)),
    }


def _schedule(subject: Any, reader: Reader) -> tuple[dict[str, Any], list[str]]:
    """The ledger as the maker may see it, with the order it was spent under."""
    closure = reader.show(subject)
    recorded = order_of(subject)
    if recorded is None:
        return {}, [NO_ORDER]
    order = reader.show(recorded)
    costs = list(closure.costs.all())
    spent = [c for c in costs if c.kind in SPENT]
    if not spent:
        return {}, [NO_COSTS]
    ends = order.current_ends_on()
    context = {
        "reference": f"CH-{closure.problem_id}-{closure.pk}",
        "date": day(today()),
        "premises": premises(closure),
        "order": {
            "court": text(order.court),
            "court_address": court_address(text(order.court), notice_of(subject)),
            "made_on": day(order.made_on),
            "ends_on": day(ends),
            "in_force": ends >= today(),
        },
        "lines": [_line(c) for c in spent],
        "totals": _totals(spent),
        "total": _totals(spent)["claimed"],
        "vat_note": VAT_NOTE,
        "recovered": [_line(c) for c in costs if c.kind == CostKind.RECOVERED],
        "prepared_by": person(reader.show(reader.user, within=subject.problem), closure.body),
    }
    return context, []


def costs_schedule(*, subject: Any, reader: Reader, inputs: dict) -> Content:
    closure = reader.show(subject)
    context, blocking = _schedule(subject, reader)
    return Content(f"Schedule of costs: {text(closure.premises_description)}", context, blocking)


class ReimbursementForm(Form):
    """Who the partnership asks the court to order to pay (s.88(2))."""

    respondent = forms.CharField(
        label="Respondent: the owner or occupier to pay",
        error_messages={"required": "Enter the owner or occupier to pay"},
        max_length=200,
        help_text="The court can order only a person served with the application (s.88(4)).",
    )
    capacity = forms.ChoiceField(
        label="The respondent is the",
        choices=list(CAPACITIES.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the respondent is the owner or occupier"},
    )
    respondent_address = forms.CharField(
        label="Respondent's address for service", widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, subject: Any = None, user: Any = None, **kw: Any) -> None:
        super().__init__(*args, **kw)


def _bodies(body: str, organisation: str) -> tuple[str, str]:
    """The applicant and the other body to serve (s.88(1),(5))."""
    policing = "The local policing body for the area in which the premises are situated"
    council = "The local authority for the area in which the premises are situated"
    if body == "police":
        return policing, council
    return (f"{organisation} (the local authority)" if organisation else council), policing


def reimbursement_application(*, subject: Any, reader: Reader, inputs: dict) -> Content:
    closure = reader.show(subject)
    title = f"Application for reimbursement of costs: {text(closure.premises_description)}"
    context, blocking = _schedule(subject, reader)
    if not context:
        return Content(title, {}, blocking)
    ends = reader.show(order_of(subject)).current_ends_on()
    deadline = cost_recovery_deadline(ends)
    if today() > deadline:
        blocking.append(
            f"The application may not be heard unless made before the end of 3 months starting "
            f"with the day the order ceased to have effect (s.88(3)): the last day was "
            f"{day(deadline)}."
        )
    name = str(inputs.get("respondent") or "").strip()
    capacity = str(inputs.get("capacity") or "")
    if not name or capacity not in CAPACITIES:
        blocking.append(
            "Name the respondent and say whether they are the owner or the occupier: the court "
            "may order only the owner or occupier to reimburse the costs (s.88(2))."
        )
    applicant, other = _bodies(closure.body, context["prepared_by"]["organisation"])
    context |= {
        "applicant": applicant,
        "other_body": other,
        "respondent": {
            "name": name,
            "capacity": CAPACITIES.get(capacity, ""),
            "address": str(inputs.get("respondent_address") or "").strip(),
        },
        "deadline": day(deadline),
    }
    return Content(title, context, blocking)


def register() -> None:
    kinds.register(
        DocumentKind(
            key="costs_schedule",
            title="Schedule of costs",
            subject="closure",
            placeholders=SCHEDULE,
            build=costs_schedule,
            required={"total": "a schedule of costs must give the total."},
            description="The costs of clearing, securing and maintaining the premises under "
            "the order, from the costs ledger, with the total.",
        )
    )
    kinds.register(
        DocumentKind(
            key="reimbursement_application",
            title="Application for reimbursement of costs",
            subject="closure",
            placeholders=APPLICATION,
            build=reimbursement_application,
            form=ReimbursementForm,
            required={
                "respondent": "the application must name the owner or occupier (s.88(2)).",
                "deadline": "the application must be made within 3 months of the order's end "
                "(s.88(3)).",
            },
            description="The application under s.88 to the court that made the order, with "
            "the schedule of costs, the respondent and the time limit.",
        )
    )
