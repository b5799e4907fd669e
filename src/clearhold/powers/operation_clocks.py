"""One timeline for an operation: the live clocks of every premises, earliest deadline first.

Each closure of an operation keeps its own clocks (its own service starts its own 48 hours,
s.80(3)), so the timeline keeps one row per premises per deadline. Premises served together
share deadlines; ``same_deadlines`` gathers rows with the same clock falling at the same
instant under one heading ("10 premises: Application heard by 15:30 on 4 July 2023"), so the
page reads as the operation works without hiding any premises.

The clocks are computed from facts read once for all the closures (``state.with_state``), so
a page of 49 premises asks the database as often as a page of one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from clearhold.law import instant
from clearhold.powers.clocks import Clock, live_clocks
from clearhold.powers.models import Closure, Operation
from clearhold.powers.operation_premises import premises_name
from clearhold.powers.state import with_state

#: The related rows ``closure_clocks`` reads, fetched in one query each for many closures.
#: The most pressing state of a group decides its tag.
URGENCY = {"overdue": 0, "conflict": 0, "due_soon": 1, "upcoming": 2}


@dataclass(frozen=True)
class TimelineRow:
    """One live clock of one premises of the operation."""

    closure: Any  # a Closure, or a Closure as a Reader shows it
    clock: Clock
    state: str

    @property
    def premises(self) -> str:
        return premises_name(self.closure)


@dataclass
class SameDeadline:
    """Rows whose clock is the same deadline at the same instant, for one heading."""

    clock: Clock
    rows: list[TimelineRow] = field(default_factory=list)

    @property
    def state(self) -> str:
        return min((row.state for row in self.rows), key=URGENCY.__getitem__)

    @property
    def heading(self) -> str:
        count = len(self.rows)
        who = f"{count} premises" if count > 1 else self.rows[0].premises
        return f"{who}: {self.clock.label} {self.clock.shown}"


def timeline(closures: list[Closure], now: dt.datetime) -> list[TimelineRow]:
    """The live clocks of ``closures``, earliest deadline first (then walking order)."""
    rows = [
        TimelineRow(closure, clock, state)
        for closure in closures
        for clock, state in live_clocks(closure, now)
    ]
    rows.sort(key=lambda row: (instant(row.clock.due), row.closure.route_position, row.closure.pk))
    return rows


def operation_timeline(operation: Operation, now: dt.datetime) -> list[TimelineRow]:
    """The live clocks of every closure of ``operation``, earliest deadline first."""
    closures = with_state(operation.closures.all())
    return timeline(list(closures), now)


def same_deadlines(rows: list[TimelineRow]) -> list[SameDeadline]:
    """``rows`` (in timeline order) gathered under one heading per deadline and instant."""
    groups: dict[tuple[str, dt.datetime], SameDeadline] = {}
    for row in rows:
        key = (row.clock.key, instant(row.clock.due))
        groups.setdefault(key, SameDeadline(row.clock)).rows.append(row)
    return list(groups.values())


def timeline_context(
    operation: Operation, now: dt.datetime, show: Callable[[Any], Any] = lambda record: record
) -> dict[str, Any]:
    """What ``powers/operation/_clocks.html`` needs: ``operation`` and ``deadlines`` (the
    clocks computed on the records, the closures handed out through ``show``, a page's
    ``Reader.show``)."""
    rows = [replace(row, closure=show(row.closure)) for row in operation_timeline(operation, now)]
    return {"operation": operation, "deadlines": same_deadlines(rows)}
