"""Progress towards a SMART objective: "change the monthly count by P% by the deadline".

The objective counts incidents per calendar month (police.uk gives months, not dates). Its
**baseline** is the mean count per month over the baseline window (first to last month,
inclusive), counting only the months the data cover::

    b = (1 / |B|) · Σ_{t ∈ B} c_t          B = covered months in baseline_from .. baseline_to

Its **measured** mean is the same over the measured months M::

    a = (1 / |M|) · Σ_{t ∈ M} c_t          change % = 100 · (a / b − 1)

**Which months are measured.** M holds the covered months from ``m0`` to ``m1`` inclusive, where

* ``m0`` is the later of the month after the baseline ends and the first *whole* month of the
  problem (the start month itself when the problem starts on the 1st, else the month after).
  The start month is left out because month-precision data cannot split it into before and
  after the response began; months between the baseline and the start are left out because
  the response had not begun, so they say nothing about it; and no month is counted in both
  the baseline and the measurement.
* ``m1`` is the earliest of the deadline's month (a deadline on 7 November still counts
  November: month data cannot split it), the last *complete* month before ``today`` (the
  current month is still filling up) and the last month the data cover.

So a problem started on 7 May 2025 with a six-month deadline of 7 November 2025 is measured
on June to November 2025: six months.

**Status** (``P`` is the target; negative is a fall, positive a rise, 0 "no rise"):

* ``not yet measurable`` — no covered baseline month; a zero baseline (a percentage of
  nothing cannot be taken: choose a longer baseline or a wider metric); or no measured month
  yet (measurement begins at ``m0``).
* ``met`` — the change reaches the target (``change ≤ P`` for a fall, ``≥ P`` for a rise) over
  at least :data:`MIN_MONTHS` measured months, or over fewer when the measurement has reached
  the deadline's month (the objective's own horizon was that short).
* ``on track`` — not met, but moving the right way at least in proportion to the time used:
  with ``f`` = months from ``m0`` to ``m1`` over months from ``m0`` to the deadline's month
  (both inclusive), the change is at least ``f · P`` in the target's direction (a straight
  glide path from the baseline to the target). Never after the deadline's month is measured.
* ``off track`` — everything else: moving the wrong way, too slowly, or the deadline passed
  with the target missed.

The decisions are taken in exact rational arithmetic, so multiplying every count by the same
positive number never changes the status.

Example: a baseline of 24 incidents in 12 months (2.0 a month); 2 incidents over June to
November (0.33 a month): change −83%, beyond a −75% target over six months → ``met``.

>>> import numpy as np
>>> months = np.arange("2024-05", "2025-12", dtype="datetime64[M]")
>>> counts = np.array([2] * 12 + [0] * 7)
>>> counts[13] = 2
>>> p = objective_progress(months, counts, baseline_from="2024-05", baseline_to="2025-04",
...     target_change_pct=-75, deadline="2025-11-07", start="2025-05-07", today="2026-01-15")
>>> p.status, round(p.change_pct), p.measured_months[0], p.measured_months[-1]
('met', -83, '2025-06', '2025-11')
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

__all__ = [
    "MET",
    "MIN_MONTHS",
    "NOT_YET_MEASURABLE",
    "OFF_TRACK",
    "ON_TRACK",
    "STATUSES",
    "ObjectiveProgress",
    "objective_progress",
]

MET = "met"
ON_TRACK = "on track"
OFF_TRACK = "off track"
NOT_YET_MEASURABLE = "not yet measurable"
STATUSES = (MET, ON_TRACK, OFF_TRACK, NOT_YET_MEASURABLE)

#: Measured months needed before a change that reaches the target counts as ``met``
#: (unless the deadline comes sooner): one or two quiet months are too easily chance.
MIN_MONTHS = 3

MONTH = np.timedelta64(1, "M")


def _month(value: dt.date | np.datetime64 | str) -> np.datetime64:
    m = (
        np.datetime64(value, "M")
        if not isinstance(value, dt.date)
        else np.datetime64(value.strftime("%Y-%m"), "M")
    )
    if np.isnat(m):
        raise ValueError(f"not a month: {value!r}")
    return m


def _day(value: dt.date | np.datetime64 | str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(np.datetime64(value, "D")))


def _label(m: np.datetime64) -> str:
    return str(m)


def _long(m: np.datetime64 | str) -> str:
    return dt.date.fromisoformat(f"{m}-01").strftime("%B %Y")


def _months_between(a: np.datetime64, b: np.datetime64) -> int:
    """Months from ``a`` to ``b`` inclusive (0 when ``b`` is before ``a``)."""
    return max(int((b - a) / MONTH) + 1, 0)


@dataclass(frozen=True)
class ObjectiveProgress:
    """Where an objective stands. Months are 'YYYY-MM' strings; ``series_*`` cover the baseline's
    first month to the last month measured (or the baseline's end), ``None`` where the data do
    not cover a month."""

    status: str
    reason: str
    target_change_pct: float
    baseline_months: tuple[str, ...]
    baseline_total: int
    baseline_mean: float | None
    measured_months: tuple[str, ...]
    measured_total: int
    measured_mean: float | None
    change_pct: float | None
    first_measured_month: str
    deadline_month: str
    months_elapsed: int
    months_total: int
    expected_change_pct: float | None
    deadline_reached: bool
    series_months: tuple[str, ...]
    series_counts: tuple[int | None, ...]

    @property
    def target_level(self) -> float | None:
        """The monthly count the target asks for: ``b · (1 + P/100)``."""
        if self.baseline_mean is None:
            return None
        return self.baseline_mean * (1.0 + self.target_change_pct / 100.0)

    def to_dict(self) -> dict:
        return {
            "status": self.status,
            "reason": self.reason,
            "target_change_pct": self.target_change_pct,
            "baseline_months": list(self.baseline_months),
            "baseline_total": self.baseline_total,
            "baseline_mean": self.baseline_mean,
            "measured_months": list(self.measured_months),
            "measured_total": self.measured_total,
            "measured_mean": self.measured_mean,
            "change_pct": self.change_pct,
            "first_measured_month": self.first_measured_month,
            "deadline_month": self.deadline_month,
            "months_elapsed": self.months_elapsed,
            "months_total": self.months_total,
            "expected_change_pct": self.expected_change_pct,
            "deadline_reached": self.deadline_reached,
            "target_level": self.target_level,
            "series_months": list(self.series_months),
            "series_counts": list(self.series_counts),
        }


def _change_words(pct: float) -> str:
    if abs(pct) < 0.5:
        return "no change"
    return f"a fall of {-pct:.0f}%" if pct < 0 else f"a rise of {pct:.0f}%"


def _target_words(pct: float) -> str:
    if pct == 0:
        return "no rise"
    return f"a {-pct:g}% fall" if pct < 0 else f"a {pct:g}% rise"


def objective_progress(
    months: np.ndarray,
    counts: np.ndarray,
    *,
    baseline_from: dt.date | np.datetime64 | str,
    baseline_to: dt.date | np.datetime64 | str,
    target_change_pct: float,
    deadline: dt.date | np.datetime64 | str,
    start: dt.date | np.datetime64 | str,
    today: dt.date | np.datetime64 | str,
    last_data_month: dt.date | np.datetime64 | str | None = None,
) -> ObjectiveProgress:
    """Progress of "change the monthly count by ``target_change_pct``% by ``deadline``".

    ``months`` lists each month the data **cover** once (``datetime64[M]`` or 'YYYY-MM'), with
    its incident count in ``counts`` (a quiet month is a listed 0; a month not listed is not
    covered). ``start`` is the problem's start date, ``today`` the date of the reckoning,
    ``last_data_month`` the last month the data cover (default: the last month listed).
    """
    m, by_month, target = _checked(months, counts, target_change_pct)
    b0, b1 = _month(baseline_from), _month(baseline_to)
    if b1 < b0:
        raise ValueError(f"baseline ends ({b1}) before it begins ({b0})")
    start_day = _day(start)
    first_whole = _month(start_day) + (0 if start_day.day == 1 else 1) * MONTH
    m0 = max(b1 + MONTH, first_whole)
    deadline_m = _month(deadline)
    last_complete = _month(today) - MONTH
    if last_data_month is not None:
        data_end = _month(last_data_month)
    else:
        data_end = m.max() if m.size else b0 - MONTH
    m1 = min(deadline_m, last_complete, data_end)

    base = tuple(t for t in _axis(b0, b1) if t in by_month)
    base_total = sum(by_month[t] for t in base)
    meas_axis = _axis(m0, m1)
    meas = tuple(t for t in meas_axis if t in by_month)
    meas_total = sum(by_month[t] for t in meas)
    series_axis = _axis(b0, max(m1, b1))
    months_total = _months_between(m0, deadline_m)
    elapsed = _months_between(m0, m1)
    common = dict(
        target_change_pct=target,
        baseline_months=base,
        baseline_total=base_total,
        baseline_mean=base_total / len(base) if base else None,
        measured_months=meas,
        measured_total=meas_total,
        measured_mean=meas_total / len(meas) if meas else None,
        first_measured_month=_label(m0),
        deadline_month=_label(deadline_m),
        months_elapsed=elapsed,
        months_total=months_total,
        deadline_reached=bool(m1 == deadline_m) and bool(meas),
        series_months=tuple(series_axis),
        series_counts=tuple(by_month.get(t) for t in series_axis),
    )
    why_not = _unmeasurable(base, base_total, meas, (b0, b1), (m0, m1), deadline_m, months_total)
    if why_not:
        return ObjectiveProgress(
            status=NOT_YET_MEASURABLE,
            reason=why_not,
            change_pct=None,
            expected_change_pct=None,
            **common,
        )
    return _judged(
        common,
        gaps=len(meas_axis) - len(meas),
        goal=f"{_target_words(target)} by {_long(deadline_m)}",
    )


def _checked(months, counts, target_change_pct: float) -> tuple[np.ndarray, dict, float]:
    """The months as ``datetime64[M]``, each month's count by its label, and the target,
    refused with a message naming what is wrong."""
    m = np.asarray(months).astype("datetime64[M]").ravel()
    c = np.asarray(counts).ravel()
    if m.shape != c.shape:
        raise ValueError("months and counts must have the same length")
    if np.unique(m).size != m.size:
        raise ValueError("each month must be listed once")
    if np.any(c < 0):
        raise ValueError("counts cannot be negative")
    target = float(target_change_pct)
    if not -100 <= target <= 100:
        raise ValueError(f"target_change_pct must be within -100..100, not {target}")
    return m, {_label(k): int(v) for k, v in zip(m, c, strict=True)}, target


def _axis(first: np.datetime64, last: np.datetime64) -> list[str]:
    """Every month's label from ``first`` to ``last`` (none when ``last`` comes first)."""
    if last < first:
        return []
    return [_label(t) for t in np.arange(first, last + MONTH, dtype="datetime64[M]")]


def _unmeasurable(
    base: tuple, base_total: int, meas: tuple, baseline: tuple, measured: tuple,
    deadline_m: np.datetime64, months_total: int,
) -> str:  # fmt: skip
    """Why no change can be measured yet ("" when it can)."""
    (b0, b1), (m0, m1) = baseline, measured
    if not base:
        return (
            f"The data cover none of the baseline months ({_long(b0)} to {_long(b1)}), so there "
            "is nothing to measure the change against."
        )
    if base_total == 0:
        return (
            f"There were no incidents in the baseline ({_long(b0)} to {_long(b1)}), so a "
            "percentage change cannot be taken: choose a longer baseline or count more "
            "categories."
        )
    if months_total == 0:
        return (
            f"The deadline ({_long(deadline_m)}) comes before the first month that can be "
            f"measured ({_long(m0)}), so no month can show progress."
        )
    if not meas:
        when = (
            f"measurement begins with {_long(m0)}"
            if m1 < m0
            else f"the data have none of the months from {_long(m0)} to {_long(m1)}"
        )
        return f"No month after the baseline can be measured yet: {when}."
    return ""


def _judged(common: dict, *, gaps: int, goal: str) -> ObjectiveProgress:
    """Met, on track or off track, in exact arithmetic: the ratio r = a / b against the
    target ratio 1 + P/100 and the glide path 1 + f·P/100."""
    meas, base = common["measured_months"], common["baseline_months"]
    meas_total, base_total = common["measured_total"], common["baseline_total"]
    target, elapsed, months_total = (
        common["target_change_pct"], common["months_elapsed"], common["months_total"]
    )  # fmt: skip
    r = Fraction(meas_total * len(base), base_total * len(meas))
    p = Fraction(target) / 100
    f = Fraction(elapsed, months_total)
    change = float(100 * (r - 1))
    expected = float(100 * f * p)
    if target <= 0:
        reached = r <= 1 + p
        on_pace = (r <= 1 + f * p and r < 1) or (target == 0 and r <= 1)
    else:
        reached = r >= 1 + p
        on_pace = r >= 1 + f * p and r > 1
    n = len(meas)
    told = (
        f"{meas_total} incident{'s' if meas_total != 1 else ''} over {_long(meas[0])} to "
        f"{_long(meas[-1])} ({common['measured_mean']:.2f} a month"
        f"{f'; {gaps} month(s) missing from the data' if gaps else ''}) against "
        f"{common['baseline_mean']:.2f} a month in the baseline: {_change_words(change)}"
    )
    if reached and (n >= MIN_MONTHS or common["deadline_reached"]):
        status, reason = MET, f"{told}, reaching the target of {goal}."
    elif common["deadline_reached"]:
        status, reason = OFF_TRACK, f"{told}: the deadline has passed and {goal} was missed."
    elif reached:
        status = ON_TRACK
        reason = (
            f"{told}, already at the target of {goal}, but over {n} month{'s' if n != 1 else ''}"
            f" only: it counts as met after {MIN_MONTHS}."
        )
    elif on_pace:
        status = ON_TRACK
        reason = (
            f"{told}. {elapsed} of {months_total} months have passed, so {_change_words(expected)}"
            f" would be on course for {goal}: progress is at or ahead of that pace."
        )
    else:
        status = OFF_TRACK
        reason = (
            f"{told}. {elapsed} of {months_total} months have passed, so at least "
            f"{_change_words(expected)} was needed by now to be on course for {goal}."
        )
    return ObjectiveProgress(
        status=status, reason=reason, change_pct=change, expected_change_pct=expected, **common
    )
