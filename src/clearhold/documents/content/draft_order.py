"""A draft closure order for the court's convenience (s.80), handed up with the application.

The applicant drafts the order it asks for: the premises exactly as the closure describes them,
full or partial (s.80(8)(a)), who may still enter as an allow-list (s.80(7); *Leeds City
Council v Persons Unknown* [2023] EWHC 1504 (Admin): specify the access permitted), the end no
more than 3 months on (s.80(6)), the plan that shows the premises, the powers of enforcement
(s.85) and the offences of breach and obstruction (s.86). Once an order is recorded and no new
terms are given, the draft repeats the order as made.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from clearhold.documents import kinds
from clearhold.documents.content.common import (
    PREMISES,
    court_address,
    day,
    exemptions,
    premises,
    text,
    when,
)
from clearhold.documents.content.order_terms import (
    PENALTIES,
    TERMS,
    enforcement,
    penalties,
    terms_of,
)
from clearhold.documents.kinds import Content, DocumentKind
from clearhold.documents.templating import Obj
from clearhold.law import POWERS_IN_FORCE, UK
from clearhold.law.findings import blocks
from clearhold.law.orders import check_order_term
from clearhold.powers.forms_exemptions import AllowListForm
from clearhold.powers.models import OrderScope
from clearhold.powers.state import notice_of, order_of
from clearhold.readmodel import Reader
from clearhold.toolkit.forms import DayField

DRAFT_ORDER = {
    "reference": None,
    "premises": PREMISES,
    "court": Obj.of("name", "address", "when"),
    "applicant": None,
    "applicant_section": None,
    "order": TERMS,
    "plan": None,
    "enforcement": None,
    "penalties": PENALTIES,
}
REQUIRED = {
    "premises": "a closure order must identify the premises it closes (s.80(6)).",
    "order": "a closure order must say whom it bars, where and until when (s.80(6),(7)).",
    "enforcement": "the draft must set out the powers to enforce the order (s.85).",
    "penalties": "the draft must state the offence of breaching the order (s.86(2)).",
}
NO_NOTICE = "Issue the closure notice first: the application for an order follows it (s.80(1))."
NO_PLAN = (
    "Give the reference of the plan that shows the premises (for example “Plan 1, annexed”): "
    "the order must identify the premises exactly, not an area."
)
NO_END = "Give the end of the order: at most 3 months from the hearing (s.80(6))."
NO_PART = "Describe the part of the premises the order closes (s.80(8)(a))."
EXTENT = (("full", "The whole premises (s.80(8)(a))"), ("partial", "Part of the premises"))


class DraftOrderForm(AllowListForm):
    """The terms asked for: extent, who may still enter, the end and the plan."""

    extent = forms.ChoiceField(
        label="The order closes", choices=EXTENT, initial="full", required=False
    )
    part_description = forms.CharField(
        label="The part closed (for a partial order)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    ends_on = DayField(
        label="End of the order",
        since=POWERS_IN_FORCE,
        required=False,
        help_text="At most 3 months from the hearing (s.80(6)). Leave empty to draft the "
        "order as recorded. For example, 7 8 2025",
    )
    plan_reference = forms.CharField(
        label="Plan reference", max_length=200, help_text="For example Plan 1, annexed"
    )

    def __init__(self, *args: Any, subject: Any = None, user: Any = None, **kw: Any) -> None:
        super().__init__(*args, **kw)

    def clean(self) -> dict:
        cleaned = super().clean()
        if not self.errors:
            cleaned["exemptions"] = self.exemptions()
        return cleaned


def _asked(closure: Any, inputs: dict, starts: dt.date) -> tuple[dict[str, Any], list[str]]:
    """The terms the applicant asks for (from ``inputs``), and what is wrong with them."""
    ends_on = inputs["ends_on"]
    partial = inputs.get("extent") == "partial"
    part = str(inputs.get("part_description") or "").strip()
    allowed = exemptions(inputs.get("exemptions") or [])
    found = [f"{f.message} [{f.code}]" for f in blocks(check_order_term(starts, ends_on))]
    if partial and not part:
        found.append(NO_PART)
    terms = {
        "court": "",
        "made_on": "",
        "starts_on": day(starts),
        "ends_on": day(ends_on),
        "full": not partial,
        "scope": OrderScope.PART.label if partial else OrderScope.WHOLE.label,
        "part": part,
        "exemptions": allowed,
        "bars_all": not allowed,
    }
    return terms, found


def _court(name: str, notice: Any) -> dict[str, str]:
    """The court the order is asked of, with its address when the notice gives it."""
    name = name or text(notice.hearing_court)
    return {
        "name": name,
        "address": court_address(name, notice),
        "when": when(notice.hearing_at),
    }


def draft_order(*, subject: Any, reader: Reader, inputs: dict) -> Content:
    closure = reader.show(subject)
    title = f"Draft closure order: {text(closure.premises_description)}"
    notice = reader.show(notice_of(subject))
    if notice is None:
        return Content(title, {}, [NO_NOTICE])
    order = reader.show(order_of(subject))
    hearing_day = notice.hearing_at.astimezone(UK).date()
    blocking: list[str] = []
    if inputs.get("ends_on") is not None:
        terms, blocking = _asked(closure, inputs, hearing_day)
        terms["court"] = text(notice.hearing_court)
    elif order is not None:
        terms = terms_of(order)
    else:
        terms, blocking = {}, [NO_END]
    if not text(closure.premises_description).strip():
        blocking.append("Describe the premises on the closure: the order must identify them.")
    plan = str(inputs.get("plan_reference") or "").strip()
    if not plan:
        blocking.append(NO_PLAN)
    police = closure.body == "police"
    context = {
        "reference": f"CH-{closure.problem_id}-{closure.pk}",
        "premises": premises(closure),
        "court": _court(terms.get("court") or "", notice),
        "applicant": text(notice.issued_by.organisation),  # the body applies, not the officer
        "applicant_section": "s.80(2)(a)" if police else "s.80(2)(b)",
        "order": terms,
        "plan": plan,
        "enforcement": enforcement(closure.body),
        "penalties": penalties(hearing_day),
    }
    return Content(title, context, blocking)


def register() -> None:
    kinds.register(
        DocumentKind(
            key="draft_order",
            title="Draft closure order",
            subject="closure",
            placeholders=DRAFT_ORDER,
            build=draft_order,
            required=REQUIRED,
            form=DraftOrderForm,
            description="The order asked for, drafted for the court: premises, extent, who may "
            "still enter, its end (s.80(6),(7)), the plan, enforcement (s.85) and the offence "
            "of breach (s.86).",
        )
    )
