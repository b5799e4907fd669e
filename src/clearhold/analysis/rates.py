"""Before/after rate ratio for one area, its exact test and interval (the smallest reduction
it could detect is in :mod:`clearhold.analysis.detectable`).

Notation: ``b`` incidents in ``t_b`` months before, ``a`` in ``t_a`` months after (exposures
may be days; only their ratio matters).

Rate ratio ``RR = (a/t_a)/(b/t_b)``. Given the total ``n = a + b``, two Poisson counts split as
``a ~ Binomial(n, p)`` with ``p = RR·t_a/(RR·t_a + t_b)``; under no change
``p0 = t_a/(t_a + t_b)``. The two-sided exact p-value is the binomial test of ``p = p0``
(scipy's ``binomtest``: sum of the probabilities no larger than that of the observed count).
The Clopper-Pearson interval ``[pL, pU]`` for ``p`` maps to ``RR`` by the monotone transform
``RR = p/(1 - p) · t_b/t_a``, so it is exact (at least 95% coverage) on the rate-ratio scale.

References: Clopper & Pearson (1934) Biometrika 26(4); the conditional test for two Poisson
rates, e.g. Breslow & Day (1987) *Statistical Methods in Cancer Research* vol. II, §2.5; POP
Center, Eck (2002) *Assessing Responses to Problems*.

Example::

    >>> r = rate_ratio(before=40, after=10, t_before=12, t_after=12)
    >>> round(r.estimate, 2), r.p_value < 0.001
    (0.25, True)
"""

from __future__ import annotations

from dataclasses import dataclass

from scipy import special, stats

__all__ = [
    "RateRatio",
    "change_pct",
    "clopper_pearson",
    "rate_ratio",
]


@dataclass(frozen=True)
class RateRatio:
    """Rate ratio after/before with its exact 95% interval and two-sided p-value.

    ``estimate`` is ``None`` (with ``reason``) when the before count is zero.
    """

    estimate: float | None
    ci95: tuple[float, float] | None
    p_value: float | None
    reason: str | None = None


def change_pct(before: int, after: int) -> float | None:
    """``100·(a - b)/b``, the raw change in counts; ``None`` when ``b = 0``."""
    if before == 0:
        return None
    return 100.0 * (after - before) / before


def clopper_pearson(k: int, n: int, alpha: float = 0.05) -> tuple[float, float]:
    """Exact (Clopper-Pearson) interval for a binomial proportion ``k/n``.

    ``pL = B⁻¹(alpha/2; k, n - k + 1)`` (0 when ``k = 0``), ``pU = B⁻¹(1 - alpha/2; k + 1, n - k)``
    (1 when ``k = n``), ``B⁻¹`` the inverse regularised incomplete beta function. Equal to
    ``scipy.stats.binomtest(k, n).proportion_ci(method='exact')``, without its root search.
    """
    if n <= 0 or not 0 <= k <= n:
        raise ValueError(f"need 0 ≤ k ≤ n and n > 0, got k={k}, n={n}")
    lower = 0.0 if k == 0 else float(special.betaincinv(k, n - k + 1, alpha / 2))
    upper = 1.0 if k == n else float(special.betaincinv(k + 1, n - k, 1 - alpha / 2))
    return lower, upper


def _p_value(a: int, n: int, p0: float) -> float:
    return float(stats.binomtest(a, n, p0, alternative="two-sided").pvalue)


def rate_ratio(
    *, before: int, after: int, t_before: float, t_after: float, alpha: float = 0.05
) -> RateRatio:
    """Rate ratio ``(a/t_a)/(b/t_b)``, exact CI and two-sided p (conditional binomial test).

    Zero before count: the ratio is undefined (``None`` and the reason), never a division by 0.
    Zero after count: ``RR = 0`` with an interval from 0.
    """
    b, a = int(before), int(after)
    if b < 0 or a < 0:
        raise ValueError(f"counts must be ≥ 0, got before={b}, after={a}")
    if t_before <= 0 or t_after <= 0:
        raise ValueError(f"period lengths must be > 0, got {t_before} and {t_after}")
    if b == 0:
        return RateRatio(
            None,
            None,
            None,
            reason=f"no incidents before ({a} after), so the rate ratio is undefined",
        )
    n = a + b
    p0 = t_after / (t_after + t_before)
    scale = t_before / t_after
    p_lower, p_upper = clopper_pearson(a, n, alpha)  # p_upper < 1 because b > 0
    return RateRatio(
        estimate=(a / t_after) / (b / t_before),
        ci95=(p_lower / (1 - p_lower) * scale, p_upper / (1 - p_upper) * scale),
        p_value=_p_value(a, n, p0),
    )
