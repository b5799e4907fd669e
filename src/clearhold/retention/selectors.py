"""Reads for retention: when each closed problem closed, and the records still holding
personal data on closed problems, as :class:`~clearhold.retention.policy.Holding` values for
the pure policy to judge.

A problem's close is the latest of two facts: the completion of a review that decided to close
it, and the audit log's record of its stage being changed to closed. A problem marked closed
with neither (loaded from elsewhere) has no known close, so nothing of it is ever due: the
dry run lists it so that someone can record the close.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Max, Q
from django.utils import timezone

from clearhold.audit.models import AuditAction, AuditEntry
from clearhold.powers.models import EnforcementStep
from clearhold.problems.models import Problem, Review, ReviewDecision, Stage
from clearhold.retention.policy import Disposal, Holding, Rule
from clearhold.retention.records import KINDS, RecordKind

UNKNOWN_CLOSE = "the problem is marked closed but its close date is not recorded"
UNTIL_FURTHER_ORDER = "an order against the person lasts until further order"


def _day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(moment).date() if moment is not None else None


def problems_closed() -> dict[int, dt.date | None]:
    """``{problem id: day it closed}`` for every closed problem (``None``: day unknown)."""
    ids = list(Problem.objects.filter(stage=Stage.CLOSED).values_list("pk", flat=True))
    closed: dict[int, dt.date | None] = dict.fromkeys(ids)
    reviews = (
        Review.objects.filter(problem_id__in=ids, decision=ReviewDecision.CLOSE)
        .exclude(completed_at=None)
        .values("problem_id")
        .annotate(last=Max("completed_at"))
    )
    changes = (
        AuditEntry.objects.filter(
            object_type="problems.problem",
            object_id__in=[str(pk) for pk in ids],
            action=AuditAction.CHANGE,
            changes__stage__1=Stage.CLOSED,
        )
        .values("object_id")
        .annotate(last=Max("at"))
    )
    found = [(r["problem_id"], _day(r["last"])) for r in reviews]
    found += [(int(c["object_id"]), _day(c["last"])) for c in changes]
    for pk, day in found:
        current = closed[pk]
        closed[pk] = day if current is None else max(current, day)
    return closed


def _people_clock(
    ids: list[int], closed: dict[int, dt.date | None], problem_of: dict[int, int]
) -> dict[int, tuple[dt.date | None, str]]:
    """Each person's clock: the later of the problem's close and the end of their last step;
    not started while an order lasts until further order."""
    steps = (
        EnforcementStep.objects.filter(person_id__in=ids)
        .values("person_id")
        .annotate(
            last_on=Max("on"),
            last_end=Max("ends_on"),
            open_ended=Count("pk", filter=Q(until_further_order=True)),
        )
    )
    clocks: dict[int, tuple[dt.date | None, str]] = {}
    for pk in ids:
        day = closed[problem_of[pk]]
        clocks[pk] = (day, "" if day else UNKNOWN_CLOSE)
    for row in steps:
        day, _ = clocks[row["person_id"]]
        if row["open_ended"]:
            clocks[row["person_id"]] = (None, UNTIL_FURTHER_ORDER)
        elif day is not None:
            ends = [d for d in (row["last_on"], row["last_end"]) if d is not None]
            clocks[row["person_id"]] = (max([day, *ends]), "")
    return clocks


def _own_clock_holdings(rule: Rule, kind: RecordKind) -> list[Holding]:
    """The records of ``rule`` still holding personal data whose clock is a day of their own
    (a resident's report: the day it was received), open problem or not."""
    rows = (
        kind.model.objects.filter(kind.holding)
        .values_list("pk", kind.problem_field, kind.counted_from_field)
        .distinct()
        .order_by("pk")
    )
    found = []
    for pk, problem, moment in rows:
        day = _day(moment) if isinstance(moment, dt.datetime) else moment
        found.append(Holding(record=rule.record, pk=pk, problem_id=problem, counted_from=day))
    return found


def holdings(rule: Rule, closed: dict[int, dt.date | None]) -> list[Holding]:
    """The records of ``rule`` on closed problems that still hold personal data."""
    if rule.disposal == Disposal.KEEP:
        return []
    kind = KINDS[rule.record]
    if kind.counted_from_field:
        return _own_clock_holdings(rule, kind)
    rows = list(
        kind.model.objects.filter(kind.holding, **{f"{kind.problem_field}__in": list(closed)})
        .values_list("pk", kind.problem_field)
        .distinct()
        .order_by("pk")
    )
    problem_of = dict(rows)
    if rule.record == "powers.person":
        clocks = _people_clock(list(problem_of), closed, problem_of)
    else:
        clocks = {
            pk: (closed[problem], "" if closed[problem] else UNKNOWN_CLOSE) for pk, problem in rows
        }
    return [
        Holding(
            record=rule.record,
            pk=pk,
            problem_id=problem,
            counted_from=clocks[pk][0],
            waiting=clocks[pk][1],
        )
        for pk, problem in rows
    ]
