"""The signed-in user's dashboard and its calendar export.

- *My actions*: open actions (planned or in progress) whose owner is the user, on problems the
  user may see, split into overdue (due before today) and due (today or later).
- *My problems*: the problems of ``problem_list`` (the association checker) on which the user
  is a named member. A partnership manager may *see* every problem of their organisation's
  partnerships; the dashboard shows only the ones they belong to.
- *Reviews due*: reviews not yet completed on my problems, due within ``REVIEW_HORIZON_DAYS``
  days from today or already overdue.

The calendar (RFC 5545, built with the ``icalendar`` library, which folds long lines, escapes
text and writes CRLF) has one all-day event per open action of mine and per uncompleted
review of my problems. UIDs are stable (``action-<id>@<host>``, ``review-<id>@<host>``), so
importing a newer file into Outlook updates the events instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from icalendar import Calendar, Event

from clearhold.problems.actions import OPEN_STATUSES
from clearhold.problems.models import Action, Problem, Review
from clearhold.problems.sections import CalendarEntry, calendar_entries, rendered_sections
from clearhold.problems.selectors import problem_list
from clearhold.readmodel import Reader

REVIEW_HORIZON_DAYS = 30
PRODID = "-//ClearHold//ASB problem-solving partnership//EN"


def my_problems(*, user: Any) -> QuerySet[Problem]:
    """The problems the user is a named member of, within what they may see."""
    return (
        problem_list(user=user)
        .filter(members__user=user)
        .distinct()
        .order_by("-start_date", "title")
    )


def my_actions(*, user: Any) -> QuerySet[Action]:
    """Open actions owned by the user on problems they may see, soonest due first."""
    return (
        Action.objects.filter(
            owner=user, status__in=OPEN_STATUSES, problem__in=problem_list(user=user).values("pk")
        )
        .select_related("problem", "owner_organisation")
        .order_by("due_date", "id")
    )


def my_reviews(*, user: Any) -> QuerySet[Review]:
    """Reviews not yet completed on the user's problems, earliest due first."""
    return (
        Review.objects.filter(
            completed_at__isnull=True, problem__in=my_problems(user=user).values("pk")
        )
        .select_related("problem")
        .order_by("due_date", "problem__title")
    )


@dataclass(frozen=True)
class DueReview:
    review: Any  # a Review as the dashboard's reader shows it
    overdue: bool


def _objective_statuses(problem: Problem, today: dt.date) -> list[dict[str, str]]:
    """Each objective's title and live status (met / on track / off track / not yet
    measurable), with the GOV.UK tag colour, for the dashboard."""
    from clearhold.problems.objectives import STATUS_TAGS, objective_progress

    rows = []
    for objective in problem.objectives.select_related("site"):
        status = objective_progress(objective, today=today).status
        rows.append(
            {
                "title": objective.title,
                "status": status,
                "tag": STATUS_TAGS.get(status, "govuk-tag--grey"),
            }
        )
    return rows


def dashboard(*, user: Any, today: dt.date | None = None) -> dict[str, Any]:
    """Context for ``problems/dashboard.html``: ``overdue_actions``, ``due_actions``,
    ``my_problems``, ``reviews_due`` (list of DueReview), ``review_horizon_days`` and
    ``today``."""
    today = today or timezone.localdate()
    problems = list(my_problems(user=user))
    # No purpose is asked on the dashboard: it shows public fields only, so nothing is logged.
    reader = Reader(user, what="dashboard", log=False)
    found = list(my_actions(user=user))
    reader.associated([*problems, *(a.problem for a in found)])  # both from problem_list
    actions = [reader.show(a) for a in found]
    horizon = today + dt.timedelta(days=REVIEW_HORIZON_DAYS)
    reviews = my_reviews(user=user).filter(due_date__lte=horizon)
    return {
        "today": today,
        "overdue_actions": [a for a in actions if a.due_date < today],
        "due_actions": [a for a in actions if a.due_date >= today],
        "my_problems": [
            {"problem": reader.show(p), "objectives": _objective_statuses(p, today)}
            for p in problems
        ],
        "reviews_due": [
            DueReview(review=reader.show(r), overdue=r.due_date < today) for r in reviews
        ],
        "review_horizon_days": REVIEW_HORIZON_DAYS,
        "extra_sections": rendered_sections("dashboard", user=user, reader=reader),
    }


def _due_event(
    *,
    uid: str,
    day: dt.date | dt.datetime,
    summary: str,
    description: str,
    url: str,
    stamp: dt.datetime,
) -> Event:
    """A transparent calendar event: all day for a date, a moment (written in UTC) for a
    datetime. A due date does not make the user busy."""
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    if isinstance(day, dt.datetime):
        event.add("dtstart", day.astimezone(dt.UTC))
        event.add("dtend", day.astimezone(dt.UTC))
    else:
        event.add("dtstart", day)  # a date, so written DTSTART;VALUE=DATE
        # All-day events end the next day; a day stored before the forms refused years past
        # the horizon (31 December 9999) has no next day, so it ends on itself.
        event.add("dtend", day + dt.timedelta(days=1) if day < dt.date.max else day)
    event.add("summary", summary)
    event.add("description", description)
    if url:
        event.add("url", url)
    event.add("transp", "TRANSPARENT")
    return event


def _entry_event(entry: CalendarEntry, *, stamp: dt.datetime, host: str, base_url: str) -> Event:
    event = _due_event(
        uid=f"{entry.uid}@{host}",
        day=entry.at,
        stamp=stamp,
        summary=entry.summary,
        description=entry.description,
        url=f"{base_url}{entry.url}" if base_url and entry.url else "",
    )
    if entry.colour:
        event.add("color", entry.colour)
    if entry.categories:
        event.add("categories", list(entry.categories))
    return event


def calendar_ics(
    *, user: Any, host: str, base_url: str = "", now: dt.datetime | None = None
) -> bytes:
    """An iCalendar file of the due dates of the user's open actions and of the uncompleted
    reviews of their problems (``base_url``: e.g. ``https://clearhold.example`` for links)."""
    stamp = (now or timezone.now()).astimezone(dt.UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "ClearHold: my actions and reviews")
    # A calendar asks no purpose: public fields only, so nothing personal is read or logged.
    reader = Reader(user, what="calendar feed", log=False)
    actions, reviews = list(my_actions(user=user)), list(my_reviews(user=user))
    reader.associated([record.problem for record in (*actions, *reviews)])  # via problem_list
    for action in map(reader.show, actions):
        cal.add_component(
            _due_event(
                uid=f"action-{action.pk}@{host}",
                day=action.due_date,
                stamp=stamp,
                summary=f"Action due: {action.title}",
                description=(
                    f"{action.title}\nProblem: {action.problem.title}\n"
                    f"Layer: {action.get_layer_display()}\nStatus: {action.get_status_display()}"
                ),
                url=f"{base_url}{action.problem.get_absolute_url()}" if base_url else "",
            )
        )
    for review in map(reader.show, reviews):
        cal.add_component(
            _due_event(
                uid=f"review-{review.pk}@{host}",
                day=review.due_date,
                stamp=stamp,
                summary=f"{review.months}-month review: {review.problem.title}",
                description=f"The {review.months}-month review of {review.problem.title} is due.",
                url=f"{base_url}{review.problem.get_absolute_url()}" if base_url else "",
            )
        )
    for entry in calendar_entries(user=user, reader=reader):
        cal.add_component(_entry_event(entry, stamp=stamp, host=host, base_url=base_url))
    return cal.to_ical()
