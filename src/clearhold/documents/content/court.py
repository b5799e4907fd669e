"""The court application for a closure order (s.80) and for its extension (s.82).

The officer chooses the grounds of s.80(5) and writes the statement of the evidence; ClearHold
adds what the record already proves — the incidents at the premises in the year before the
notice, the consultation and informing log (s.76(6),(7)), the service log (s.79) and the
proposed allow-list — so the application and its evidence cannot disagree. The proposed end is
checked against s.80(6) on the form; an extension application is generated from a recorded
application (whose law checks, including the 6-month cap and the consultee, already ran).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django import forms

from clearhold.documents import kinds
from clearhold.documents.content.bundle import incidents_at
from clearhold.documents.content.common import (
    EXEMPTIONS,
    PERSON,
    PREMISES,
    day,
    exemptions,
    person,
    premises,
    text,
    when,
)
from clearhold.documents.content.plan import site_plan
from clearhold.documents.kinds import Content, DocumentKind
from clearhold.documents.templating import ListOf, Obj
from clearhold.law import UK
from clearhold.law.findings import blocks
from clearhold.law.orders import check_order_term
from clearhold.powers.models import EngagementKind
from clearhold.powers.state import notice_of, order_consultee, order_of
from clearhold.problems.objectives import CATEGORY_LABELS
from clearhold.readmodel import Reader

GROUNDS = {
    "a": "a person has engaged, or (if the order is not made) is likely to engage, in "
    "disorderly, offensive or criminal behaviour on the premises",
    "b": "the use of the premises has resulted, or (if the order is not made) is likely to "
    "result, in serious nuisance to members of the public",
    "c": "there has been, or (if the order is not made) is likely to be, disorder near those "
    "premises associated with the use of those premises",
}
NECESSITY = (
    "and that the order is necessary to prevent the behaviour, nuisance or disorder from "
    "continuing, recurring or occurring (s.80(5))."
)

LOG = ListOf(Obj.of("what", "who", "at", "detail"))
COMMON = {
    "reference": None,
    "premises": PREMISES,
    "applicant": PERSON,
    "court": Obj.of("name", "when"),
    "grounds": ListOf(Obj.of("paragraph", "text")),
    "necessity": None,
    "statement": None,
    "evidence": Obj.of("period", "total", "by_category", "by_month"),
    "exemptions": EXEMPTIONS,
    "consultation": LOG,
    "service": LOG,
    "plan": Obj.of("png", "caption"),
}
ORDER_APPLICATION = {**COMMON, "proposed": Obj.of("starts", "ends", "scope", "bars_residents")}
EXTENSION_APPLICATION = {
    **COMMON,
    "order": Obj.of("made_on", "court", "starts_on", "ends_on"),
    "extension": Obj.of("applied_on", "new_ends_on", "consultee", "status"),
}


RECORD_EXTENSION_FIRST = (
    "Record the application to extend on the closure page first: ClearHold checks it against "
    "s.82 there (inspector rank, consultee, 6-month cap)."
)


class ApplicationForm(forms.Form):
    """The officer's part of the application: grounds, statement and, for an order, its term."""

    grounds = forms.MultipleChoiceField(
        label="Grounds (s.80(5)) — choose every one the evidence supports",
        choices=[(k, f"({k}) {text[0].upper()}{text[1:]}") for k, text in GROUNDS.items()],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one ground under s.80(5)."},
    )
    statement = forms.CharField(
        label="Statement of the evidence",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="What happened, who saw it, and why closure is necessary. Hearsay is "
        "admissible and goes to weight.",
    )

    def __init__(self, *args: Any, subject: Any = None, user: Any = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.closure = subject


class OrderApplicationForm(ApplicationForm):
    proposed_ends_on = forms.DateField(
        label="Proposed end of the order",
        help_text="At most 3 months from the hearing (s.80(6)). For example, 7 8 2025.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_proposed_ends_on(self) -> dt.date:
        ends_on = self.cleaned_data["proposed_ends_on"]
        starts = _hearing_day(self.closure)
        if starts is not None:
            found = blocks(check_order_term(starts, ends_on))
            if found:
                raise forms.ValidationError([f"{f.message} [{f.code}]" for f in found])
        return ends_on


def _hearing_day(closure: Any) -> dt.date | None:
    notice = notice_of(closure) if closure is not None else None
    return notice.hearing_at.astimezone(UK).date() if notice and notice.hearing_at else None


def _evidence(closure: Any, until: dt.date) -> dict[str, Any]:
    """Incidents at the site in the 12 months before ``until``, by category and month."""
    since = dt.date(until.year - 1, until.month, 1)
    by_category: Counter = Counter()
    by_month: Counter = Counter()
    for row in incidents_at([closure.site], since, until):
        by_category[CATEGORY_LABELS.get(row.category, row.category)] += 1
        by_month[row.month] += 1
    return {
        "period": f"{since:%B %Y} to {until:%B %Y}",
        "total": sum(by_category.values()),
        "by_category": [{"category": c, "count": n} for c, n in by_category.most_common()],
        "by_month": [{"month": f"{m:%B %Y}", "count": by_month[m]} for m in sorted(by_month)],
    }


def _plan(subject: Any, closure: Any) -> dict[str, str]:
    """The plan of the premises: the site's outline (read from the record as recorded) named
    as the shown closure describes the premises."""
    plan = site_plan([subject.site], text(closure.premises_description))
    return {"png": plan["png"], "caption": plan["caption"]}


def _logs(closure: Any, notice: Any, kinds_of: set[str] | None = None) -> dict[str, list]:
    """The consultation and service logs of a shown closure and its shown notice."""
    consultation = [
        {"what": e.get_kind_display(), "who": text(e.who), "at": when(e.at), "detail": text(e.how)}
        for e in closure.engagements.all()
        if kinds_of is None or e.kind in kinds_of
    ]
    service = [
        {
            "what": s.get_act_display(),
            "who": person(s.served_by)["name"],
            "at": when(s.served_at),
            "detail": text(s.detail),
        }
        for s in (notice.service.select_related("served_by") if notice else [])
    ]
    return {"consultation": consultation, "service": service}


def _common(subject: Any, reader: Reader, inputs: dict) -> tuple[dict[str, Any], list[str]]:
    closure = reader.show(subject)
    notice = notice_of(closure)
    blocking: list[str] = []
    if notice is None:
        return {}, ["Issue the closure notice first: the application follows it (s.80(1))."]
    chosen = inputs.get("grounds") or []
    if not chosen:
        blocking.append("Choose at least one ground under s.80(5).")
    if not str(inputs.get("statement", "")).strip():
        blocking.append("Write the statement of the evidence.")
    context = {
        "reference": f"CH-{closure.problem_id}-{closure.pk}",
        "premises": premises(closure),
        "applicant": person(reader.show(reader.user, within=subject.problem), closure.body),
        "court": {"name": text(notice.hearing_court), "when": when(notice.hearing_at)},
        "grounds": [{"paragraph": f"s.80(5)({k})", "text": GROUNDS[k]} for k in chosen],
        "necessity": NECESSITY,
        "statement": str(inputs.get("statement", "")).strip(),
        "evidence": _evidence(subject, notice.issued_at.astimezone(UK).date()),
        "exemptions": exemptions(notice.exemptions),
        **_logs(closure, notice),
        "plan": _plan(subject, closure),
    }
    return context, blocking


def order_application(*, subject: Any, reader: Reader, inputs: dict) -> Content:
    closure = reader.show(subject)
    context, blocking = _common(subject, reader, inputs)
    if not context:
        return Content("Application for a closure order", {}, blocking)
    ends_on = inputs.get("proposed_ends_on")
    starts = _hearing_day(closure)
    context["proposed"] = {
        "starts": day(starts),
        "ends": day(ends_on),
        "scope": "the whole of the premises",
        "bars_residents": False,
    }
    if ends_on is None:
        blocking.append("Give the proposed end of the order (at most 3 months, s.80(6)).")
    elif starts is not None:
        blocking += [f"{f.message} [{f.code}]" for f in blocks(check_order_term(starts, ends_on))]
    return Content(f"Application for a closure order: {closure.premises_description}", context,
                   blocking)  # fmt: skip


def extension_application(*, subject: Any, reader: Reader, inputs: dict) -> Content:
    closure = reader.show(subject)
    context, blocking = _common(subject, reader, inputs)
    order = order_of(closure)
    title = f"Application to extend the closure order: {closure.premises_description}"
    if not context:
        return Content(title, {}, blocking)
    extension = order.extensions.order_by("-applied_on", "-id").first() if order else None
    if order is None or extension is None:
        return Content(
            title,
            context,
            [*blocking, RECORD_EXTENSION_FIRST],
        )
    context |= _logs(closure, notice_of(closure), {EngagementKind.CONSULT_EXTENSION})
    context["order"] = {
        "made_on": day(order.made_on),
        "court": order.court,
        "starts_on": day(order.starts_on),
        "ends_on": day(order.current_ends_on()),
    }
    status = "granted" if extension.granted_on else "refused" if extension.refused_on else "pending"
    context["extension"] = {
        "applied_on": day(extension.applied_on),
        "new_ends_on": day(extension.new_ends_on),
        "consultee": extension.consultee or order_consultee(closure),
        "status": status,
    }
    context["exemptions"] = exemptions(order.exemptions)
    return Content(title, context, blocking)


class ExtensionApplicationForm(ApplicationForm):
    """Grounds and statement; the new end comes from the recorded application."""


def register() -> None:
    kinds.register(
        DocumentKind(
            key="court_application",
            title="Court application for a closure order",
            subject="closure",
            placeholders=ORDER_APPLICATION,
            build=order_application,
            form=OrderApplicationForm,
            description="The application under s.80 with its grounds, evidence, proposed "
            "allow-list and the consultation and service logs.",
        )
    )
    kinds.register(
        DocumentKind(
            key="extension_application",
            title="Court application to extend a closure order",
            subject="closure",
            placeholders=EXTENSION_APPLICATION,
            build=extension_application,
            form=ExtensionApplicationForm,
            description="The application under s.82 from the recorded application to extend.",
        )
    )
