"""Small counts: how likely is a real fall of 25, 50 or 75%? A Bayesian reading beside the
exact interval, for sites with a handful of incidents (roughly 10 to 20).

Model: before and after counts are Poisson with rates ``λ_b``, ``λ_a`` per month over ``t_b``
and ``t_a`` months. Prior: **Jeffreys**, ``gamma(0.5, rate → 0)`` on each rate — weak and
stated: it adds half an incident to each count and says nothing about the size of the effect.
Posterior: ``λ_b ~ gamma(b + ½, t_b)``, ``λ_a ~ gamma(a + ½, t_a)``, independent. Then, exactly
(no sampling), ``W = λ_a·t_a/(λ_a·t_a + λ_b·t_b) ~ beta(a + ½, b + ½)`` and the rate ratio
``RR = λ_a/λ_b = (W/(1 - W))·(t_b/t_a)``, so ``P(fall ≥ f) = P(RR ≤ 1 - f)`` is a beta CDF and
the 95% credible interval and median come from beta quantiles. Overdispersion is not modelled
(it would widen the posterior); the page shows this beside the frequentist interval, not
instead of it.

Example: 19 before in 12 months, 10 after in 7: P(fall ≥ 25%) ≈ 31%, median RR ≈ 0.91.

Pure scipy: no Django import.
"""

from __future__ import annotations

from dataclasses import dataclass

from scipy import stats

__all__ = ["FALLS", "PRIOR", "SmallCounts", "small_counts"]

FALLS = (25, 50, 75)
PRIOR = "Jeffreys gamma(0.5, 0) on each monthly rate"


@dataclass(frozen=True)
class SmallCounts:
    """Posterior of the after/before rate ratio: median, 95% credible interval and the
    probability of a true fall of at least each of ``FALLS`` percent."""

    rate_ratio_median: float
    rate_ratio_cri95: tuple[float, float]
    prob_fall_at_least: dict[int, float]
    prior: str = PRIOR

    def to_dict(self) -> dict:
        return {
            "prior": self.prior,
            "rate_ratio_median": self.rate_ratio_median,
            "rate_ratio_cri95": list(self.rate_ratio_cri95),
            "prob_fall_at_least": {str(k): v for k, v in self.prob_fall_at_least.items()},
        }


def small_counts(*, before: int, after: int, t_before: float, t_after: float) -> SmallCounts:
    """The exact posterior summary for ``before`` and ``after`` counts over ``t_before`` and
    ``t_after`` months under the Jeffreys prior."""
    w = stats.beta(after + 0.5, before + 0.5)
    scale = t_before / t_after

    def ratio(q: float) -> float:
        x = float(w.ppf(q))
        return x / (1.0 - x) * scale

    def share(rr: float) -> float:  # the W matching a rate ratio
        return rr / (rr + scale)

    return SmallCounts(
        rate_ratio_median=ratio(0.5),
        rate_ratio_cri95=(ratio(0.025), ratio(0.975)),
        prob_fall_at_least={f: float(w.cdf(share(1.0 - f / 100))) for f in FALLS},
    )
