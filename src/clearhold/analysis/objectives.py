"""SMART objective check against an evaluation: "reduce X by P% within K months".

The objective is **met** when the target's rate per month over the first ``K`` months of the
after window is at or below ``baseline * (1 - P/100)``, the baseline being the target's rate per
month over the before window (both by the month rule, from the monthly series). It is **not yet
measurable** while the data do not reach the end of those ``K`` months (or when there was no
incident before, so no percentage can be taken). The judgement uses the point estimate, as
partnerships report it; the reason adds the exact 95% interval of the fall so a reader can see
how firm it is.

Example: 24 incidents in 12 months before (2.0 a month), 2 in the first 6 months after (0.33 a
month): an 83% fall, at or beyond a 75% target → ``'met'``.
"""

from __future__ import annotations

from dataclasses import dataclass

from clearhold.analysis.outcomes import Evaluation, num, pair
from clearhold.analysis.periods import month_label
from clearhold.analysis.rates import rate_ratio

__all__ = ["ObjectiveCheck", "objective_check"]


@dataclass(frozen=True)
class ObjectiveCheck:
    """``status`` is ``'met'``, ``'not met'`` or ``'not yet measurable'``; ``reason`` says why."""

    status: str
    reason: str
    target_reduction_pct: float
    within_months: int
    baseline_per_month: float | None = None
    after_per_month: float | None = None
    reduction_pct: float | None = None
    reduction_ci95: tuple[float, float] | None = None
    months_used: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {
            "status": self.status,
            "reason": self.reason,
            "target_reduction_pct": self.target_reduction_pct,
            "within_months": self.within_months,
            "baseline_per_month": num(self.baseline_per_month),
            "after_per_month": num(self.after_per_month),
            "reduction_pct": num(self.reduction_pct),
            "reduction_ci95": pair(self.reduction_ci95),
            "months_used": list(self.months_used),
        }


def objective_check(
    result: Evaluation, target_reduction_pct: float = 75, within_months: int = 6
) -> ObjectiveCheck:
    """Judge "reduce the target's incidents by ``target_reduction_pct``% within
    ``within_months`` months of the intervention" against an :class:`Evaluation`."""
    if not 0 < target_reduction_pct <= 100:
        raise ValueError(f"target_reduction_pct must be in (0, 100], not {target_reduction_pct}")
    if int(within_months) != within_months or within_months < 1:
        raise ValueError(f"within_months must be a whole number ≥ 1, not {within_months}")
    pct, k = float(target_reduction_pct), int(within_months)
    goal = f"a {pct:g}% fall within {k} months"
    w, s = result.windows, result.series
    value = dict(zip(s.months, s.target, strict=True))
    wanted = [month_label(w.first_after_month + i) for i in range(k)]
    last_data = max((m for m, v in value.items() if v is not None), default=None)
    if last_data is None or wanted[-1] > last_data:
        have = sum(1 for m in wanted if value.get(m) is not None)
        return ObjectiveCheck(
            "not yet measurable",
            f"{goal} runs to the end of {wanted[-1]}, but the data reach {last_data}: they "
            f"cover {have} of the {k} months, so the objective cannot be judged yet.",
            pct,
            k,
        )
    used = [m for m in wanted if value.get(m) is not None]
    if not used:
        return ObjectiveCheck(
            "not yet measurable", f"the data have none of the {k} months of {goal}.", pct, k
        )
    before = sum(value[month_label(m)] for m in w.before)
    baseline = before / len(w.before)
    if before == 0:
        return ObjectiveCheck(
            "not yet measurable",
            "there were no incidents in the target before, so a percentage fall cannot be "
            "measured.",
            pct,
            k,
            baseline_per_month=0.0,
        )
    after = sum(value[m] for m in used)
    after_rate = after / len(used)
    rr = rate_ratio(before=before, after=after, t_before=len(w.before), t_after=len(used))
    reduction = 100.0 * (1.0 - rr.estimate)
    ci = (100.0 * (1.0 - rr.ci95[1]), 100.0 * (1.0 - rr.ci95[0]))
    met = after_rate <= baseline * (1.0 - pct / 100.0) + 1e-12
    told = (
        f"The target averaged {after_rate:.2f} incidents a month over {used[0]} to {used[-1]}"
        f"{_missing(k, len(used))}, against {baseline:.2f} before: {_change(reduction)} (95% CI "
        f"from {_change(ci[0])} to {_change(ci[1])})"
    )
    reason = f"{told}, {_verdict(met, ci, pct)}."
    return ObjectiveCheck(
        "met" if met else "not met",
        reason,
        pct,
        k,
        baseline_per_month=baseline,
        after_per_month=after_rate,
        reduction_pct=reduction,
        reduction_ci95=ci,
        months_used=tuple(used),
    )


def _missing(k: int, used: int) -> str:
    """How many of the objective's months the data lack ("" when none)."""
    if used >= k:
        return ""
    return f" ({k - used} of those months are missing from the data and left out)"


def _verdict(met: bool, ci: tuple[float, float], pct: float) -> str:
    """Met or short of the target, and whether the 95% interval rules out the other answer."""
    if met:
        firm = (
            "; the interval includes falls smaller than the target, so the data do not rule "
            "out having missed it"
            if ci[0] < pct
            else "; the whole interval is beyond the target"
        )
        return f"at or beyond the {pct:g}% target{firm}"
    firm = (
        "; the interval reaches the target, so the data do not rule out having met it"
        if ci[1] >= pct
        else ""
    )
    return f"short of the {pct:g}% target{firm}"


def _change(reduction: float) -> str:
    if reduction >= 0:
        return f"a fall of {reduction:.0f}%"
    return f"a rise of {-reduction:.0f}%"
