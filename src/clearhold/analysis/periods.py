"""Before and after windows for an evaluation, in whole months (police.uk) or exact days.

Police.uk data carry a month, not a date, so an intervention in the middle of a month cannot be
placed before or after the incidents of that month. The **month rule**:

- *before* = the ``N`` whole months ending with the month before the intervention month;
- *after* = ``M`` whole months starting with the intervention month when the intervention is on
  the 1st, otherwise with the month after it; the partial intervention month is left out.

Example: intervention 7 May 2025, ``N = M = 12`` → before 2024-05 … 2025-04, May 2025 left out,
after 2025-06 … 2026-05. On 1 May 2025 the after window would start with 2025-05.

The **day rule** (``daily=True``, for partner data with exact dates): before = the days from the
same day-of-month ``N`` calendar months earlier up to the day before the intervention,
``[D - N months, D)``; after = ``[D, D + M months)``, the intervention day counted as after. When
the day-of-month does not exist in the shifted month (31 → 30 April) the last day of that month
is used. Exposures are then numbers of days, counting only days whose month the data cover.

Coverage, never invented: the caller says which months the data cover (``data_months``). A month
absent from the data is not a month with no incidents. Inside a window such a month is dropped
from the exposure (rates use the months present) and reported; a before window that starts
before the data is an error (the baseline would be partial); an after window that runs past the
end of the data is shortened, because reviews at 3 and 6 months are run before the window ends.

Months are handled as integers, months since 1970-01 (``numpy.datetime64[M]`` as ``int64``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

__all__ = [
    "EvaluationInputError",
    "Windows",
    "add_months",
    "as_date",
    "make_windows",
    "month_index",
    "month_label",
    "month_labels",
]


class EvaluationInputError(ValueError):
    """Bad input to an evaluation; the message says what is wrong and how to fix it."""


def month_index(value: object) -> np.ndarray | int:
    """Months since 1970-01 for a ``datetime64`` array (any unit) or a scalar date/month."""
    if isinstance(value, np.ndarray):
        return value.astype("datetime64[M]").astype(np.int64)
    return int(np.datetime64(value, "M").astype(np.int64))


def month_label(index: int) -> str:
    """``'YYYY-MM'`` for a month index."""
    return str(np.datetime64(int(index), "M"))


def month_labels(indices: object) -> list[str]:
    """Labels for several month indices."""
    return [month_label(i) for i in indices]


def month_runs(months: object) -> str:
    """Months said as a person would: '2024-05', '2024-05 and 2024-07', runs of three or more
    as '2024-01 to 2024-12 (12 months)'; one wording for every warning that lists months."""
    runs: list[list[int]] = []
    for m in sorted({int(m) for m in months}):
        if runs and m == runs[-1][-1] + 1:
            runs[-1].append(m)
        else:
            runs.append([m])
    parts: list[str] = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{month_label(run[0])} to {month_label(run[-1])} ({len(run)} months)")
        else:
            parts += month_labels(run)
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def as_date(value: object) -> np.datetime64:
    """An intervention date as ``datetime64[D]`` from a date, ``'YYYY-MM-DD'`` or datetime64."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str) and len(value) != 10:
        raise EvaluationInputError(
            f"the intervention date {value!r} is not a full date; write it as YYYY-MM-DD"
        )
    try:
        day = np.datetime64(value, "D")
    except (ValueError, TypeError) as exc:
        raise EvaluationInputError(
            f"the intervention date {value!r} is not a date; write it as YYYY-MM-DD"
        ) from exc
    if np.isnat(day):
        raise EvaluationInputError("the intervention date is missing (NaT)")
    return day


def add_months(day: np.datetime64, months: int) -> np.datetime64:
    """The same day-of-month ``months`` later (or earlier), clamped to the month's last day."""
    month = day.astype("datetime64[M]")
    offset = (day - month.astype("datetime64[D]")).astype(int)
    target = month + months
    last = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(int) - 1
    return target.astype("datetime64[D]") + min(offset, last)


@dataclass(frozen=True)
class Windows:
    """The before and after windows actually used, with what was left out and why.

    ``before``/``after`` are the month indices of each window that the data cover, in order
    (month rule; also used for the monthly series when ``unit == 'day'``). ``exposure_before``
    and ``exposure_after`` are the lengths the rates divide by: months present, or days present
    under the day rule. ``day_before``/``day_after`` are half-open ``[start, end)`` day ranges
    under the day rule, else ``None``.
    """

    intervention: np.datetime64
    unit: str
    months_before_requested: int
    months_after_requested: int
    before: tuple[int, ...]
    after: tuple[int, ...]
    excluded_month: int | None
    missing_before: tuple[int, ...]
    missing_after: tuple[int, ...]
    not_yet_in_data: tuple[int, ...]
    exposure_before: float
    exposure_after: float
    day_before: tuple[np.datetime64, np.datetime64] | None = None
    day_after: tuple[np.datetime64, np.datetime64] | None = None

    @property
    def first_after_month(self) -> int:
        """The first month of the after window (whether or not the data cover it)."""
        return month_index(self.intervention) + (0 if self.excluded_month is None else 1)


def _check_months(data_months: np.ndarray) -> np.ndarray:
    months = np.unique(np.asarray(data_months, dtype=np.int64))
    if months.size == 0:
        raise EvaluationInputError("the data cover no months (data_months is empty)")
    return months


def _span(start: int, count: int) -> np.ndarray:
    return np.arange(start, start + count, dtype=np.int64)


def make_windows(
    *,
    intervention: object,
    months_before: int,
    months_after: int,
    data_months: np.ndarray,
    daily: bool = False,
) -> Windows:
    """Before/after windows by the month rule (or the day rule when ``daily``).

    ``data_months`` are month indices (see :func:`month_index`) the data cover. Raises
    :class:`EvaluationInputError` when the intervention is outside the data, when the before
    window starts before the data (naming the missing months), or when a window has no month
    present at all. Under the day rule the month-rule windows are still built (they feed the
    monthly series), so at least one whole month after the intervention must be in the data.
    """
    _whole_months("months_before", months_before)
    _whole_months("months_after", months_after)
    day = as_date(intervention)
    covered = _check_months(data_months)
    first, last = int(covered[0]), int(covered[-1])
    span_text = f"the data cover {month_label(first)} to {month_label(last)}"
    m0 = month_index(day)
    if m0 < first or m0 > last:
        raise EvaluationInputError(f"the intervention date {day} is outside the data: {span_text}")

    on_first = day == day.astype("datetime64[M]").astype("datetime64[D]")
    excluded = None if on_first else m0
    before_all = _span(m0 - months_before, months_before)
    after_all = _span(m0 if on_first else m0 + 1, months_after)

    _check_reach(before_all, after_all, covered, span_text, months_before)
    not_yet = after_all[after_all > last]
    after_in_span = after_all[after_all <= last]
    before = before_all[np.isin(before_all, covered)]
    after = after_in_span[np.isin(after_in_span, covered)]
    missing_before = before_all[~np.isin(before_all, covered)]
    missing_after = after_in_span[~np.isin(after_in_span, covered)]
    for name, kept, window in (("before", before, before_all), ("after", after, after_in_span)):
        if kept.size == 0:
            raise EvaluationInputError(
                f"none of the {name} window's months ({', '.join(month_labels(window))}) is in "
                f"the data ({span_text})"
            )

    exposure_before, exposure_after = float(before.size), float(after.size)
    day_before = day_after = None
    unit = "month"
    if daily:
        unit = "day"
        day_before, day_after = _day_windows(day, months_before, months_after, last)
        exposure_before = float(_days_covered(*day_before, covered))
        exposure_after = float(_days_covered(*day_after, covered))
        last_requested = month_index(add_months(day, months_after) - np.timedelta64(1, "D"))
        not_yet = np.arange(last + 1, last_requested + 1, dtype=np.int64)

    return Windows(
        intervention=day,
        unit=unit,
        months_before_requested=int(months_before),
        months_after_requested=int(months_after),
        before=tuple(int(m) for m in before),
        after=tuple(int(m) for m in after),
        excluded_month=excluded,
        missing_before=tuple(int(m) for m in missing_before),
        missing_after=tuple(int(m) for m in missing_after),
        not_yet_in_data=tuple(int(m) for m in not_yet),
        exposure_before=exposure_before,
        exposure_after=exposure_after,
        day_before=day_before,
        day_after=day_after,
    )


def _whole_months(name: str, value: object) -> None:
    """Refuse a window length that is not a whole number of months, at least one."""
    if int(value) != value or value < 1:
        raise EvaluationInputError(f"{name} must be a whole number ≥ 1, not {value}")


def _check_reach(
    before_all: np.ndarray,
    after_all: np.ndarray,
    covered: np.ndarray,
    span_text: str,
    months_before: object,
) -> None:
    """Refuse a before window that starts before the data (naming the missing months and
    the longest window the data allow) or an after window with no whole month in the data."""
    first, last = int(covered[0]), int(covered[-1])
    too_early = before_all[before_all < first]
    if too_early.size:
        have = int(np.sum(np.isin(before_all, covered)))
        raise EvaluationInputError(
            f"the {months_before}-month before window ({month_label(before_all[0])} to "
            f"{month_label(before_all[-1])}) runs past the start of the data: "
            f"{', '.join(month_labels(too_early))} not in the data ({span_text}); "
            f"load those months or use months_before={have}"
        )
    if after_all[0] > last:
        raise EvaluationInputError(
            f"the after window starts {month_label(after_all[0])} but {span_text}: there is no "
            "whole month after the intervention in the data yet"
        )


def _day_windows(
    day: np.datetime64, months_before: int, months_after: int, last: int
) -> tuple[tuple[np.datetime64, np.datetime64], tuple[np.datetime64, np.datetime64]]:
    """The day rule's [start, end) windows: the same months' length either side of the
    intervention day, the after window cut at the end of the data."""
    data_end = np.datetime64(last + 1, "M").astype("datetime64[D]")
    end_a = min(add_months(day, months_after), data_end)
    return (add_months(day, -months_before), day), (day, end_a)


def _days_covered(start: np.datetime64, end: np.datetime64, covered: np.ndarray) -> int:
    """Number of days in ``[start, end)`` whose month is in ``covered``."""
    days = np.arange(start, end, dtype="datetime64[D]")
    return int(np.isin(days.astype("datetime64[M]").astype(np.int64), covered).sum())
