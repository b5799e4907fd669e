"""The reading of an evaluation in words a partnership manager can repeat.

:func:`headline` answers "did it work?" in one sentence built from the figures: which way the
site's incidents went (fell, rose, no change), whether that change is larger than chance
would explain (the exact test of the site's rate ratio, 5% two-sided), and whether the
objective was met, missed or cannot be judged yet. :func:`displacement_reading` says what the
WDQ shows without contradicting the warnings (a WDQ is only read when the site did clearly
better than the control). :func:`reading_warnings` orders the warnings by how much they change
the reading and splits each into one line and its "why this matters".

Pure Python: no Django import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from clearhold.analysis.objectives import ObjectiveCheck
from clearhold.analysis.outcomes import Evaluation, EvaluationWarning
from clearhold.analysis.periods import month_labels
from clearhold.analysis.rates import rate_ratio

__all__ = [
    "SIGNIFICANCE",
    "ReadingWarning",
    "claim_reading",
    "displacement_reading",
    "headline",
    "objective_reading",
    "reading_warnings",
    "significant",
]

SIGNIFICANCE = 0.05

#: Warning codes, the ones that change the reading most first. Coverage that changes from
#: month to month makes every comparison unsound; a before-period peak or too few incidents
#: decide whether a fall means anything; a moving control changes what the site is compared
#: with; the rest narrow or qualify the figures. ``wdq_fragile`` is not listed: the
#: displacement line itself says the WDQ is not read.
RANK = (
    "coverage_mixed",
    "regression_to_mean",
    "underpowered",
    "control_changed",
    "wdd_control_large",
    "wdd_no_same_size_control",
    "after_window_short",
    "months_missing",
    "rate_ratio_undefined",
    "res_undefined",
    "res_zero_cell_corrected",
    "no_location",
    "undated_excluded",
    "regression_to_mean_unchecked",
    "partial_month_excluded",
    "months_missing_elsewhere",
    "its_not_fitted",
)
FOLDED = frozenset({"wdq_fragile"})


@dataclass(frozen=True)
class ReadingWarning:
    """One warning as the page shows it: ``line`` (one sentence) and ``why`` (why it matters)."""

    code: str
    line: str
    why: str


def _months(n: float) -> str:
    n = round(float(n), 1)
    n = int(n) if n.is_integer() else n
    return f"{n} month{'s' * (n != 1)}"


def _counts(result: Evaluation) -> str:
    t, before, after = result.target, result.months_before, result.months_after
    if abs(before - after) < 1e-9:
        return (
            f"from {t.before} in the {_months(before)} before to {t.after} in the "
            f"{_months(after)} after"
        )
    return (
        f"from {t.before / before:.1f} to {t.after / after:.1f} a month ({t.before} in the "
        f"{_months(before)} before, {t.after} in the {_months(after)} after)"
    )


def _change(result: Evaluation, place: str) -> str:
    t = result.target
    rr = t.rate_ratio
    rising = t.before == 0 and t.after > 0
    if not rising and (rr.estimate is None or rr.estimate == 1):
        before, after = _months(result.months_before), _months(result.months_after)
        return (
            f"Incidents at {place} did not change ({t.before} in the {before} before, "
            f"{t.after} in the {after} after)"
        )
    way = "rose" if rising or rr.estimate > 1 else "fell"
    said = f"Incidents at {place} {way} {_counts(result)}"
    if significant(result):
        return f"{said}, a {'rise' if way == 'rose' else 'fall'} larger than chance would explain"
    return f"{said}, but the change is too small to tell from chance"


def _objective(check: ObjectiveCheck | None) -> str:
    if check is None:
        return ""
    goal = (
        f"the objective of {check.target_reduction_pct:g}% fewer within "
        f"{_months(check.within_months)}"
    )
    verdict = {"met": "was met", "not met": "was not met"}.get(check.status, "cannot be judged yet")
    return f"; {goal} {verdict}"


def headline(result: Evaluation, check: ObjectiveCheck | None, place: str = "the site") -> str:
    """One sentence: the site's change, whether chance could explain it, the objective.

    Example: "Incidents at the site fell from 11 in the 12 months before to 6 in the 12 months
    after, but the change is too small to tell from chance; the objective of 75% fewer within
    6 months was not met."
    """
    return f"{_change(result, place)}{_objective(check)}."


def significant(result: Evaluation) -> bool:
    """Whether the site's change is larger than chance would explain (exact test, 5%). With
    none before the rate ratio is undefined, but its inverse is not: the test is symmetric."""
    t = result.target
    p = t.rate_ratio.p_value
    if t.before == 0 and t.after > 0:
        t_b, t_a = result.months_before, result.months_after
        p = rate_ratio(before=t.after, after=0, t_before=t_a, t_after=t_b).p_value
    return p is not None and p < SIGNIFICANCE


def displacement_reading(result: Evaluation) -> str:
    """The WDQ's reading, or why it is not read. It is read only when the site did better than
    the control and the relative effect size's interval excludes 1: otherwise its denominator
    is indistinguishable from 0 and any reading (even "net harm") would be noise."""
    wdq, res = result.wdq, result.res
    if wdq.wdq is None:
        return wdq.reading[0].upper() + wdq.reading[1:] + "."
    if res.ci95 is not None and res.ci95[0] <= 1 <= res.ci95[1]:
        return (
            "Not read: the site did not do clearly better than the control (the relative effect "
            f"size's 95% interval, {res.ci95[0]:.2f} to {res.ci95[1]:.2f}, includes 1), so the "
            f"WDQ ({wdq.wdq:.2f}) cannot tell displacement or diffusion of benefits from chance."
        )
    return f"{wdq.wdq:.2f}: {wdq.reading}."


def _first_sentence(message: str) -> str:
    return re.split(r"(?<=\.)\s+(?=[A-Z])", message, maxsplit=1)[0]


def _line(result: Evaluation, warning: EvaluationWarning) -> str:
    """A one-line statement of the warning, in the page's plain words."""
    code, w = warning.code, result.windows
    if code == "regression_to_mean":
        return (
            "The months just before the intervention were a peak for this site, so part of any "
            "fall would probably have happened anyway."
        )
    if code == "underpowered":
        mdr = result.minimum_detectable_reduction
        if mdr is None:
            return f"Too few incidents ({result.target.before} before) to show any fall at all."
        return (
            f"Too few incidents ({result.target.before} before): only a fall of "
            f"{100 * mdr:.0f}% or more could be told from chance."
        )
    if code == "control_changed" and result.control.change_pct is not None:
        return (
            f"The control area changed by {result.control.change_pct:+.0f}% too, so the "
            "comparison leans on how well it matches the site."
        )
    if code == "after_window_short":
        return (
            f"Only {len(w.after)} of the {w.months_after_requested} months after are in the "
            "data yet."
        )
    if code == "months_missing":
        gaps = ", ".join(month_labels(w.missing_before + w.missing_after))
        return f"No data for {gaps} inside the windows; those months are left out, not zero."
    if code == "regression_to_mean_unchecked":
        return "Whether the months just before the intervention were a peak cannot be checked."
    if code == "partial_month_excluded" and w.excluded_month is not None:
        month = month_labels([w.excluded_month])[0]
        return f"{month} is left out: the intervention began part-way through it."
    if code == "months_missing_elsewhere":
        return "Some months outside the windows are missing from the data."
    if code == "its_not_fitted":
        return "No month-by-month trend model (interrupted time series) could be fitted."
    return _first_sentence(warning.message)


def reading_warnings(
    result: Evaluation, extra: Iterable[ReadingWarning] = ()
) -> list[ReadingWarning]:
    """The result's warnings and ``extra`` ones (e.g. mixed coverage from the store), the most
    important first: when the site's change is not significant, too few incidents is the main
    reason to doubt it, so ``underpowered`` leads the statistical warnings."""
    rank = list(RANK)
    if not significant(result):
        rank.remove("underpowered")
        rank.insert(1, "underpowered")
    out = list(extra) + [
        ReadingWarning(w.code, _line(result, w), w.message)
        for w in result.warnings
        if w.code not in FOLDED
    ]
    return sorted(out, key=lambda w: rank.index(w.code) if w.code in rank else len(rank))


def _fall(pct: float) -> str:
    """'a 10% fall', 'an 80% fall', 'an 11% rise'."""
    n = f"{abs(pct):.0f}"
    article = "an" if n.startswith("8") or n in ("11", "18") else "a"
    return f"{article} {n}% {'fall' if pct >= 0 else 'rise'}"


def claim_reading(result: Evaluation, claimed_pct: float) -> dict:
    """The partnership's claimed fall set against the fall measured at the site over the after
    window, with its exact 95% interval and the minimum detectable reduction. The claim is
    what the partnership says happened; the objective is what it set out to achieve (judged by
    :func:`~clearhold.analysis.objectives.objective_check`): one is never worded as the other."""
    rr = result.target.rate_ratio
    claimed = float(claimed_pct)
    said = f"The partnership claimed {_fall(claimed)}"
    out = {
        "claimed_reduction_pct": claimed,
        "measured_reduction_pct": None,
        "measured_ci95": None,
        "inside_interval": None,
    }
    if rr.estimate is None or rr.ci95 is None:
        return out | {"reading": f"{said}; no fall can be measured at the site ({rr.reason})."}
    measured = 100.0 * (1.0 - rr.estimate)
    low, high = 100.0 * (1.0 - rr.ci95[1]), 100.0 * (1.0 - rr.ci95[0])
    inside = low <= claimed <= high
    verdict = (
        "the claim lies inside that interval, so these data are consistent with it"
        if inside
        else "the claim lies outside that interval, so these data do not support it"
    )
    mdr = result.minimum_detectable_reduction
    if mdr is None:
        power = "; no fall at all could be detected reliably with these counts"
    elif claimed < 100 * mdr:
        power = f"; a fall that size is below the {100 * mdr:.0f}% these counts could detect"
    else:
        power = ""
    reading = (
        f"{said}; the data measure {_fall(measured)} at the site over "
        f"{_months(result.months_after)} (95% interval from {_fall(low)} to {_fall(high)}): "
        f"{verdict}{power}."
    )
    return out | {
        "measured_reduction_pct": measured,
        "measured_ci95": [low, high],
        "inside_interval": inside,
        "reading": reading,
    }


def objective_reading(check: ObjectiveCheck) -> str:
    """The objective and its verdict in words kept apart from any claim: "Objective: a 75%
    fall within 6 months — not met. …"."""
    return (
        f"Objective: a {check.target_reduction_pct:g}% fall within "
        f"{_months(check.within_months)} — {check.status}. "
        f"{check.reason[0].upper()}{check.reason[1:]}"
    )
