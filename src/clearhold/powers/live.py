"""Live clocks where people look: the problem page, the dashboard and the calendar feed.

Registered with the problems app's section registry (``problems.sections``) when the app is
ready. Overdue clocks and those due within 24 hours come first, so the one deadline that never
pauses — the hearing within 48 hours of service — cannot be missed on any page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from clearhold.authz import can
from clearhold.law import instant
from clearhold.powers.clocks import live_clocks
from clearhold.powers.models import Closure
from clearhold.powers.permissions import PEOPLE_VIEW, POWERS_RECORD, POWERS_VIEW
from clearhold.powers.state import status, with_state
from clearhold.problems.dashboard import my_problems
from clearhold.problems.sections import CalendarEntry, Section, add_calendar_source, add_section

URGENT = ("overdue", "conflict", "due_soon")


def _rows(closures, now: dt.datetime) -> list[dict[str, Any]]:
    rows = []
    for closure in closures:
        clocks = live_clocks(closure, now)
        rows.append(
            {
                "closure": closure,
                "status": status(closure, now),
                "clocks": clocks,
                "urgent": [c for c, state in clocks if state in URGENT],
            }
        )
    return rows


def problem_section(*, problem: Any, user: Any) -> dict[str, Any]:
    if not can(user, POWERS_VIEW, problem):
        return {"closures": [], "visible": False}
    now = timezone.now()
    closures = with_state(Closure.objects.filter(problem=problem).select_related("site"))
    return {
        "visible": True,
        "problem": problem,
        "closures": _rows(closures, now),
        "may_open": can(user, POWERS_RECORD, problem) and problem.sites.exists(),
        "may_see_people": can(user, PEOPLE_VIEW, problem),
    }


def my_closures(*, user: Any):
    return with_state(
        Closure.objects.filter(problem__in=my_problems(user=user)).select_related("problem", "site")
    )


def dashboard_section(*, user: Any) -> dict[str, Any]:
    """Every live clock of the closures on the user's problems, the most urgent first."""
    now = timezone.now()
    clocks = [
        {"closure": closure, "clock": clock, "state": state}
        for closure in my_closures(user=user)
        for clock, state in live_clocks(closure, now)
    ]
    order = {"overdue": 0, "conflict": 0, "due_soon": 1, "upcoming": 2}
    clocks.sort(key=lambda row: (order[row["state"]], instant(row["clock"].due)))
    return {"closure_clocks": clocks}


def calendar_source(*, user: Any):
    now = timezone.now()
    for closure in my_closures(user=user):
        for clock, state in live_clocks(closure, now):
            late = state == "conflict"
            yield CalendarEntry(
                uid=f"closure-{closure.pk}-{clock.key}",
                at=clock.day if clock.date_only else clock.due,
                summary=("CONFLICT – Hearing booked too late – " if late else "")
                + f"{clock.label}: {closure.premises_description}",
                description=(
                    (f"{clock.conflict}\n" if late else "")
                    + f"{clock.label} ({clock.section}): {clock.shown}.\n"
                    f"Problem: {closure.problem.title}\n{clock.note}"
                ).strip(),
                url=closure.get_absolute_url(),
                colour="red" if late else "",
            )


def register() -> None:
    add_section(Section("problem", "powers/live/problem_section.html", problem_section))
    add_section(Section("dashboard", "powers/live/dashboard_section.html", dashboard_section))
    add_calendar_source(calendar_source)
