"""The court application to extend a closure order (s.82).

A complaint to a magistrates' court, generated from a recorded application to extend (whose law
checks, including the 6-month cap and the consultee, already ran), on the test of s.82(3) with
the evidence from the period of the order. It holds what the application for the order holds
(``court.application_common``: parties, grounds, evidence, breaches of the order, service,
plan), the order as it stood when the extension was applied for, the consultee consulted, who
may be summoned, and says the extension was decided only when a decision is recorded.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from clearhold.documents import kinds
from clearhold.documents.content import court_record as record
from clearhold.documents.content.common import day, exemptions, text, when
from clearhold.documents.content.court import COMMON, ApplicationForm, application_common
from clearhold.documents.kinds import Content, DocumentKind
from clearhold.documents.templating import ListOf, Obj
from clearhold.law import end_of_day
from clearhold.powers.models import EngagementKind
from clearhold.powers.state import notice_of, order_consultee, order_of
from clearhold.readmodel import Reader

EXTENSION_GROUNDS = {
    "paragraph": "s.82(3)({})",
    "a": "disorderly, offensive or criminal behaviour on the premises",
    "b": "serious nuisance to members of the public resulting from the use of the premises",
    "c": "disorder near the premises associated with the use of the premises",
}
EXTENSION_TEST = (
    "The applicant is satisfied on reasonable grounds that it is necessary for the period of "
    "the order to be extended to prevent the occurrence, recurrence or continuance of"
)
EXTENSION_COURT = (
    "If the court is satisfied as mentioned in s.82(3)(a), (b) or (c), it may extend the period "
    "of the order by a period not exceeding 3 months (s.82(7))."
)

EXTENSION_APPLICATION = {
    **COMMON,
    "order": Obj.of("made_on", "court", "starts_on", "ends_on"),
    "extension": Obj.of("applied_on", "new_ends_on", "consultee", "decision"),
    "summoned": ListOf(Obj.of("name", "why")),
    "court_test": None,
}

RECORD_EXTENSION_FIRST = (
    "Record the application to extend on the closure page first: ClearHold checks it against "
    "s.82 there (inspector rank, consultee, 6-month cap)."
)


def _end_before(order: Any, extension: Any) -> dt.date:
    """The order's end as it stood when ``extension`` was applied for: extensions granted
    before then count, this one (and any later) never does."""
    granted = [
        e.new_ends_on
        for e in order.extensions.all()
        if e.pk != extension.pk and e.granted_on and e.granted_on <= extension.applied_on
    ]
    return max([order.ends_on, *granted])


def _decision(extension: Any) -> str:
    if extension.granted_on:
        return f"granted by the court on {day(extension.granted_on)}"
    if extension.refused_on:
        return f"refused by the court on {day(extension.refused_on)}"
    return "awaiting the court's decision"


def extension_application(*, subject: Any, reader: Reader, inputs: dict) -> Content:
    closure = reader.show(subject)
    order = order_of(closure)
    title = f"Application to extend the closure order: {closure.premises_description}"
    extension = order.extensions.order_by("-applied_on", "-id").first() if order else None
    if order is None or extension is None:
        return Content(title, {}, [RECORD_EXTENSION_FIRST])
    window = (order.starts_on, extension.applied_on)
    context, blocking, warnings = application_common(
        subject, reader, inputs, EXTENSION_GROUNDS, window
    )
    notice = notice_of(closure)
    context["necessity"] = EXTENSION_TEST + " the behaviour, nuisance or disorder above."
    context["court_test"] = EXTENSION_COURT
    context["consultation"] = _extension_consultation(closure, extension.applied_on)
    context["order"] = {
        "made_on": day(order.made_on),
        "court": text(order.court),
        "starts_on": day(order.starts_on),
        "ends_on": day(_end_before(order, extension)),
    }
    context["extension"] = {
        "applied_on": day(extension.applied_on),
        "new_ends_on": day(extension.new_ends_on),
        "consultee": text(extension.consultee) or order_consultee(closure),
        "decision": _decision(extension),
    }
    context["exemptions"] = exemptions(order.exemptions)
    context["summoned"] = record.summoned(closure, notice)
    extra = [
        "The closure order and its allow-list",
        "The record of consulting the appropriate consultee (s.82(3),(4))",
    ]
    if context["breaches"]:
        extra.append("The record of breaches of the order seen during its period")
    prefix = record.initials(context["applicant"]["name"])
    context["exhibits"] = record.exhibits(prefix, notice, context["evidence"], extra)
    return Content(title, context, blocking, warnings)


def _extension_consultation(closure: Any, applied_on: dt.date) -> list[dict[str, str]]:
    """The consultee consulted about the extension (s.82(3),(4)), up to the day of applying."""
    return [
        {"what": e.get_kind_display(), "who": text(e.who), "at": when(e.at), "detail": text(e.how)}
        for e in closure.engagements.all()
        if e.kind == EngagementKind.CONSULT_EXTENSION and e.at <= end_of_day(applied_on)
    ]


class ExtensionApplicationForm(ApplicationForm):
    """Grounds (s.82(3)), evidence and statement; the new end comes from the recorded
    application."""

    grounds = forms.MultipleChoiceField(
        label="Grounds (s.82(3)) — choose every one the evidence supports",
        choices=[
            (k, f"({k}) {EXTENSION_GROUNDS[k][0].upper()}{EXTENSION_GROUNDS[k][1:]}") for k in "abc"
        ],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one ground under s.82(3)."},
    )


def register() -> None:
    kinds.register(
        DocumentKind(
            key="extension_application",
            title="Court application to extend a closure order",
            subject="closure",
            placeholders=EXTENSION_APPLICATION,
            build=extension_application,
            form=ExtensionApplicationForm,
            description="The complaint under s.82 from the recorded application to extend, with "
            "the evidence from the order's period and who may be summoned.",
        )
    )
