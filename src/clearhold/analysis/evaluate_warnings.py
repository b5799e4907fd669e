"""Plain-English warnings for a before/after evaluation: each a code and a message with its reason.

Codes (stable, for templates and the API):

- ``partial_month_excluded`` — intervention not on the 1st: that month is left out (month rule).
- ``after_window_short`` — the data end before the after window does (months named).
- ``months_missing`` — months absent from the data inside a window (named; left out, not zeros);
  ``months_missing_elsewhere`` — gaps elsewhere in the data's span (series, time series).
- ``no_location`` / ``undated_excluded`` — incidents that cannot be placed in an area / a window.
- ``rate_ratio_undefined`` — an area had no incidents before.
- ``res_undefined`` / ``res_zero_cell_corrected`` — see :mod:`clearhold.analysis.res`.
- ``wdq_fragile`` — the WDQ is read (the target did better than the control) but the relative
  effect size's headline interval includes 1, so its denominator is indistinguishable from 0.
- ``underpowered`` — the reduction the partnership claims (or, without a claim, the observed
  one) is smaller than the minimum detectable reduction of :mod:`clearhold.analysis.detectable`
  (80% power, two-sided 5%, before count uncertain, measured dispersion), or no reduction at
  all is detectable, or only falls of 50% or more are (then a non-significant result is not
  evidence of no effect).
- ``regression_to_mean`` — the months just before the intervention (default 3) are
  significantly higher (one-sided 5%) than the recent unbroken baseline before them, by the
  quasi-Poisson test of :mod:`clearhold.analysis.rtm` (months, z and p named).
  ``regression_to_mean_unchecked`` when those months are missing or the baseline is too short.
- ``control_changed`` — the control's monthly rate changed by at least the threshold (default
  20%). Why 20%: the control stands for what would have happened at the target anyway; a whole
  comparison area moving by 20% is as large as the effects place-based responses are judged by,
  so something wider happened (a recording or reporting change, an operation, an exceptional
  event) and the relative effect size then rests on how well the control matches the target.
- ``its_not_fitted`` — why there is no interrupted time series.
- ``wdd_control_large`` — the WDD test's control had more than 5 times the site's before count:
  the WDD is a difference of counts, so the control's own change then dominates it.
- ``wdd_no_same_size_control`` — no nearby position fits the site's outline and buffer clear
  of them, so the WDD test uses the evaluation's control.
"""

from __future__ import annotations

import numpy as np

from clearhold.analysis.displacement import WDQ
from clearhold.analysis.evaluate_inputs import month_name
from clearhold.analysis.outcomes import AreaSummary, EvaluationWarning
from clearhold.analysis.periods import Windows, month_label, month_runs
from clearhold.analysis.res import RelativeEffectSize
from clearhold.analysis.rtm import RegressionToMean
from clearhold.analysis.wdd import LARGE_CONTROL_FACTOR, SEARCH_RADIUS_M, WDDOutcome

__all__ = ["SMALL_EFFECT_MDR", "build_warnings", "wdd_warnings"]

#: Warn whenever only falls of at least this fraction are detectable (analytics.md).
SMALL_EFFECT_MDR = 0.5


def build_warnings(
    *,
    windows: Windows,
    summaries: dict[str, AreaSummary],
    res: RelativeEffectSize,
    wdq: WDQ,
    its_reason: str | None,
    mdr: float | None,
    claimed_reduction_pct: float | None,
    rtm: RegressionToMean,
    span: np.ndarray,
    covered: np.ndarray,
    control_change_threshold_pct: float,
    unlocated: int,
    selected: int,
    undated: int,
) -> list[EvaluationWarning]:
    """All warnings that apply, in reading order."""
    out: list[EvaluationWarning] = []
    out += _window_warnings(windows, span, covered)
    out += _count_warnings(unlocated, selected, undated)
    out += _effect_warnings(summaries, res, wdq)
    out += _power_warning(summaries["target"], mdr, claimed_reduction_pct)
    out += _rtm_warning(rtm)
    out += _control_warning(summaries["control"], control_change_threshold_pct)
    if its_reason:
        text = f"No interrupted time series: {its_reason}."
        out.append(EvaluationWarning("its_not_fitted", text))
    return out


def _count_warnings(unlocated: int, selected: int, undated: int) -> list[EvaluationWarning]:
    """Incidents of the chosen categories that no area or no day window can count."""
    out: list[EvaluationWarning] = []
    if unlocated:
        out.append(
            EvaluationWarning(
                "no_location",
                f"{unlocated} of the {selected} incidents of the chosen categories in the "
                "before and after windows have no location, so they are counted in no area.",
            )
        )
    if undated:
        out.append(
            EvaluationWarning(
                "undated_excluded",
                f"{undated} incidents of the chosen categories have a month but no exact date, "
                "so the day-by-day windows cannot count them; they are left out.",
            )
        )
    return out


def _effect_warnings(
    summaries: dict[str, AreaSummary], res: RelativeEffectSize, wdq: WDQ
) -> list[EvaluationWarning]:
    """Rate ratios and a relative effect size that are undefined or corrected, and a WDQ read
    from a difference that is not significant."""
    out: list[EvaluationWarning] = []
    for name, summary in summaries.items():
        if summary.rate_ratio.estimate is None:
            out.append(
                EvaluationWarning(
                    "rate_ratio_undefined", f"{name.capitalize()}: {summary.rate_ratio.reason}."
                )
            )
    if res.reason:
        out.append(EvaluationWarning("res_undefined", res.reason[0].upper() + res.reason[1:] + "."))
    elif res.corrected:
        out.append(
            EvaluationWarning(
                "res_zero_cell_corrected",
                "The target or the control had no incidents after, which makes the relative "
                "effect size infinite or zero; 0.5 was added to all four counts (the "
                "Haldane-Anscombe correction) so that it and its interval are finite.",
            )
        )
    if wdq.wdq is not None and res.ci95 is not None and res.ci95[0] <= 1 <= res.ci95[1]:
        out.append(
            EvaluationWarning(
                "wdq_fragile",
                f"The WDQ ({wdq.wdq:.2f}) can be read because the target did better than the "
                "control, but that difference is not statistically significant (the relative "
                f"effect size's 95% interval, {res.ci95[0]:.2f} to {res.ci95[1]:.2f}, includes "
                "1). With so small a success measure the WDQ swings widely, so its reading is "
                "not evidence of displacement or of diffusion of benefits.",
            )
        )
    return out


def _control_warning(control: AreaSummary, threshold_pct: float) -> list[EvaluationWarning]:
    """The control area changed as much as the effects place-based responses are judged by."""
    out: list[EvaluationWarning] = []
    if control.change_pct is not None and abs(control.change_pct) >= threshold_pct:
        out.append(
            EvaluationWarning(
                "control_changed",
                f"The control area's monthly rate changed by {control.change_pct:+.0f}% "
                f"({control.before} incidents before, {control.after} after). A change of "
                f"{threshold_pct:g}% or more is as large as the effects "
                "place-based responses are judged by, so something affected the wider area "
                "too (a recording or reporting change, an operation, an exceptional event); "
                "the control may not show what would have happened at the target, and the "
                "relative effect size leans on that choice.",
            )
        )
    return out


def _window_warnings(windows: Windows, span, covered) -> list[EvaluationWarning]:
    out = []
    if windows.excluded_month is not None and windows.unit == "month":
        out.append(
            EvaluationWarning(
                "partial_month_excluded",
                f"The intervention date {windows.intervention} is not the 1st of the month. "
                "Police.uk records give the month, not the date, so incidents in "
                f"{month_name(windows.excluded_month)} cannot be placed before or after it; "
                "that month is left out and the after window starts in "
                f"{month_name(windows.excluded_month + 1)}.",
            )
        )
    if windows.not_yet_in_data:
        asked = windows.months_after_requested
        if windows.unit == "day":
            got = f"ends on {windows.day_after[1] - np.timedelta64(1, 'D')}"
        else:
            got = (
                f"is {len(windows.after)} months ({month_label(windows.after[0])} to "
                f"{month_label(windows.after[-1])})"
            )
        out.append(
            EvaluationWarning(
                "after_window_short",
                f"{asked} months after were asked for, but the data end in "
                f"{month_label(int(covered[-1]))}, so the after window {got}; "
                f"{month_runs(windows.not_yet_in_data)} are not in the data yet. Rates are per "
                "month, so the comparison is still like for like, but the intervals are wider "
                "and the months of the year differ between the windows.",
            )
        )
    gaps = windows.missing_before + windows.missing_after
    if gaps:
        out.append(
            EvaluationWarning(
                "months_missing",
                f"The data have no records for {month_runs(gaps)}, inside the evaluation windows. "
                "Those months are left out of the rates, not counted as zero: the before "
                f"window uses {len(windows.before)} months and the after window "
                f"{len(windows.after)}.",
            )
        )
    other = [int(m) for m in span if m not in covered and m not in gaps]
    if other:
        out.append(
            EvaluationWarning(
                "months_missing_elsewhere",
                f"The data also have no records for {month_runs(other)}, outside the windows; the "
                "monthly series show a gap there, and the time series skips them.",
            )
        )
    return out


def _power_warning(target: AreaSummary, mdr, claimed) -> list[EvaluationWarning]:
    b = target.before
    if b == 0:
        return []
    if mdr is None:
        return [
            EvaluationWarning(
                "underpowered",
                f"With {b} incidents in the target before, no fall is detectable, not even a "
                "fall to zero: allowing for the before count's own chance variation and the "
                "month-to-month dispersion, no fall would reach 5% significance with 80% "
                "power. The counts are too small to test any claimed reduction.",
            )
        ]
    detectable = (
        f"With {b} incidents in the target before, a fall in the monthly rate would have to "
        f"be at least {100 * mdr:.0f}% to be detected reliably (80% power, 5% two-sided, "
        "allowing for the before count's own chance variation and the month-to-month "
        "dispersion)"
    )
    rr = target.rate_ratio.estimate
    if claimed is not None:
        interest, what = float(claimed), "claimed"
    elif rr is not None and rr < 1:
        interest, what = 100.0 * (1.0 - rr), "observed"
    else:
        interest, what = None, ""
    if interest is not None and interest < 100 * mdr:
        return [
            EvaluationWarning(
                "underpowered",
                f"{detectable}; the {what} fall of {interest:.0f}% is smaller, so there are too "
                "few incidents to confirm it.",
            )
        ]
    if mdr >= SMALL_EFFECT_MDR:
        return [
            EvaluationWarning(
                "underpowered",
                f"{detectable}. Smaller falls, even real ones, would not show up as "
                "significant: a non-significant result here is not evidence of no effect.",
            )
        ]
    return []


def _rtm_warning(rtm: RegressionToMean) -> list[EvaluationWarning]:
    why = (
        "Places are chosen for action when they peak and peaks tend to fall back on their own "
        "(regression to the mean), so part of any fall would probably have happened anyway."
    )
    if rtm.reason:
        return [
            EvaluationWarning(
                "regression_to_mean_unchecked",
                f"Whether the months just before the intervention were a peak cannot be "
                f"checked: {rtm.reason}. {why}",
            )
        ]
    if not rtm.peak:
        return []
    recent, base = rtm.recent_months, rtm.baseline_months
    p = "< 0.001" if rtm.p_value < 0.001 else f"= {rtm.p_value:.3f}"
    return [
        EvaluationWarning(
            "regression_to_mean",
            f"The {len(recent)} months just before the intervention ({month_name(recent[0])} "
            f"to {month_name(recent[-1])}) averaged {rtm.recent_mean:.1f} incidents a month "
            f"against {rtm.baseline_mean:.1f} over the {len(base)} months before them "
            f"({month_name(base[0])} to {month_name(base[-1])}): z = {rtm.z:.1f}, one-sided "
            f"p {p}, allowing for month-to-month variation (dispersion {rtm.dispersion:.2f}). "
            + why,
        )
    ]


def wdd_warnings(wdd: WDDOutcome) -> list[EvaluationWarning]:
    """Cautions about the WDD test's control: none found of the site's size, or one far larger."""
    out = []
    if wdd.no_same_size:
        out.append(
            EvaluationWarning(
                "wdd_no_same_size_control",
                "No same-size control was found for the WDD test: no position within "
                f"{SEARCH_RADIUS_M / 1000:g} km keeps the site's outline and its buffer clear of "
                "the site and its buffer. The test uses the evaluation's control instead.",
            )
        )
    if wdd.control_large:
        c = wdd.counts
        out.append(
            EvaluationWarning(
                "wdd_control_large",
                f"The WDD test's control ({wdd.control}) had {c['control_before']:,} incidents "
                f"before, more than {LARGE_CONTROL_FACTOR:g} times the site's "
                f"{c['target_before']:,}. The WDD is a difference of counts, so the control's "
                f"own change ({c['control_after'] - c['control_before']:+,}) dominates the "
                "estimate and its standard error; a control of the site's size compares like "
                "with like.",
            )
        )
    return out
