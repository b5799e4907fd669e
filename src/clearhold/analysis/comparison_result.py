"""Result objects of a fair comparison (matched areas, synthetic control, the area control):
frozen dataclasses with JSON-safe ``to_dict``, read by the page, the command line and the JSON."""

from __future__ import annotations

from dataclasses import dataclass

from clearhold.analysis.outcomes import num, pair
from clearhold.analysis.res import RelativeEffectSize

__all__ = [
    "AreaControl",
    "Comparison",
    "MatchedArea",
    "MatchedComparison",
    "Recommendation",
    "SyntheticControl",
]


def _res_dict(res: RelativeEffectSize) -> dict:
    return {
        "res": num(res.res),
        "res_ci95": pair(res.ci95),
        "res_ci95_poisson": pair(res.ci95_poisson),
        "res_ci95_overdispersed": pair(res.ci95_overdispersed),
        "headline": res.headline,
        "headline_reason": res.headline_reason,
        "dispersion_target": num(res.phi_target),
        "dispersion_control": num(res.phi_control),
        "reason": res.reason,
    }


@dataclass(frozen=True)
class MatchedArea:
    """One candidate area and how close its pre-period is to the site's: monthly mean,
    trend (incidents a month, per month) and the standardised distance on both."""

    area: str
    pre_mean: float
    slope: float
    distance: float
    before: int
    after: int

    def to_dict(self) -> dict:
        return {
            "area": self.area,
            "pre_mean": num(self.pre_mean),
            "slope": num(self.slope),
            "distance": num(self.distance),
            "before": self.before,
            "after": self.after,
        }


@dataclass(frozen=True)
class MatchedComparison:
    """The ``k`` closest candidate areas pooled into one control, and the RES against it.
    ``mean_distance`` is the chosen areas' mean standardised distance (1 = one spread of the
    candidates away from the site on level and trend together)."""

    areas: tuple[MatchedArea, ...]
    res: RelativeEffectSize
    control_before: int
    control_after: int
    control_change_pct: float | None
    mean_distance: float

    def to_dict(self) -> dict:
        return {
            "areas": [a.to_dict() for a in self.areas],
            "control_before": self.control_before,
            "control_after": self.control_after,
            "control_change_pct": num(self.control_change_pct),
            "mean_distance": num(self.mean_distance),
            **_res_dict(self.res),
        }


@dataclass(frozen=True)
class SyntheticControl:
    """A weighted mix of donor areas fitted to the site's pre-period months (pysyncon).

    ``rmspe_pre`` is the fit; ``noise`` the root-mean-square gap expected from monthly
    Poisson variation alone if the mix were exactly right; ``placebo_p`` the share of areas
    (site included) whose post/pre RMSPE ratio is at least the site's when each donor is
    treated as if it had had the intervention.
    """

    weights: tuple[tuple[str, float], ...]
    donors: int
    rmspe_pre: float
    noise: float
    observed_after: int
    expected_after: float
    change_pct: float | None
    rmspe_ratio: float
    placebo_p: float
    placebo_count: int

    @property
    def fit_within_noise(self) -> bool:
        return self.rmspe_pre <= self.noise

    def to_dict(self) -> dict:
        return {
            "weights": [{"area": a, "weight": num(w)} for a, w in self.weights],
            "donors": self.donors,
            "rmspe_pre": num(self.rmspe_pre),
            "noise": num(self.noise),
            "fit_within_noise": self.fit_within_noise,
            "observed_after": self.observed_after,
            "expected_after": num(self.expected_after),
            "change_pct": num(self.change_pct),
            "rmspe_ratio": num(self.rmspe_ratio),
            "placebo_p": num(self.placebo_p),
            "placebo_count": self.placebo_count,
        }


@dataclass(frozen=True)
class AreaControl:
    """The evaluation's own control (the rest of the data or a drawn outline), side by side."""

    res: RelativeEffectSize
    control_change_pct: float | None

    def to_dict(self) -> dict:
        return {"control_change_pct": num(self.control_change_pct), **_res_dict(self.res)}


@dataclass(frozen=True)
class Recommendation:
    """Which comparison to read (``'synthetic'``, ``'matched'`` or ``'caution'``) and why."""

    use: str
    text: str
    reason: str

    def to_dict(self) -> dict:
        return {"use": self.use, "text": self.text, "reason": self.reason}


@dataclass(frozen=True)
class Comparison:
    """Everything the comparison found; a method not asked for is ``None``."""

    methods: tuple[str, ...]
    candidates: int
    excluded: tuple[str, ...]
    before_months: int
    after_months: int
    target_pre_mean: float
    target_slope: float
    matched: MatchedComparison | None
    synthetic: SyntheticControl | None
    area: AreaControl | None
    recommendation: Recommendation

    def to_dict(self) -> dict:
        return {
            "methods": list(self.methods),
            "candidates": self.candidates,
            "excluded_areas": list(self.excluded),
            "before_months": self.before_months,
            "after_months": self.after_months,
            "target_pre_mean": num(self.target_pre_mean),
            "target_slope": num(self.target_slope),
            "matched": None if self.matched is None else self.matched.to_dict(),
            "synthetic": None if self.synthetic is None else self.synthetic.to_dict(),
            "area": None if self.area is None else self.area.to_dict(),
            "recommendation": self.recommendation.to_dict(),
        }
