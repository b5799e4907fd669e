"""Result objects of a before/after evaluation: frozen dataclasses with JSON-safe ``to_dict``."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from clearhold.analysis.cits import CITSResult
from clearhold.analysis.displacement import WDQ
from clearhold.analysis.its import ITSResult
from clearhold.analysis.periods import Windows, month_label, month_labels
from clearhold.analysis.rates import RateRatio
from clearhold.analysis.res import RelativeEffectSize
from clearhold.analysis.rtm import RegressionToMean
from clearhold.analysis.small_counts import SmallCounts
from clearhold.analysis.wdd import WDDOutcome

if TYPE_CHECKING:
    from clearhold.analysis.comparison_result import Comparison

__all__ = ["AreaSummary", "Evaluation", "EvaluationWarning", "MonthlySeries"]


def num(x: float | None) -> float | None:
    """A JSON-safe number: ``None`` for missing, NaN or infinite."""
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


def pair(ci: tuple[float, float] | None) -> list[float | None] | None:
    return None if ci is None else [num(ci[0]), num(ci[1])]


@dataclass(frozen=True)
class EvaluationWarning:
    """A plain-English caution about the evaluation: a stable ``code`` and a ``message``
    that gives the reason."""

    code: str
    message: str

    def to_dict(self) -> dict:
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True)
class AreaSummary:
    """Counts before and after in one area, and the change in its monthly rate.

    ``change_pct`` is the change in the *rate per month*, ``100·(a/M - b/N)/(b/N)``, which is
    ``100·(a - b)/b`` when the windows are the same length; with a shortened after window the
    raw count change would mostly measure the shorter window.
    """

    name: str
    before: int
    after: int
    change_pct: float | None
    rate_ratio: RateRatio

    def to_dict(self) -> dict:
        return {
            "before": self.before,
            "after": self.after,
            "change_pct": num(self.change_pct),
            "rate_ratio": num(self.rate_ratio.estimate),
            "rate_ratio_ci95": pair(self.rate_ratio.ci95),
            "p_value": num(self.rate_ratio.p_value),
        }


@dataclass(frozen=True)
class MonthlySeries:
    """Monthly counts per area over the data's span, for charts.

    ``None`` marks a month the data do not cover (never a zero). ``period`` is ``'before'``,
    ``'after'``, ``'excluded'`` (the partial intervention month), ``'missing'`` or ``''``.
    """

    months: tuple[str, ...]
    target: tuple[int | None, ...]
    buffer: tuple[int | None, ...]
    control: tuple[int | None, ...]
    period: tuple[str, ...]

    def to_dict(self) -> dict:
        return {
            "months": list(self.months),
            "target": list(self.target),
            "buffer": list(self.buffer),
            "control": list(self.control),
            "period": list(self.period),
        }


@dataclass(frozen=True)
class Evaluation:
    """A before/after evaluation of a target against a buffer and a control.

    ``months_before``/``months_after`` are the lengths the rates use: whole months the data
    cover (days ÷ (365.25/12) under the day rule). ``its`` is ``None`` with ``its_reason``;
    ``minimum_detectable_reduction`` is a fraction (see
    :func:`clearhold.analysis.detectable.minimum_detectable_reduction`); ``total_net_effect`` in
    incidents over the after window; ``regression_to_mean`` the peak test of
    :mod:`~clearhold.analysis.rtm`; ``small_counts`` the Bayesian reading of
    :mod:`~clearhold.analysis.small_counts`; ``unlocated`` the incidents of the chosen categories
    in the before and after windows that have no location; ``wdd`` the Weighted Displacement
    Difference test against its control (:mod:`~clearhold.analysis.wdd`); ``cits`` the
    controlled interrupted time series (:mod:`~clearhold.analysis.cits`), ``None`` with
    ``cits_reason``; ``comparison`` the fair comparison when one was asked for.
    """

    target: AreaSummary
    buffer: AreaSummary
    control: AreaSummary
    res: RelativeEffectSize
    wdq: WDQ
    its: ITSResult | None
    its_reason: str | None
    windows: Windows
    months_before: float
    months_after: float
    minimum_detectable_reduction: float | None
    total_net_effect: float | None
    categories: tuple[str, ...]
    buffer_m: float
    series: MonthlySeries
    warnings: tuple[EvaluationWarning, ...]
    regression_to_mean: RegressionToMean
    small_counts: SmallCounts
    unlocated: int
    comparison: Comparison | None = None
    wdd: WDDOutcome | None = None
    cits: CITSResult | None = None
    cits_reason: str | None = None

    def to_dict(self, *, detail: bool = False) -> dict:
        """JSON-safe dict: the areas, the RES with both intervals, which is the headline and
        why, the dispersions, the WDQ, the total net effect, the minimum detectable reduction,
        the regression-to-the-mean test, the small-count reading, the unlocated count, the time
        series, the window lengths and the warnings. ``detail=True`` adds a ``detail`` key
        (series, windows)."""
        res = self.res
        mdr = self.minimum_detectable_reduction
        out = {
            "target": self.target.to_dict(),
            "buffer": self.buffer.to_dict(),
            "control": self.control.to_dict(),
            "res": num(self.res.res),
            "res_ci95": pair(self.res.ci95),
            "res_ci95_poisson": pair(res.ci95_poisson),
            "res_ci95_overdispersed": pair(res.ci95_overdispersed),
            "res_headline": res.headline,
            "res_headline_reason": res.headline_reason,
            "dispersion_target": num(res.phi_target),
            "dispersion_control": num(res.phi_control),
            "wdq": num(self.wdq.wdq),
            "wdq_reading": self.wdq.reading,
            "total_net_effect": num(self.total_net_effect),
            "minimum_detectable_reduction_pct": num(None if mdr is None else 100 * mdr),
            "regression_to_mean": self.regression_to_mean.to_dict(),
            "small_counts": self.small_counts.to_dict(),
            "unlocated": self.unlocated,
            "its": None if self.its is None else self.its.to_dict(),
            "wdd": None if self.wdd is None else self.wdd.to_dict(),
            "cits": None if self.cits is None else self.cits.to_dict(),
            "cits_reason": self.cits_reason,
            "months_before": _months(self.months_before),
            "months_after": _months(self.months_after),
            "warnings": [w.to_dict() for w in self.warnings],
        }
        if self.comparison is not None:
            out["comparison"] = self.comparison.to_dict()
        if detail:
            out["detail"] = self._detail()
        return out

    def _detail(self) -> dict:
        w = self.windows
        day = None
        if w.day_before is not None and w.day_after is not None:
            day = {
                "before": [str(w.day_before[0]), str(w.day_before[1])],
                "after": [str(w.day_after[0]), str(w.day_after[1])],
                "days_before": w.exposure_before,
                "days_after": w.exposure_after,
            }
        excluded = None if w.excluded_month is None else month_label(w.excluded_month)
        return {
            "intervention": str(w.intervention),
            "categories": list(self.categories),
            "buffer_m": self.buffer_m,
            "windows": {
                "unit": w.unit,
                "before": month_labels(w.before),
                "after": month_labels(w.after),
                "excluded_month": excluded,
                "missing": month_labels(w.missing_before + w.missing_after),
                "not_yet_in_data": month_labels(w.not_yet_in_data),
                "days": day,
            },
            "res": {
                "headline": self.res.headline,
                "headline_reason": self.res.headline_reason,
                "ci95_poisson": pair(self.res.ci95_poisson),
                "ci95_overdispersed": pair(self.res.ci95_overdispersed),
                "dispersion_target": num(self.res.phi_target),
                "dispersion_control": num(self.res.phi_control),
                "zero_cell_corrected": self.res.corrected,
                "reason": self.res.reason,
            },
            "its_reason": self.its_reason,
            "minimum_detectable_reduction_pct": num(
                None
                if self.minimum_detectable_reduction is None
                else 100 * self.minimum_detectable_reduction
            ),
            "total_net_effect": num(self.total_net_effect),
            "series": self.series.to_dict(),
        }


def _months(x: float) -> int | float:
    return int(x) if float(x).is_integer() else round(float(x), 2)
