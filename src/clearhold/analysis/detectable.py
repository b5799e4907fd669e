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


def _pmf(k: np.ndarray, mean: float, phi: float) -> np.ndarray:
    """Counts with the given mean and variance ``phi·mean`` (NB; Poisson at ``phi = 1``)."""
    if mean <= 0:
        return (k == 0).astype(float)
    if phi <= 1.0 + 1e-12:
        return stats.poisson.pmf(k, mean)
    size = mean / (phi - 1.0)
    return stats.nbinom.pmf(k, size, size / (size + mean))


def _support(mean: float, phi: float) -> np.ndarray:
    return np.arange(int(mean + 12 * math.sqrt(phi * max(mean, 1.0)) + 30))


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
    ``reduction`` (a fraction), the before rate being ``before/t_before``."""
    phi = max(1.0, float(dispersion))
    mu_b = float(before)
    mu_a = (1.0 - reduction) * mu_b * t_after / t_before
    kb, ka = _support(mu_b, phi), _support(mu_a, phi)
    n = kb[:, None] + ka[None, :]
    p0 = t_after / (t_after + t_before)
    crit = stats.norm.ppf(1 - alpha / 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (ka[None, :] - n * p0) / np.sqrt(phi * n * p0 * (1 - p0))
    reject = (n > 0) & (z < -crit)
    weight = _pmf(kb, mu_b, phi)[:, None] * _pmf(ka, mu_a, phi)[None, :]
    return float(weight[reject].sum())


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
