"""Regression to the mean: were the months just before the intervention a peak?

Places are picked for action when they peak, and peaks fall back on their own. The test looks
where the choice is made: the ``recent`` months just before the intervention (default the last
3 whole months) against a **recent, unbroken baseline** — up to ``baseline`` months (default 12)
immediately before those, stopping at the first month the data do not cover, so a baseline is
never stitched together from other years. At least ``min_baseline`` months (default 6) are
needed, and every recent month must be covered.

Statistic (a quasi-Poisson comparison of two means): with ``R`` incidents over ``k`` recent
months and ``S`` over ``n`` baseline months, ``z = (R/k - S/n) / se`` with
``se = sqrt(φ · μ₀ · (1/k + 1/n))``, ``μ₀ = (R + S)/(k + n)`` the common monthly rate under the
null hypothesis of no peak, and ``φ`` the baseline's dispersion (variance over mean of its
monthly counts, at least 1), so month-to-month swings wider than Poisson do not pass for a
peak. This is the standard error of the difference of two means, not the spread of single
months. One-sided p-value ``P(Z ≥ z)``: only a high recent level matters.

Example: 21, 14, 23 in the three months before against 16 months averaging 4.4 (SD 3.3) is
z ≈ 6, p < 0.001; a flat series gives z ≈ 0.

Pure numpy/scipy: no Django import.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

from clearhold.analysis.periods import month_label

__all__ = ["RegressionToMean", "regression_to_mean"]


@dataclass(frozen=True)
class RegressionToMean:
    """The test's months and figures; ``reason`` says why it was not run (then the figures
    are ``None``). ``peak`` is whether the recent months are significantly high."""

    recent_months: tuple[int, ...]
    baseline_months: tuple[int, ...]
    recent_mean: float | None = None
    baseline_mean: float | None = None
    dispersion: float | None = None
    z: float | None = None
    p_value: float | None = None
    alpha: float = 0.05
    reason: str | None = None

    @property
    def peak(self) -> bool:
        return self.p_value is not None and self.p_value < self.alpha

    def to_dict(self) -> dict:
        def rounded(x: float | None) -> float | None:
            return None if x is None or not math.isfinite(x) else float(x)

        return {
            "recent_months": [month_label(m) for m in self.recent_months],
            "baseline_months": [month_label(m) for m in self.baseline_months],
            "recent_mean": rounded(self.recent_mean),
            "baseline_mean": rounded(self.baseline_mean),
            "dispersion": rounded(self.dispersion),
            "z": rounded(self.z),
            "p_value": rounded(self.p_value),
            "peak": self.peak,
            "reason": self.reason,
        }


def _baseline(first: int, covered: set[int], longest: int) -> tuple[int, ...]:
    """Up to ``longest`` covered months ending just before ``first``, unbroken."""
    months: list[int] = []
    m = first - 1
    while len(months) < longest and m in covered:
        months.append(m)
        m -= 1
    return tuple(reversed(months))


def regression_to_mean(
    series: np.ndarray,
    span: np.ndarray,
    covered: np.ndarray,
    last_before: int,
    *,
    recent: int = 3,
    baseline: int = 12,
    min_baseline: int = 6,
    alpha: float = 0.05,
) -> RegressionToMean:
    """Test the ``recent`` months ending at ``last_before`` (a month index) against the
    unbroken baseline before them. ``series`` holds the monthly counts over ``span`` (month
    indices); ``covered`` the months the data hold."""
    have = {int(m) for m in covered}
    recent_months = tuple(range(last_before - recent + 1, last_before + 1))
    gaps = [m for m in recent_months if m not in have]
    if gaps:
        return RegressionToMean(
            recent_months,
            (),
            alpha=alpha,
            reason=f"the data do not cover {', '.join(month_label(m) for m in gaps)}, "
            "just before the intervention",
        )
    base_months = _baseline(recent_months[0], have, baseline)
    if len(base_months) < min_baseline:
        held = f"{len(base_months)} month{'s' * (len(base_months) != 1)}"
        return RegressionToMean(
            recent_months,
            base_months,
            alpha=alpha,
            reason=f"the data hold {held} without a gap before {month_label(recent_months[0])} "
            f"({min_baseline} are needed)",
        )
    first = int(span[0])
    counts = np.asarray(series, dtype=float)
    r = counts[np.asarray(recent_months) - first]
    b = counts[np.asarray(base_months) - first]
    r_mean, b_mean = float(r.mean()), float(b.mean())
    phi = max(1.0, float(b.var(ddof=1)) / b_mean) if b_mean > 0 else 1.0
    pooled = (r.sum() + b.sum()) / (r.size + b.size)
    if pooled == 0:
        z = 0.0
    else:
        z = (r_mean - b_mean) / math.sqrt(phi * pooled * (1 / r.size + 1 / b.size))
    return RegressionToMean(
        recent_months,
        base_months,
        r_mean,
        b_mean,
        phi,
        float(z),
        float(stats.norm.sf(z)),
        alpha,
    )
