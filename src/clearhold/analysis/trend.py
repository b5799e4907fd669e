"""Monthly counts and the seasonal comparison "this period against the same months last year".

Police.uk gives months, not dates, so the unit here is the calendar month, as numpy
``datetime64[M]``. A month with no incident is a real zero, listed explicitly; a month the data do
not **cover** (no file imported for it) is missing, not zero, and the comparison says so.
Comparing with the same months a year earlier removes the seasonal cycle of ASB (it peaks in
spring and summer) from the headline change; it does not remove trend or regression to the mean,
which the before/after evaluation handles.

Example
-------
>>> m = np.array(["2024-01", "2024-01", "2024-03", "2023-01"], dtype="datetime64[M]")
>>> monthly_counts(m, "2024-01", "2024-03").counts.tolist()
[2, 0, 1]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = [
    "MonthlyCounts",
    "SeasonalComparison",
    "month_range",
    "monthly_counts",
    "seasonal_comparison",
    "year_earlier",
]

MonthLike = np.datetime64 | str


def _month(value: MonthLike) -> np.datetime64:
    m = np.datetime64(value, "M")
    if np.isnat(m):
        raise ValueError(f"not a month: {value!r}")
    return m


def _months(values: np.ndarray) -> np.ndarray:
    """Any array of months, dates or 'YYYY-MM' strings as ``datetime64[M]``, NaT dropped."""
    m = np.asarray(values).astype("datetime64[M]").ravel()
    return m[~np.isnat(m)]


def month_range(start: MonthLike, end: MonthLike) -> np.ndarray:
    """Every month from ``start`` to ``end`` inclusive, as ``datetime64[M]``.

    >>> month_range("2024-11", "2025-02").astype(str).tolist()
    ['2024-11', '2024-12', '2025-01', '2025-02']
    """
    a, b = _month(start), _month(end)
    if b < a:
        raise ValueError(f"end month {b} is before start month {a}")
    return np.arange(a, b + np.timedelta64(1, "M"), dtype="datetime64[M]")


def year_earlier(start: MonthLike, end: MonthLike) -> tuple[np.datetime64, np.datetime64]:
    """The same months twelve months earlier: ``(start − 12, end − 12)``.

    >>> [str(m) for m in year_earlier("2024-03", "2024-05")]
    ['2023-03', '2023-05']
    """
    year = np.timedelta64(12, "M")
    return _month(start) - year, _month(end) - year


@dataclass(frozen=True)
class MonthlyCounts:
    """Incidents per month, every month of the range listed (zeros included)."""

    months: np.ndarray
    counts: np.ndarray

    @property
    def total(self) -> int:
        return int(self.counts.sum())


def monthly_counts(months: np.ndarray, start: MonthLike, end: MonthLike) -> MonthlyCounts:
    """Count incidents per month over ``start..end`` inclusive: ``c_t = #{k : month_k = t}``.

    ``months`` holds one month per incident (``datetime64`` of any unit, or 'YYYY-MM' strings);
    incidents outside the range and NaT are ignored.
    """
    axis = month_range(start, end)
    m = _months(months)
    idx = (m - axis[0]).astype(np.int64)
    keep = (idx >= 0) & (idx < axis.size)
    return MonthlyCounts(axis, np.bincount(idx[keep], minlength=axis.size).astype(np.int64))


@dataclass(frozen=True)
class SeasonalComparison:
    """This period against the same months a year earlier.

    ``change = this_total − last_total``; ``pct_change = 100 · change / last_total`` (None when
    the year-earlier total is 0). ``last_complete`` is False when some year-earlier months are
    not covered by the data (listed in ``missing_last``): the comparison is then not like for
    like and should not be shown as a percentage change without that warning. Likewise
    ``missing_this`` for the current period."""

    this: MonthlyCounts
    last: MonthlyCounts
    change: int
    pct_change: float | None
    last_complete: bool
    missing_last: tuple[str, ...]
    missing_this: tuple[str, ...]


def seasonal_comparison(
    months: np.ndarray,
    start: MonthLike,
    end: MonthLike,
    *,
    covered: np.ndarray | None = None,
) -> SeasonalComparison:
    """Compare incidents in ``start..end`` with the same months a year earlier.

    ``covered`` lists the months the data cover (e.g. the months of the imported files); by
    default a month is covered when at least one incident falls in it, which suits police.uk
    (every force-month file has rows) but not a sparse partner log, where a quiet month would be
    taken for a gap: pass ``covered`` for those.

    >>> m = np.array(["2023-06"] * 4 + ["2024-06"] * 3 + ["2024-05"], dtype="datetime64[M]")
    >>> c = seasonal_comparison(m, "2024-05", "2024-06")
    >>> c.this.total, c.last.total, c.pct_change, c.missing_last
    (4, 4, 0.0, ('2023-05',))
    """
    m = _months(months)
    this = monthly_counts(m, start, end)
    last = monthly_counts(m, *year_earlier(start, end))
    cover = np.unique(m if covered is None else _months(covered))
    missing_last = tuple(str(t) for t in last.months[~np.isin(last.months, cover)])
    missing_this = tuple(str(t) for t in this.months[~np.isin(this.months, cover)])
    change = this.total - last.total
    pct = None if last.total == 0 else 100.0 * change / last.total
    return SeasonalComparison(
        this=this,
        last=last,
        change=change,
        pct_change=pct,
        last_complete=not missing_last,
        missing_last=missing_last,
        missing_this=missing_this,
    )
