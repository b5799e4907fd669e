"""Minimum detectable reduction of a before/after count comparison, honestly.

The smallest true fall in the monthly rate that the comparison would show as significant (5%,
two-sided) with 80% power, allowing for two things a fixed-baseline calculation ignores:

- the **before count is itself a noisy draw**, not the true rate: both counts are random;
- the counts are **overdispersed**: monthly counts vary more than a Poisson process, by the
  measured dispersion ``φ`` (quasi-Poisson variance ``φ·μ``; floored at 1).

Model: before count ``B`` and after count ``A`` are negative binomial with means
``μ_b = b`` (the observed before count stands for the true before rate) and
``μ_a = (1 - r)·b·t_a/t_b`` and variances ``φ·μ`` (Poisson when ``φ = 1``). Test: the
quasi-Poisson conditional score test of the after share, ``z = (A - n·p₀)/sqrt(φ·n·p₀(1-p₀))``
with ``n = A + B`` and ``p₀ = t_a/(t_a + t_b)``, rejecting when ``z < -1.96`` (a significant
fall). Power is the exact sum of ``P(B = i)·P(A = j)`` over the rejecting ``(i, j)``; the
reduction ``r`` with 80% power is found by Brent's method. ``None`` when not even a fall to zero
reaches 80% power ("not detectable").

Example: 19 incidents in 12 months before, 7 months after, dispersion 1.47 → about 90%.

Pure numpy/scipy: no Django import.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import optimize, stats

__all__ = ["detection_power", "minimum_detectable_reduction"]


def _counts(mean: float, phi: float):
    """Counts with the given mean and variance ``phi·mean``: NB, Poisson at ``phi = 1``;
    ``None`` for a mean of 0 (always 0)."""
    if mean <= 0:
        return None
    if phi <= 1.0 + 1e-12:
        return stats.poisson(mean)
    size = mean / (phi - 1.0)
    return stats.nbinom(size, size / (size + mean))


def detection_power(
    *,
    before: float,
    t_before: float,
    t_after: float,
    reduction: float,
    dispersion: float = 1.0,
    alpha: float = 0.05,
) -> float:
    """Probability that the comparison shows a significant fall when the true fall is
    ``reduction`` (a fraction), the before rate being ``before/t_before``.

    For a before count ``i`` the test rejects exactly when the after count is below
    ``s*² - i``, ``s*`` the positive root of ``(1 - p₀)s² + k·s - i = 0`` with
    ``k = z·sqrt(φ·p₀(1 - p₀))`` (the score statistic rises with the after count below the null),
    so the power is ``Σ P(B = i)·P(A < s*² - i)``: one sum over the before counts.
    """
    phi = max(1.0, float(dispersion))
    mu_b = float(before)
    mu_a = (1.0 - reduction) * mu_b * t_after / t_before
    p0 = t_after / (t_after + t_before)
    k = stats.norm.ppf(1 - alpha / 2) * math.sqrt(phi * p0 * (1 - p0))
    spread = 15 * math.sqrt(phi * max(mu_b, 1.0)) + 30
    i = np.arange(max(0, int(mu_b - spread)), int(mu_b + spread))
    root = (-k + np.sqrt(k * k + 4 * (1 - p0) * i)) / (2 * (1 - p0))
    below = np.ceil(root * root - i - 1e-9) - 1  # the largest after count that rejects
    after = _counts(mu_a, phi)
    if after is None:
        p_reject = (below >= 0).astype(float)
    else:
        p_reject = np.where(below >= 0, after.cdf(np.maximum(below, 0)), 0.0)
    return float(np.sum(_counts(mu_b, phi).pmf(i) * p_reject))


def minimum_detectable_reduction(
    *,
    before: int,
    t_before: float,
    t_after: float,
    dispersion: float | None = None,
    alpha: float = 0.05,
    power: float = 0.8,
) -> float | None:
    """Smallest fall (a fraction) detected with ``power`` at two-sided ``alpha``; ``None`` when
    no fall, not even to zero, is detected that often. ``dispersion`` ``None`` means 1."""
    if before <= 0:
        return None
    phi = 1.0 if dispersion is None else max(1.0, float(dispersion))

    def short(r: float) -> float:
        return (
            detection_power(
                before=before,
                t_before=t_before,
                t_after=t_after,
                reduction=r,
                dispersion=phi,
                alpha=alpha,
            )
            - power
        )

    if short(1.0) < 0:
        return None
    if short(0.0) >= 0:
        return 0.0
    return float(optimize.brentq(short, 0.0, 1.0, xtol=1e-4))
