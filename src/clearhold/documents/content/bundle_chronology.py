"""The evidence bundle's chronology: everything dated on the problem, oldest first, up to the
bundle's "as at" moment (``bundle_as_at``): incidents and enforcement steps as monthly totals,
actions, meetings, reviews (with the day their figures were frozen), informing and consulting,
the notice and its service, hearings, the order, appeals and breaches."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from clearhold.audit.history import NOT_KNOWN, field_as_at
from clearhold.documents.content.bundle_as_at import AsAt
from clearhold.documents.content.common import clock, day, seen, text
from clearhold.incidents.models import Incident
from clearhold.law import UK
from clearhold.law.enforcement import STEP_LABELS
from clearhold.powers.models import AppealOutcome, Breach
from clearhold.powers.people import BREACH_LABELS
from clearhold.powers.state import notice_of, order_of
from clearhold.problems.models import ActionStatus

CATEGORY_LABELS = dict(Incident._meta.get_field("category").choices)
MONTHLY = ("Incidents", "Enforcement")
STATUS_LABELS = dict(ActionStatus.choices)


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class Entry:
    """One line of the chronology; ``at`` orders the lines of one day."""

    on: dt.date
    date: str
    kind: str
    what: str
    detail: str = ""
    at: dt.time = dt.time(0)
    moment: dt.datetime | None = None  # the exact time, where the record has one

    def as_dict(self) -> dict[str, str]:
        return {"date": self.date, "kind": self.kind, "what": self.what, "detail": self.detail}


def moment(at: dt.datetime) -> str:
    """“5 May 2025, 2:00pm BST” in UK time, with its zone: short enough for a table cell."""
    return f"{at.astimezone(UK):%-d %B %Y}, {clock(at)}"


def _dated(on: dt.datetime | dt.date, kind: str, what: str, detail: str = "") -> Entry:
    if isinstance(on, dt.datetime):
        local = on.astimezone(UK)
        return Entry(local.date(), moment(on), kind, what, detail, local.time(), on)
    return Entry(on, day(on), kind, what, detail)


def _incident_entries(rows: list, where: str) -> list[Entry]:
    by_month: dict[dt.date, Counter] = defaultdict(Counter)
    for row in rows:
        by_month[row.month][row.category] += 1
    return [
        Entry(
            month,
            f"{month:%B %Y}",
            "Incidents",
            f"{plural(sum(counts.values()), 'incident')} at {where}",
            ", ".join(f"{CATEGORY_LABELS.get(c, c)} {n}" for c, n in counts.most_common()),
        )
        for month, counts in by_month.items()
    ]


def status_as_at(action: Any, as_at: AsAt) -> str:
    """The action's status as the audit trail shows it stood at ``as_at``; where the trail holds
    none by then, it says so rather than give today's status."""
    status = field_as_at(action, "status", as_at.moment)
    if status is NOT_KNOWN:
        return f"status after {day(as_at.last_day)} not shown"
    return str(STATUS_LABELS.get(status, status)).lower()


def _problem_entries(problem: Any, as_at: AsAt) -> list[Entry]:
    entries = [_dated(problem.start_date, "Problem", "Problem opened", text(problem.title))]
    for action in problem.actions.select_related("owner_organisation"):
        entries.append(
            _dated(
                action.due_date,
                "Action",
                f"Action due: {action.title}",
                f"{action.get_layer_display()}, {action.owner_organisation}, "
                f"{status_as_at(action, as_at)}",
            )
        )
    for meeting in problem.meetings.all():
        entries.append(
            _dated(meeting.date, "Meeting", "Partnership meeting", text(meeting.decisions))
        )
    for review in problem.reviews.exclude(completed_at=None):
        frozen = _frozen_on(review)
        entries.append(
            _dated(
                review.completed_at,
                "Review",
                f"{review.months}-month review completed",
                f"{review.get_decision_display()}. Figures frozen as at {day(frozen)}."
                if frozen
                else review.get_decision_display(),
            )
        )
    return entries


def _notice_entries(closure: Any) -> list[Entry]:
    notice = notice_of(closure)
    if notice is None:
        return []
    premises = text(closure.premises_description)
    entries = [
        _dated(notice.issued_at, "Closure", f"{notice.hours}-hour closure notice issued", premises)
    ]
    for event in notice.service.all():
        entries.append(
            _dated(
                event.served_at,
                "Service",
                f"{event.get_document_display()} served",
                f"{event.get_act_display()}. {text(event.detail)}".strip(),
            )
        )
    if notice.extension_issued_at:
        entries.append(
            _dated(
                notice.extension_issued_at,
                "Closure",
                f"Notice extended by {notice.extension_hours} hours (s.77(4))",
                premises,
            )
        )
    if notice.cancelled_at:
        entries.append(
            _dated(
                notice.cancelled_at,
                "Closure",
                "Notice cancelled (s.78(2))",
                text(notice.cancellation_reason),
            )
        )
    if notice.varied_at:
        entries.append(
            _dated(
                notice.varied_at, "Closure", "Notice varied (s.78(3))", text(notice.part_removed)
            )
        )
    return entries


def _appeal_outcome(appeal: Any, as_at: AsAt) -> str:
    """The appeal's outcome as it stood at ``as_at``: pending until it was concluded."""
    if appeal.concluded_on and as_at.holds(appeal.concluded_on):
        return appeal.get_outcome_display()
    return AppealOutcome.PENDING.label


def _court_entries(closure: Any, as_at: AsAt) -> list[Entry]:
    entries = [
        _dated(h.heard_at, "Court", f"Hearing at {h.court}", h.get_outcome_display())
        for h in closure.hearings.all()
    ]
    order = order_of(closure)
    if order is not None:
        kind = "Partial" if order.partial else "Full"
        entries.append(
            _dated(
                order.made_on,
                "Court",
                f"{kind} closure order made by {order.court}",
                f"In force until {day(order.current_ends_on(as_of=as_at.last_day))}",
            )
        )
        for extension in order.extensions.all():
            decided = extension.granted_on or extension.refused_on
            if decided:
                verdict = "granted" if extension.granted_on else "refused"
                entries.append(
                    _dated(
                        decided,
                        "Court",
                        f"Extension of the order {verdict} (s.82)",
                        f"To {day(extension.new_ends_on)}",
                    )
                )
        if order.discharged_on and as_at.holds(order.discharged_on):
            entries.append(_dated(order.discharged_on, "Court", "Order discharged (s.83)"))
    for appeal in closure.appeals.all():
        entries.append(
            _dated(
                appeal.lodged_on,
                "Court",
                "Appeal lodged (s.84)",
                f"Against {appeal.get_against_display().lower()}: {_appeal_outcome(appeal, as_at)}",
            )
        )
    return entries


def _closure_entries(closure: Any, as_at: AsAt) -> list[Entry]:
    entries = [
        _dated(
            e.at,
            "Informed" if e.kind.startswith("inform") else "Consulted",
            e.get_kind_display(),
            text(e.who),
        )
        for e in closure.engagements.all()
    ]
    entries += _notice_entries(closure) + _court_entries(closure, as_at)
    for breach in closure.breaches.all():
        entries.append(
            _dated(
                breach.occurred_at,
                "Breach",
                BREACH_LABELS.get(breach.breach_of, breach.get_breach_of_display()),
                breach_detail(breach),
            )
        )
    return entries


def breach_detail(breach: Breach) -> str:
    where = text(breach.place) or text(breach.closure.premises_description)
    return f"{where}: {seen(breach)}" + (" Arrest made." if breach.arrest else "")


def _enforcement_entries(steps: list[tuple[str, dt.date]]) -> list[Entry]:
    """Enforcement steps by month and kind, without names (the people are personal data)."""
    by_month: dict[dt.date, Counter] = defaultdict(Counter)
    for kind, on in steps:
        by_month[on.replace(day=1)][kind] += 1
    return [
        Entry(
            month,
            f"{month:%B %Y}",
            "Enforcement",
            f"{plural(sum(counts.values()), 'enforcement step')} taken",
            ", ".join(f"{STEP_LABELS[k]} {n}" for k, n in counts.most_common()),
        )
        for month, counts in by_month.items()
    ]


def _frozen_on(review: Any) -> dt.date | None:
    """The day a completed review's figures were frozen (``problems.reviews``)."""
    snapshot = review.snapshot or {}
    as_of = snapshot.get("as_of") if isinstance(snapshot, dict) else None
    return dt.date.fromisoformat(as_of) if as_of else None


def _held(entry: Entry, as_at: AsAt) -> bool:
    if entry.kind in MONTHLY:  # totals of rows and steps already cut at the as-at day
        return True
    return as_at.holds(entry.moment or entry.on)


def chronology_of(
    problem: Any,
    closures: list,
    rows: list,
    where: str,
    steps: list[tuple[str, dt.date]],
    as_at: AsAt,
) -> list[Entry]:
    """Everything dated on the (shown) problem up to ``as_at``, oldest first; a month's totals
    open the month."""
    entries = _incident_entries(rows, where) + _problem_entries(problem, as_at)
    for closure in closures:
        entries += _closure_entries(closure, as_at)
    return _in_order(entries + _enforcement_entries(steps), as_at)


def premises_chronology(closure: Any, rows: list, as_at: AsAt) -> list[Entry]:
    """One premises' own chronology up to ``as_at``: its incidents by month, and its
    informing, notice, service, hearings, order and breaches (a listing's bundle gives the
    problem's actions and meetings once, not once per premises)."""
    entries = _incident_entries(rows, "the premises") + _closure_entries(closure, as_at)
    return _in_order(entries, as_at)


def _in_order(entries: list[Entry], as_at: AsAt) -> list[Entry]:
    """The entries held by ``as_at``, oldest first; a month's totals open the month."""
    kept = [e for e in entries if _held(e, as_at)]
    return sorted(kept, key=lambda e: (e.on, e.kind not in MONTHLY, e.at))
