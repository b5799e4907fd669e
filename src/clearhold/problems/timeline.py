"""One chronological view of everything on a problem: incidents at its sites by month,
actions, meetings and reviews (later: notices, orders and breaches)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

import shapely

from clearhold.areas import area_from_geojson
from clearhold.incidents.models import Incident
from clearhold.incidents.selectors import incidents_in_area
from clearhold.problems.models import Problem
from clearhold.problems.sections import timeline_events


@dataclass(frozen=True)
class Event:
    date: dt.date
    kind: str  # incidents, action, meeting, review
    title: str
    detail: str = ""
    href: str = ""


def _incident_events(problem: Problem) -> list[Event]:
    outlines = [area_from_geojson(site.boundary) for site in problem.sites.all()]
    if not outlines:
        return []
    inside = incidents_in_area(Incident.objects.all(), shapely.union_all(outlines))
    labels = dict(Incident._meta.get_field("category").choices)
    by_month: dict[dt.date, Counter] = defaultdict(Counter)
    for month, category in inside.values_list("month", "category"):
        by_month[month][category] += 1
    where = "the sites" if len(outlines) > 1 else "the site"
    href = f"/sites/{problem.sites.first().pk}/"
    events = []
    for month, counts in by_month.items():
        total = sum(counts.values())
        events.append(
            Event(
                date=month,
                kind="incidents",
                title=f"{total} incident{'s' if total != 1 else ''} at {where} in {month:%B %Y}",
                detail=", ".join(f"{labels.get(c, c)} {n}" for c, n in counts.most_common()),
                href=href,
            )
        )
    return events


def problem_timeline(*, problem: Problem) -> list[Event]:
    """Every dated thing on the problem, newest first."""
    events = _incident_events(problem)
    events.append(Event(problem.start_date, "problem", "Problem opened", problem.title))
    for action in problem.actions.select_related("owner_organisation"):
        events.append(
            Event(
                action.due_date,
                "action",
                f"Action due: {action.title}",
                f"{action.get_layer_display()} · {action.owner_organisation} · "
                f"{action.get_status_display()}",
            )
        )
    for meeting in problem.meetings.all():
        events.append(
            Event(meeting.date, "meeting", "Partnership meeting", meeting.decisions[:200])
        )
    for review in problem.reviews.all():
        done = review.completed_at is not None
        events.append(
            Event(
                review.completed_at.date() if done else review.due_date,
                "review",
                f"{review.months}-month review {'completed' if done else 'due'}",
                review.get_decision_display() if done else "",
            )
        )
    events.extend(timeline_events(problem=problem))
    return sorted(events, key=lambda e: (e.date, e.kind), reverse=True)
