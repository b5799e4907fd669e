"""The evidence bundle's logs, each cut at the bundle's "as at" moment (``bundle_as_at``): who
was informed and consulted, what households said, how the notice was served, the breaches, the
enforcement steps, and (personal data, only when asked for) the people under enforcement."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from clearhold.documents.content.bundle_as_at import AsAt
from clearhold.documents.content.bundle_chronology import breach_detail, moment
from clearhold.documents.content.common import day, person, seen, text
from clearhold.documents.selectors import consultation_log_shown
from clearhold.law.enforcement import STEP_LABELS
from clearhold.powers.models import Breach, EnforcementStep, Person, ServiceEvent
from clearhold.powers.people import BREACH_LABELS, chronology
from clearhold.readmodel import Reader


def steps_of(problem: Any, reader: Reader, as_at: AsAt) -> list[tuple[str, dt.date]]:
    """(kind, day) of each enforcement step the reader may see (steps are restricted)."""
    found = EnforcementStep.objects.filter(person__problem=problem, on__lte=as_at.last_day)
    return [(step.kind, step.on) for step in reader.show(found) if step.kind and step.on]


def engagements(closures: list, as_at: AsAt) -> list[dict[str, str]]:
    return [
        {
            "at": moment(e.at),
            "kind": e.get_kind_display(),
            "who": text(e.who),
            "how": text(e.how),
            "premises": text(closure.premises_description),
        }
        for closure in closures
        for e in closure.engagements.filter(at__lte=as_at.moment)
    ]


def responses(problem: Any, reader: Reader, as_at: AsAt) -> list[dict[str, str]]:
    """What households said by the bundle's day, read as the consultation log's page reads it
    (``consultation_log_shown``): reasons and replies only for a maker allowed them."""
    log = consultation_log_shown(problem=problem, reader=reader, received_by=as_at.last_day)
    return [
        {
            "received_on": day(r.received_on),
            "unit": text(r.unit.name),
            "stance": r.get_stance_display(),
            "reason": text(r.reason),
            "reply_sent_on": day(r.reply_sent_on) or "No reply sent",
            "reply": text(r.reply),
        }
        for r in log.responses
    ]


def service(closures: list, reader: Reader, as_at: AsAt) -> list[dict[str, str]]:
    events = ServiceEvent.objects.filter(
        notice__closure__in=closures, served_at__lte=as_at.moment
    ).select_related("served_by", "notice__closure")
    return [
        {
            "served_at": moment(e.served_at),
            "document": e.get_document_display(),
            "act": e.get_act_display(),
            "detail": text(e.detail) + (" Entered by force (s.79(4))." if e.force_used else ""),
            "served_by": person(e.served_by)["name"],
            "premises": text(e.notice.closure.premises_description),
        }
        for e in reader.show(events)
    ]


def breaches(closures: list, reader: Reader, as_at: AsAt) -> list[dict[str, str]]:
    found = Breach.objects.filter(
        closure__in=closures, occurred_at__lte=as_at.moment
    ).select_related("closure")
    return [
        {
            "at": moment(b.occurred_at),
            "breach_of": BREACH_LABELS.get(b.breach_of, b.get_breach_of_display()),
            "place": text(b.place) or text(b.closure.premises_description),
            "seen": seen(b),
            "offence": f"{b.offence_section}: {b.max_penalty}",
            "arrest": "Yes" if b.arrest else "No",
        }
        for b in reader.show(found.order_by("occurred_at", "id"))
    ]


def enforcement(steps: list[tuple[str, dt.date]]) -> list[dict[str, Any]]:
    counts = Counter(kind for kind, _ in steps)
    return [{"step": STEP_LABELS[k], "count": n} for k, n in counts.most_common()]


def people(
    problem: Any, reader: Reader, as_at: AsAt
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The people under enforcement and each step and breach of theirs (personal data), as far
    as the reader may see them: none at all for a reader not allowed restricted data."""
    people = [p for p in reader.show(Person.objects.filter(problem=problem)) if p.name]
    listed = [
        {
            "name": text(p.name),
            "date_of_birth": day(p.date_of_birth) or "Not known",
            "description": text(p.description),
        }
        for p in people
    ]
    entries = [
        {
            "person": text(p.name),
            "date": moment(e.at) if e.at else day(e.on),
            "what": e.label,
            "details": "; ".join(x for x in (e.by, e.details, e.consequence) if x),
        }
        for p in people
        for e in chronology(p)
        if as_at.holds(e.at or e.on)
    ]
    unnamed = Breach.objects.filter(
        closure__problem=problem, person=None, occurred_at__lte=as_at.moment
    ).exclude(person_description="")
    entries += [
        {
            "person": f"Not identified: {b.person_description}",
            "date": moment(b.occurred_at),
            "what": BREACH_LABELS.get(b.breach_of, b.get_breach_of_display()),
            "details": breach_detail(b),
        }
        for b in reader.show(unnamed.select_related("closure"))
        if b.person_description
    ]
    return listed, entries
