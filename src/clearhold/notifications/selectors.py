"""What one person's digest lists, read as they may see it.

A digest is a document too: every record is read through the person's read model
(:class:`~clearhold.readmodel.Reader`, with no purpose, so no personal value is ever read), and
each line names the record the way any member may see it and links to its page, where the
person sees whatever more they are allowed. Only the problems the person is a member of count
(``problems.dashboard.my_problems``), and closure clocks only where the powers rule lets them
see the closure. The clocks are the law core's (``powers.clocks``), never worked out here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from clearhold.authz import can
from clearhold.law import instant, to_uk
from clearhold.notifications.models import DigestSettings, Frequency
from clearhold.powers.clocks import live_clocks
from clearhold.powers.models import Closure
from clearhold.powers.operation_premises import premises_name
from clearhold.powers.permissions import POWERS_VIEW
from clearhold.powers.state import with_state
from clearhold.problems.actions import OPEN_STATUSES
from clearhold.problems.dashboard import my_problems
from clearhold.problems.models import Action, Review
from clearhold.readmodel import Reader

#: How far ahead a digest looks for clocks and reviews, by how often it is sent.
CLOCK_HORIZON = {Frequency.DAILY: dt.timedelta(hours=48), Frequency.WEEKLY: dt.timedelta(days=7)}
REVIEW_HORIZON = {Frequency.DAILY: dt.timedelta(days=7), Frequency.WEEKLY: dt.timedelta(days=14)}


@dataclass(frozen=True)
class Line:
    """One thing a digest lists: its key (for the sent log), the sentence, and the page."""

    key: str
    text: str
    url: str


@dataclass
class Digest:
    clocks: list[Line] = field(default_factory=list)
    actions: list[Line] = field(default_factory=list)
    reviews: list[Line] = field(default_factory=list)

    @property
    def lines(self) -> list[Line]:
        return [*self.clocks, *self.actions, *self.reviews]

    def __bool__(self) -> bool:
        return bool(self.lines)


def settings_of(user: Any) -> DigestSettings:
    """The person's digest settings (the defaults, unsaved, when they never chose)."""
    found = DigestSettings.objects.filter(user=user).first()
    return found or DigestSettings(user=user)


def _clock_lines(reader: Reader, problems, now: dt.datetime, horizon: dt.timedelta) -> list[Line]:
    """The clocks due within the horizon (or overdue): one line per closure's clock, and for
    an operation's premises one line per deadline shared by them (an estate of 49 orders is
    one line saying how many premises, not 49)."""
    lines: list[Line] = []
    shared: dict[tuple, list] = {}
    watched = [p for p in problems if can(reader.user, POWERS_VIEW, p)]
    for closure in with_state(Closure.objects.filter(problem__in=watched)):
        for clock, state in live_clocks(closure, now):
            if state != "overdue" and instant(clock.due) - instant(now) > horizon:
                continue
            if closure.operation_id:
                key = (closure.operation_id, clock.key, instant(clock.due))
                shared.setdefault(key, []).append((closure, clock, state))
                continue
            lines.append(
                Line(
                    f"clock-{closure.pk}-{clock.key}",
                    f"{_flag(state)}{clock.label}: {clock.shown} ({clock.section}) – "
                    f"{reader.show(closure).premises_description}, "
                    f"{reader.show(closure.problem).title}",
                    closure.get_absolute_url(),
                )
            )
    return lines + [_operation_line(reader, group) for group in shared.values()]


def _flag(state: str) -> str:
    return "OVERDUE: " if state == "overdue" else ""


def _operation_line(reader: Reader, group: list) -> Line:
    """One digest line for a deadline many premises of an operation share."""
    closure, clock, state = group[0]
    operation = reader.show(closure.operation)
    count = len(group)
    premises = premises_name(reader.show(closure)) if count == 1 else f"{count} premises"
    return Line(
        f"clock-operation-{closure.operation_id}-{clock.key}-{instant(clock.due):%Y%m%d%H%M}",
        f"{_flag(state)}{clock.label}: {clock.shown} ({clock.section}) – {premises} of "
        f"{operation.name}, {reader.show(closure.problem).title}",
        closure.operation.get_absolute_url(),
    )


def _action_lines(reader: Reader, problems, today: dt.date) -> list[Line]:
    overdue = Action.objects.filter(
        problem__in=problems, status__in=OPEN_STATUSES, due_date__lt=today
    ).select_related("problem", "owner_organisation")
    return [
        Line(
            f"action-{action.pk}",
            f"{shown.title} – was due {action.due_date:%-d %B %Y}, "
            f"{shown.owner_organisation}, {shown.problem.title}",
            action.problem.get_absolute_url(),
        )
        for action in overdue
        for shown in (reader.show(action),)
    ]


def _review_lines(reader: Reader, problems, today: dt.date, horizon: dt.timedelta) -> list[Line]:
    due = Review.objects.filter(
        problem__in=problems, completed_at__isnull=True, due_date__lte=today + horizon
    ).select_related("problem")
    return [
        Line(
            f"review-{review.pk}",
            f"{'OVERDUE: ' if review.due_date < today else ''}{review.months}-month review of "
            f"{reader.show(review.problem).title} – due {review.due_date:%-d %B %Y}",
            review.problem.get_absolute_url(),
        )
        for review in due
    ]


def digest_for(user: Any, now: dt.datetime, choices: DigestSettings | None = None) -> Digest:
    """What ``user``'s digest at ``now`` lists, by the kinds they chose."""
    choices = choices or settings_of(user)
    problems = list(my_problems(user=user))
    today = to_uk(now).date()
    digest = Digest()
    if not problems:
        return digest
    with Reader(user, channel="Email digest; ") as reader:
        reader.associated(problems)  # my_problems came through problem_list
        if choices.clocks:
            digest.clocks = _clock_lines(reader, problems, now, CLOCK_HORIZON[choices.frequency])
        if choices.actions:
            digest.actions = _action_lines(reader, problems, today)
        if choices.reviews:
            digest.reviews = _review_lines(
                reader, problems, today, REVIEW_HORIZON[choices.frequency]
            )
    return digest
