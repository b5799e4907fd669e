"""Clocks of the closure powers, in UK time (Europe/London), correct across the clock changes.

Three kinds of period appear in ss.76–93 of the Anti-social Behaviour, Crime and Policing Act
2014:

* **hour periods** (24/48-hour notices, s.77; the 48-hour hearing window, s.80(3)) count real
  elapsed hours, so a 24-hour period across a clock change ends at a different wall time. Where
  the Act says “Christmas Day is to be disregarded” (s.77(3), s.80(4)) the hours falling on
  25 December (UK time) do not count, so the period ends later by the time spent inside it;
* **“within N days/months beginning (or starting) with day X”** (s.84(5), s.88(3), s.90(3);
  Housing Act 1985 s.83ZA(7)): day X is day one, so 21 days beginning with X end at the end of
  day X+20, and 3 months beginning with 7 May end at the end of 6 August;
* **calendar-month terms of an order** (s.80(6), s.82(7),(8)): an order made on 7 May for
  3 months ends on 7 August (the corresponding date), clamped to the month's last day when
  there is none (30 November + 3 months → 28/29 February).

Instants are aware ``datetime``s; naive ones are refused, and so are UK wall times that do not
exist (the hour skipped when the clocks go forward), which are almost always typing errors. A
wall time typed by a person is turned into an instant by ``wall_time``, which never guesses: a
time in the hour repeated when the clocks go back (01:30 on the last Sunday of October) names two
instants, and the person must say which (``AmbiguousTimeError`` carries both).
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


class NaiveDatetimeError(ValueError):
    """A datetime without a time zone was given where an instant is needed."""


class NonexistentTimeError(ValueError):
    """A UK wall time inside the hour skipped when the clocks go forward."""


class AmbiguousTimeError(ValueError):
    """A wall time in the hour repeated when the clocks go back: it happened twice.

    ``readings`` holds both instants, the first (summer time, ``fold=0``) then the second.
    """

    def __init__(self, wall: datetime, readings: tuple[datetime, datetime]) -> None:
        self.readings = readings
        first, second = (describe_reading(r) for r in readings)
        super().__init__(
            f"{wall:%H:%M on %-d %B %Y} happened twice: the clocks went back an hour that night. "
            f"Say which: the first {first} or the second {second}."
        )


def wall_time_readings(wall: datetime, zone: ZoneInfo = UK) -> tuple[datetime, ...]:
    """Every instant the naive wall time ``wall`` names in ``zone``, earliest first: none in the
    hour skipped when the clocks go forward, two in the hour repeated when they go back, else
    one. Each is an aware datetime in ``zone`` whose ``fold`` tells the two apart.
    """
    if not isinstance(wall, datetime) or wall.tzinfo is not None:
        raise TypeError("Expected a naive wall time (a datetime without a time zone).")
    instants: list[datetime] = []  # in UTC: equal wall times in one zone compare equal
    for fold in (0, 1):
        moment = wall.replace(tzinfo=zone, fold=fold).astimezone(UTC)
        if moment.astimezone(zone).replace(tzinfo=None, fold=0) == wall and moment not in instants:
            instants.append(moment)
    return tuple(moment.astimezone(zone) for moment in sorted(instants))


def wall_time(wall: datetime, *, which: int | None = None, zone: ZoneInfo = UK) -> datetime:
    """The instant a person means by the wall time ``wall`` in ``zone`` (UK by default).

    Refuses a time that did not happen (``NonexistentTimeError``) and, unless ``which`` says
    the first (0) or the second (1) occurrence, a time that happened twice
    (``AmbiguousTimeError``). ``which`` is ignored for a time that happened once.
    """
    readings = wall_time_readings(wall, zone)
    if not readings:
        raise NonexistentTimeError(
            f"{wall:%H:%M on %-d %B %Y} did not happen in the UK: the clocks went forward an hour "
            "that night."
        )
    if len(readings) == 1:
        return readings[0]
    if which not in (0, 1):
        raise AmbiguousTimeError(wall, (readings[0], readings[1]))
    return readings[which]


def describe_reading(moment: datetime) -> str:
    """A wall time with its zone and offset, to tell two readings apart.

    ``01:30 (BST, UTC+01:00)`` and ``01:30 (GMT, UTC+00:00)``.
    """
    offset = moment.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{moment:%H:%M} ({moment.tzname()}, UTC{sign}{minutes // 60:02d}:{minutes % 60:02d})"


def to_uk(moment: datetime) -> datetime:
    """``moment`` as a UK wall time; refuses naive and non-existent times."""
    if not isinstance(moment, datetime):
        raise TypeError(f"Expected a datetime, got {type(moment).__name__}.")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise NaiveDatetimeError(
            f"{moment.isoformat()} has no time zone: pass an aware datetime, e.g. "
            "datetime(..., tzinfo=ZoneInfo('Europe/London'))."
        )
    if isinstance(moment.tzinfo, ZoneInfo):
        round_trip = moment.astimezone(UTC).astimezone(moment.tzinfo)
        if round_trip.replace(tzinfo=None) != moment.replace(tzinfo=None):
            raise NonexistentTimeError(
                f"{moment.replace(tzinfo=None).isoformat(sep=' ')} does not exist in local time: "
                f"the clocks go forward an hour that night ({moment.tzinfo})."
            )
    return moment.astimezone(UK)


def instant(moment: datetime) -> datetime:
    """``moment`` in UTC, for comparing and subtracting instants.

    Python compares and subtracts two datetimes sharing a tzinfo by wall time, ignoring
    ``fold``, which is wrong in the repeated hour of October; UTC has no such hour.
    """
    return to_uk(moment).astimezone(UTC)


def uk_date(moment: datetime) -> date:
    """The UK calendar date of an instant."""
    return to_uk(moment).date()


def start_of_day(day: date) -> datetime:
    """00:00 UK time at the start of ``day``."""
    _require_date(day)
    return datetime.combine(day, time(0), tzinfo=UK)


def end_of_day(day: date) -> datetime:
    """The instant ``day`` ends: 00:00 UK time on the next day (an exclusive end).

    A deadline “by the end of day D” is met by anything strictly before this instant.
    """
    return start_of_day(day + timedelta(days=1))


def christmas_day(year: int) -> tuple[datetime, datetime]:
    """25 December of ``year`` in UK time, as a half-open interval [start, end)."""
    day = date(year, 12, 25)
    return start_of_day(day), end_of_day(day)


def hours_after(start: datetime, hours: int, *, disregard_christmas: bool) -> datetime:
    """The instant ``hours`` real hours after ``start``, in UK time.

    With ``disregard_christmas`` the hours inside 25 December (UK) are not counted, so the
    period runs on past Christmas Day by the time it spent inside it (s.77(3), s.80(4)); a
    period starting on Christmas Day starts counting at 00:00 on 26 December. A period that
    ends exactly at 00:00 on 25 December ends there.
    """
    if hours < 0:
        raise ValueError(f"A period cannot be negative hours ({hours}).")
    moment = to_uk(start).astimezone(UTC)
    remaining = timedelta(hours=hours)
    if not disregard_christmas:
        return (moment + remaining).astimezone(UK)
    while True:
        xmas_start, xmas_end = (
            t.astimezone(UTC) for t in christmas_day(moment.astimezone(UK).year)
        )
        if xmas_start <= moment < xmas_end:
            moment = xmas_end
            continue
        if moment >= xmas_end:  # after this year's Christmas: look at next year's
            xmas_start, xmas_end = (t.astimezone(UTC) for t in christmas_day(xmas_start.year + 1))
        if moment + remaining <= xmas_start:
            return (moment + remaining).astimezone(UK)
        remaining -= xmas_start - moment
        moment = xmas_end


def add_months(day: date, months: int) -> date:
    """The date ``months`` calendar months after ``day``, clamped to the last day of the month.

    7 May + 3 → 7 August; 30 November + 3 → 28 February (29 in a leap year);
    31 August + 6 → 28/29 February.
    """
    _require_date(day)
    if months < 0:
        raise ValueError(f"Cannot add a negative number of months ({months}).")
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_from(start: date, end: date) -> int | None:
    """How many whole calendar months after ``start`` ``end`` falls (by ``add_months``, so
    28 February is 3 months after 30 November), or None when it is not a whole number."""
    _require_date(start)
    _require_date(end)
    months = (end.year - start.year) * 12 + end.month - start.month
    return months if months >= 0 and add_months(start, months) == end else None


def extended_end(
    order_start: date, current_end: date, months: int, *, court_end: date | None = None
) -> date:
    """The end of an order extended by ``months`` more (s.82(7)), added month by month from the
    order's real end and clamped once, never from a date already clamped to a month's end.

    An order taking effect on 30 November for 3 months ends on 28 February; extended by 3 months
    more it ends on 30 May (30 November + 6 months), not 28 May (28 February + 3). The months are
    counted from the day the order took effect when its end so far is a whole number of months
    after it; otherwise from the end the court set (``court_end``) likewise; otherwise from the
    end so far.
    """
    for anchor in (order_start, court_end):
        so_far = None if anchor is None else months_from(anchor, current_end)
        if so_far is not None:
            return add_months(anchor, so_far + months)
    return add_months(current_end, months)


def order_ends_on(start: date, months: int) -> date:
    """The day a closure order of ``months`` calendar months starting on ``start`` ends.

    closure-powers.md gives the Wisbech order as “7 May to 7 August”: the corresponding date.
    The Act does not say at what time on that day; see ``order_ends_at``.
    """
    return add_months(start, months)


def order_ends_at(made_at: datetime, months: int) -> datetime:
    """The instant an order made at ``made_at`` for ``months`` months ends: the same UK wall
    time on the corresponding date (a calendar month under the Interpretation Act 1978 Sch 1).

    The time of day is ClearHold's choice, not the spec's (it is silent): an order states its
    own end, and this is the reading that never lets it run past N calendar months. A wall time
    that does not exist on the end date (clocks going forward) moves on to the real instant.
    """
    local = to_uk(made_at)
    end_day = add_months(local.date(), months)
    naive = datetime.combine(end_day, local.time().replace(tzinfo=None))
    return naive.replace(tzinfo=UK, fold=0).astimezone(UTC).astimezone(UK)


def last_day_within_days(first_day: date, days: int) -> date:
    """The last day of “the period of ``days`` days beginning with ``first_day``”.

    The first day counts: 21 days beginning with 1 June end at the end of 21 June (s.84(5)).
    """
    _require_date(first_day)
    if days < 1:
        raise ValueError(f"A period of days must be at least 1 day long ({days}).")
    return first_day + timedelta(days=days - 1)


def last_day_within_months(first_day: date, months: int) -> date:
    """The last day of “the period of ``months`` months beginning (starting) with ``first_day``”.

    The period ends at the end of the day before the corresponding date ``months`` later
    (3 months beginning with 7 May end at the end of 6 August). Where that month has no
    corresponding date (3 months beginning with 30 November) the period runs to the end of
    the month (28/29 February): the rule of *Dodds v Walker* [1981] 1 WLR 1027 (HL), ClearHold's
    choice because closure-powers.md does not cover month ends for these clocks.
    """
    _require_date(first_day)
    if months < 1:
        raise ValueError(f"A period of months must be at least 1 month long ({months}).")
    index = first_day.year * 12 + (first_day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if first_day.day > calendar.monthrange(year, month)[1]:
        return date(year, month, calendar.monthrange(year, month)[1])
    return date(year, month, first_day.day) - timedelta(days=1)


def _require_date(day: date) -> None:
    if isinstance(day, datetime) or not isinstance(day, date):
        raise TypeError(
            f"Expected a calendar date, got {type(day).__name__}; "
            "use clocks.uk_date(moment) to take the UK date of an instant."
        )
