"""Live clocks where people look: the problem page, the dashboard and the calendar feed.

Registered with the problems app's section registry (``problems.sections``) when the app is
ready. Overdue clocks and those due within 24 hours come first, so the one deadline that never
pauses — the hearing within 48 hours of service — cannot be missed on any page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from django.utils import timezone

from clearhold.authz import can
from clearhold.law import instant
from clearhold.powers.clocks import Clock, live_clocks
from clearhold.powers.models import Closure
from clearhold.powers.operation_clocks import (
    URGENCY,
    TimelineRow,
    same_deadlines,
    timeline,
)
from clearhold.powers.operation_premises import premises_name
from clearhold.powers.permissions import PEOPLE_VIEW, POWERS_RECORD, POWERS_VIEW
from clearhold.powers.state import status, with_state
from clearhold.problems.dashboard import my_problems
from clearhold.problems.sections import CalendarEntry, Section, add_calendar_source, add_section
from clearhold.readmodel import Reader
from clearhold.toolkit.ordering import in_order

URGENT = ("overdue", "conflict", "due_soon")


def _rows(reader: Reader, closures, now: dt.datetime) -> list[dict[str, Any]]:
    rows = []
    for closure in closures:
        clocks = live_clocks(closure, now)
        rows.append(
            {
                "closure": reader.show(closure),
                "status": status(closure, now),
                "clocks": clocks,
                "urgent": [c for c, state in clocks if state in URGENT],
            }
        )
    return rows


def problem_section(*, problem: Any, user: Any, reader: Reader | None = None) -> dict[str, Any]:
    """The problem's closures and their live clocks, each closure as the page's reader shows
    it."""
    if not can(user, POWERS_VIEW, problem):
        return {"closures": [], "visible": False}
    reader = reader or Reader(user, log=False)
    now = timezone.now()
    closures = with_state(problem.closures.order_by(), problem_known=True, clocks_only=True)
    return {
        "visible": True,
        "problem": reader.show(problem),
        "closures": _rows(reader, in_order(closures, "-created_at", "-id"), now),  # newest first
        "may_open": can(user, POWERS_RECORD, problem) and problem.sites.exists(),
        "may_see_people": can(user, PEOPLE_VIEW, problem),
    }


def my_closures(*, user: Any):
    """The closures on the user's problems, with what their clocks read fetched in bulk."""
    return with_state(Closure.objects.filter(problem__in=my_problems(user=user)))


def _urgency(state: str, clock: Clock) -> tuple[int, dt.datetime]:
    """Overdue and conflicting first, then due within 24 hours, then the rest; by time."""
    return (URGENCY[state], instant(clock.due))


def _operation_line(rows: list[TimelineRow]) -> dict[str, Any]:
    """One dashboard line for an operation: its most pressing deadline, how many premises
    share it, and every deadline of its premises to expand."""
    first = min(rows, key=lambda row: _urgency(row.state, row.clock))
    same = {
        row.closure.pk
        for row in rows
        if row.clock.key == first.clock.key and instant(row.clock.due) == instant(first.clock.due)
    }
    return {
        "operation": first.closure.operation,
        "clock": first.clock,
        "state": first.state,
        "closure": first.closure,
        "premises_due": len(same),
        "premises": len({row.closure.pk for row in rows}),
        "deadlines": same_deadlines(rows),
    }


def dashboard_section(*, user: Any, reader: Reader | None = None) -> dict[str, Any]:
    """Every live clock of the closures on the user's problems, the most urgent first; the
    closures of an operation make one line (expandable), not one line per premises. The
    clocks are worked out on the records; the template gets each closure as ``reader``
    shows it."""
    reader = reader or Reader(user, log=False)
    now = timezone.now()
    closures = list(my_closures(user=user))
    reader.associated([closure.problem for closure in closures])  # my_problems: problem_list's
    single = timeline([c for c in closures if c.operation_id is None], now)
    clocks = [
        {"closure": reader.show(r.closure), "clock": r.clock, "state": r.state} for r in single
    ]
    by_operation: dict[int, list[TimelineRow]] = {}
    for row in timeline([c for c in closures if c.operation_id is not None], now):
        shown = replace(row, closure=reader.show(row.closure))
        by_operation.setdefault(row.closure.operation_id, []).append(shown)
    lines = [_operation_line(rows) for rows in by_operation.values()]
    entries = sorted([*clocks, *lines], key=lambda e: _urgency(e["state"], e["clock"]))
    return {"closure_clocks": entries}


def calendar_source(*, user: Any, reader: Reader | None = None):
    """One event per premises per deadline: each premises has its own clock in law, and a
    stable UID per premises and clock lets a calendar move just the one event when that
    premises' service (and so its deadline) is corrected. One event per distinct deadline
    would change its UID, and leave stale events, whenever one premises left the group. The
    operation's name leads the summary and is the event's category, so a calendar can file
    and filter an operation's 49 events together."""
    reader = reader or Reader(user, log=False)
    now = timezone.now()
    records = list(my_closures(user=user))
    reader.associated([record.problem for record in records])  # my_problems are problem_list's
    for record in records:
        closure = reader.show(record)
        operation = closure.operation.name if record.operation_id else ""
        premises = premises_name(closure) if operation else closure.premises_description
        for clock, state in live_clocks(record, now):
            late = state == "conflict"
            yield CalendarEntry(
                uid=f"closure-{closure.pk}-{clock.key}",
                at=clock.day if clock.date_only else clock.due,
                summary=("CONFLICT – Hearing booked too late – " if late else "")
                + (f"{operation}: " if operation else "")
                + f"{clock.label}: {premises}",
                description=(
                    (f"{clock.conflict}\n" if late else "")
                    + f"{clock.label} ({clock.section}): {clock.shown}.\n"
                    + (f"Operation: {operation}\n" if operation else "")
                    + f"Premises: {closure.premises_description}\n"
                    f"Problem: {closure.problem.title}\n{clock.note}"
                ).strip(),
                url=closure.get_absolute_url(),
                colour="red" if late else "",
                categories=(operation,) if operation else (),
            )


def register() -> None:
    add_section(Section("problem", "powers/live/problem_section.html", problem_section))
    add_section(Section("dashboard", "powers/live/dashboard_section.html", dashboard_section))
    add_calendar_source(calendar_source)
