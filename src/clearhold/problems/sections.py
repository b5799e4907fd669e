"""What other apps add to the problem page, the dashboard and the calendar feed.

A registry keeps the problems app free of imports from the apps built on it (the closure
powers add their live clocks; documents add what was generated): each app registers a template
with a function giving its context, a source of calendar entries or of timeline events, and the
pages render them in order of registration.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

Page = Literal["problem", "dashboard"]


@dataclass(frozen=True)
class Section:
    page: Page
    template: str
    context: Callable[..., dict[str, Any]]


@dataclass(frozen=True)
class CalendarEntry:
    """A deadline for the calendar feed: at an instant, or all day when ``at`` is a date;
    ``colour`` (a CSS colour name, RFC 7986 COLOR) marks one that needs attention, e.g. red;
    ``categories`` (RFC 5545 CATEGORIES) file it with others, e.g. under an operation's name."""

    uid: str
    at: dt.datetime | dt.date
    summary: str
    description: str
    url: str = ""
    colour: str = ""
    categories: tuple[str, ...] = ()


_SECTIONS: list[Section] = []
_CALENDAR_SOURCES: list[Callable[..., Iterable[CalendarEntry]]] = []
_TIMELINE_SOURCES: list[Callable[..., Iterable[Any]]] = []


def add_section(section: Section) -> None:
    if section not in _SECTIONS:
        _SECTIONS.append(section)


def add_calendar_source(source: Callable[..., Iterable[CalendarEntry]]) -> None:
    """``source(user=..., reader=...)`` yields the user's calendar entries, each record's
    values read through ``reader``."""
    if source not in _CALENDAR_SOURCES:
        _CALENDAR_SOURCES.append(source)


def add_timeline_source(source: Callable[..., Iterable[Any]]) -> None:
    """``source(problem=...)`` yields ``problems.timeline.Event`` items for the timeline."""
    if source not in _TIMELINE_SOURCES:
        _TIMELINE_SOURCES.append(source)


def timeline_events(*, problem: Any) -> list[Any]:
    return [event for source in _TIMELINE_SOURCES for event in source(problem=problem)]


def rendered_sections(page: Page, **kwargs: Any) -> list[dict[str, Any]]:
    """Each section registered for ``page`` with its context (``problem``/``user``/``reader``
    keywords: ``reader`` is the page's read model, through which a section hands its template
    every record, never a stored one)."""
    return [{"template": s.template, **s.context(**kwargs)} for s in _SECTIONS if s.page == page]


def calendar_entries(*, user: Any, reader: Any) -> list[CalendarEntry]:
    return [entry for source in _CALENDAR_SOURCES for entry in source(user=user, reader=reader)]
