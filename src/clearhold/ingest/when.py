"""Reading when an incident happened from partner date and time cells, with its precision.

Precision follows the format that matched: a format with a time gives 'minute', a date alone
'day', a year and month alone 'month'. Local UK times are converted to UTC with the profile's
time zone (``fold=0``: in the repeated autumn hour the first, BST, reading is taken). A 'day'
is stored as 00:00 UTC on that date, so its calendar date reads the same in UTC and in UK time;
a 'month' has no ``occurred`` at all, only ``month``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from clearhold.ingest.profiles import format_precision
from clearhold.ingest.sheets import Cell

__all__ = ["When", "parse_when"]


@dataclass(frozen=True)
class When:
    """The month (1st), the instant in UTC (``None`` for 'month' precision) and the precision."""

    month: date
    occurred: datetime | None
    precision: str


def parse_when(
    value: Cell,
    formats: tuple[str, ...],
    zone: ZoneInfo,
    *,
    time_value: Cell = None,
    time_formats: tuple[str, ...] = (),
) -> When | str:
    """Read a date/time cell (and optionally a separate time cell); a reason string on failure."""
    if value is None:
        return "the date is empty"
    parsed = _parse(value, formats, "date")
    if isinstance(parsed, str):
        return parsed
    moment, precision = parsed
    if time_value is not None:
        clock = _parse_time(time_value, time_formats)
        if isinstance(clock, str):
            return clock
        moment, precision = datetime.combine(moment.date(), clock), "minute"
    return _when(moment, precision, zone)


def _when(moment: datetime, precision: str, zone: ZoneInfo) -> When:
    month = date(moment.year, moment.month, 1)
    if precision == "month":
        return When(month, None, "month")
    if precision == "day":
        return When(month, datetime(moment.year, moment.month, moment.day, tzinfo=UTC), "day")
    local = moment.replace(tzinfo=zone, microsecond=0)
    return When(month, local.astimezone(UTC), "minute")


def _parse(value: Cell, formats: tuple[str, ...], what: str) -> tuple[datetime, str] | str:
    if isinstance(value, datetime):  # an XLSX date-time cell
        midnight = value.time() == time(0, 0)
        return value.replace(tzinfo=None), "day" if midnight else "minute"
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day), "day"
    if isinstance(value, time):
        return f"{value} is a time of day, not a {what}"
    text = value.strip()
    impossible = None
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt), format_precision(fmt)
        except ValueError as error:
            if not str(error).startswith(("time data", "unconverted data")):
                impossible = str(error)  # the shape fits but the date does not exist
    if impossible is not None:
        return f"{text} is not a real {what} ({impossible})"
    return f"{text} is not a {what} in an accepted format ({' or '.join(formats)})"


def _parse_time(value: Cell, formats: tuple[str, ...]) -> time | str:
    if isinstance(value, time):
        return value.replace(tzinfo=None)
    if isinstance(value, datetime):
        return value.time()
    if isinstance(value, date):
        return f"{value} is a date, not a time of day"
    parsed = _parse(value, formats, "time")
    if isinstance(parsed, str):
        return parsed
    return parsed[0].time()
