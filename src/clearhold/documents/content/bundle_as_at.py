"""The day an evidence bundle is made "as at": the hearing it is for, and nothing after it.

A bundle handed to a court shows the case as it stood at the hearing: the next hearing booked
for a closure (the notice's hearing while none is recorded, or the date an adjourned hearing was
put off to), else a date the maker chose, else today. A record with a time counts when it is at
or before that moment; a record with only a day counts when the day is before the hearing's day
(or is the chosen day itself: a chosen day counts in full); an incident known only by its month
counts when the whole month is.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from clearhold.documents.content.common import when
from clearhold.law import UK
from clearhold.powers.models import HearingOutcome
from clearhold.powers.state import notice_of


@dataclass(frozen=True)
class AsAt:
    """The moment the bundle stands at; ``whole_day`` when it is the end of a chosen day."""

    moment: dt.datetime
    whole_day: bool
    reason: str

    @property
    def day(self) -> dt.date:
        return self.moment.astimezone(UK).date()

    @property
    def last_day(self) -> dt.date:
        """The last whole day the bundle holds (for records dated by day alone)."""
        return self.day if self.whole_day else self.day - dt.timedelta(days=1)

    def holds(self, at: dt.datetime | dt.date | None) -> bool:
        """Whether a record dated ``at`` (a moment or a day) was there by then."""
        if at is None:
            return True
        if isinstance(at, dt.datetime):
            return at <= self.moment
        return at < self.day or (self.whole_day and at == self.day)

    def holds_month(self, month: dt.date) -> bool:
        last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        return self.holds(last)


def end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.max, tzinfo=UK)


def booked_hearing(closure: Any) -> tuple[dt.datetime, str] | None:
    """The hearing booked and not yet recorded for ``closure``, with its court; None if none."""
    hearings = list(closure.hearings.all())
    if not hearings:
        notice = notice_of(closure)
        if notice is None or not notice.hearing_at:
            return None
        return notice.hearing_at, str(notice.hearing_court or "")
    last = hearings[-1]
    if last.outcome == HearingOutcome.ADJOURNED and last.adjourned_to:
        return last.adjourned_to, str(last.court or "")
    return None


def as_at_for(closures: list, chosen: dt.date | None) -> AsAt:
    """The bundle's "as at": the day chosen, else the next hearing booked, else today."""
    if chosen:
        return AsAt(end_of(chosen), True, "the date chosen")
    booked = sorted(b for b in (booked_hearing(c) for c in closures) if b)
    if booked:
        at, court = booked[0]
        where = f" at {court}" if court else ""
        return AsAt(at, False, f"the hearing{where} at {when(at)}")
    return AsAt(end_of(timezone.localdate()), True, "the day it was made")
