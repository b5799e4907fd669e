"""Before/after impact evaluation of a place-based intervention (closure order, fencing, …).

One call, :func:`evaluate`, compares a **target** (the site) with a **buffer** ring of ``B``
metres around it (where displaced incidents would go) and a **control** (what would have
happened anyway; by default every incident outside target and buffer), over ``N`` months before
and ``M`` after the intervention. It returns an :class:`Evaluation` with, per area, counts, the
change in the monthly rate, the rate ratio with its exact interval and p-value
(:mod:`~clearhold.analysis.rates`); the relative effect size (:mod:`~clearhold.analysis.res`);
the weighted displacement quotient and total net effect (:mod:`~clearhold.analysis.displacement`);
the Weighted Displacement Difference test against a same-size control nearby, or the control
(:mod:`~clearhold.analysis.wdd`); an interrupted time series when there are 24 months before
(:mod:`~clearhold.analysis.its`) and a controlled one, site against that control, when 24
unbroken months run up to the intervention (:mod:`~clearhold.analysis.cits`);
the minimum detectable reduction (:mod:`~clearhold.analysis.detectable`) and the small-count
Bayesian reading (:mod:`~clearhold.analysis.small_counts`);
monthly series for charts; and plain-English warnings. :func:`objective_check` then judges a
SMART objective (:mod:`~clearhold.analysis.objectives`). Windows follow the month rule of
:mod:`~clearhold.analysis.periods`. Design: Eck (2002) *Assessing Responses to Problems*, POP
Center; Bowers & Johnson (2003); Farrington & Welsh (2002).

Bad input → :class:`EvaluationInputError` (a ``ValueError``) naming the problem: intervention
outside the data; before window running past the start of the data (the missing months named);
no after month in the data yet; target polygon with no incidents; control overlapping target or
buffer (the overlap in m²); unknown category codes (the valid ones listed); arrays of different
lengths, missing months, incident months outside ``data_months``. Conditions an evaluation can
live with are **warnings** on the result instead: after window shortened by the end of the data
(months named), months missing inside a window (named, left out of the rates, never zeros),
partial intervention month left out, zero before counts (ratio ``None`` and why), a WDQ read
on a non-significant success measure, too few incidents to detect the change, a peak in the
months just before the intervention (regression to the mean, :mod:`~clearhold.analysis.rtm`),
a control that changed a lot, no interrupted time series (why), a WDD control far larger than
the site or no same-size control, incidents without a location or date. Codes:
:mod:`~clearhold.analysis.evaluate_warnings`.

Pure numpy/scipy/statsmodels/shapely: no Django import.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np

from clearhold.analysis.cits import CITSResult, controlled_its, recent_pre_period
from clearhold.analysis.comparison import compare_areas
from clearhold.analysis.detectable import minimum_detectable_reduction
from clearhold.analysis.displacement import total_net_effect, weighted_displacement_quotient
from clearhold.analysis.evaluate_controls import controlled_wdd
from clearhold.analysis.evaluate_inputs import AREAS, select_incidents
from clearhold.analysis.evaluate_warnings import build_warnings, wdd_warnings
from clearhold.analysis.its import ITSResult, interrupted_time_series
from clearhold.analysis.objectives import ObjectiveCheck, objective_check
from clearhold.analysis.outcomes import AreaSummary, Evaluation, EvaluationWarning, MonthlySeries
from clearhold.analysis.periods import EvaluationInputError, Windows, month_index
from clearhold.analysis.rates import rate_ratio
from clearhold.analysis.res import monthly_dispersion, relative_effect_size
from clearhold.analysis.rtm import regression_to_mean
from clearhold.analysis.small_counts import small_counts
from clearhold.analysis.wdd import CONTROL_KINDS, POOL_SIZE, WDDOutcome

__all__ = [
    "CONTROL_KINDS",
    "AreaSummary",
    "CITSResult",
    "Evaluation",
    "EvaluationInputError",
    "EvaluationWarning",
    "ITSResult",
    "MonthlySeries",
    "ObjectiveCheck",
    "WDDOutcome",
    "evaluate",
    "objective_check",
]

DAYS_PER_MONTH = 365.25 / 12


def evaluate(
    *,
    easting: np.ndarray,
    northing: np.ndarray,
    month: np.ndarray,
    category: np.ndarray,
    target: object,
    intervention: object,
    categories: Sequence[str] | None = None,
    valid_categories: Collection[str] | None = None,
    buffer_m: float = 250.0,
    control: object | None = None,
    months_before: int = 12,
    months_after: int = 12,
    data_months: Collection | None = None,
    date: np.ndarray | None = None,
    daily: bool = False,
    claimed_reduction_pct: float | None = None,
    control_change_threshold_pct: float = 20.0,
    area: np.ndarray | None = None,
    comparison: Collection[str] = (),
    wdd_control: str = "same-size",
    wdd_pool: int = POOL_SIZE,
) -> Evaluation:
    """Evaluate a target against its buffer and a control, before and after an intervention.

    Incidents are parallel arrays: ``easting``/``northing`` (BNG metres, NaN = no location),
    ``month`` (``datetime64[M]``), ``category`` (codes), optional ``date`` (``datetime64[D]``,
    NaT when only the month is known). ``target`` and ``control`` are shapely polygons in BNG;
    ``intervention`` a date (``date``, ``'YYYY-MM-DD'`` or ``datetime64``). ``categories`` the codes
    to count (default: all), checked against ``valid_categories`` (default: the codes in the
    data). ``data_months``: the months the data cover (default: the months present in
    ``month`` — pass it when a month may hold no incident at all). ``daily=True`` counts by
    exact dates (see :mod:`~clearhold.analysis.periods`); the monthly series, the dispersion,
    the regression-to-the-mean check, the time series and :func:`objective_check` still use the
    month rule. ``claimed_reduction_pct``: the fall the partnership *claims* (not its objective,
    which :func:`objective_check` judges), compared with the minimum detectable reduction.
    ``control_change_threshold_pct``: see the ``control_changed`` warning in
    :mod:`~clearhold.analysis.evaluate_warnings`.
    ``comparison``: any of ``'matched'``, ``'synthetic'``, ``'area'`` for a fair comparison
    (:mod:`~clearhold.analysis.comparison`), which needs ``area``, each incident's small area
    (LSOA) label.
    ``wdd_control``: the control of the WDD test and the controlled time series,
    ``"same-size"`` (the site's outline moved to the ``wdd_pool`` nearby positions nearest
    its before count, averaged, :mod:`~clearhold.analysis.wdd`) or ``"control"`` (the
    evaluation's control).
    """
    chosen = select_incidents(
        easting=easting,
        northing=northing,
        month=month,
        category=category,
        date=date,
        target=target,
        intervention=intervention,
        categories=categories,
        valid_categories=valid_categories,
        buffer_m=buffer_m,
        control=control,
        months_before=months_before,
        months_after=months_after,
        data_months=data_months,
        daily=daily,
        area=area,
        comparison=comparison,
    )
    x, y, midx, dates, keep = chosen.x, chosen.y, chosen.midx, chosen.dates, chosen.keep
    covered, windows, areas, masks = chosen.covered, chosen.windows, chosen.areas, chosen.masks
    span = np.arange(int(covered[0]), int(covered[-1]) + 1)

    def count(area_masks):
        return _area_counts(area_masks, midx, span, windows, dates if daily else None, covered)

    series, counts = count(masks)
    if daily:
        t_b, t_a = windows.exposure_before, windows.exposure_after
    else:
        t_b, t_a = float(len(windows.before)), float(len(windows.after))
    pos_b = np.asarray(windows.before, dtype=np.int64) - int(span[0])
    pos_a = np.asarray(windows.after, dtype=np.int64) - int(span[0])

    summaries = {k: _summary(k, *counts[k], t_b, t_a) for k in AREAS}
    (tb, ta), (bb, ba), (cb, ca) = (counts[k] for k in AREAS)
    phi_t = monthly_dispersion(series["target"][pos_b], series["target"][pos_a]).phi
    phi_c = monthly_dispersion(series["control"][pos_b], series["control"][pos_a]).phi
    res = relative_effect_size(tb=tb, ta=ta, cb=cb, ca=ca, phi_target=phi_t, phi_control=phi_c)
    wdq = weighted_displacement_quotient(tb=tb, ta=ta, bb=bb, ba=ba, cb=cb, ca=ca)
    its, its_reason = _its(series["target"], span, covered, windows)
    wdd, cits, cits_reason = _against_control(
        wdd_control,
        areas,
        (x, y, midx),
        count,
        series,
        counts,
        windows,
        covered,
        (t_b, t_a),
        pool=wdd_pool,
    )
    mdr = minimum_detectable_reduction(before=tb, t_before=t_b, t_after=t_a, dispersion=phi_t)
    rtm = regression_to_mean(
        series["target"], span, covered, int(month_index(windows.intervention)) - 1
    )
    in_windows = np.isin(midx, windows.before + windows.after)
    unlocated = int((in_windows & ~(np.isfinite(x) & np.isfinite(y))).sum())

    compared = None
    if comparison:
        compared = compare_areas(
            methods=comparison,
            area=np.asarray(area, dtype=object)[keep],
            month_pos=midx - int(span[0]),
            in_site=masks["target"] | masks["buffer"],
            target_series=series["target"],
            before=pos_b,
            after=pos_a,
            area_res=res,
            area_change_pct=summaries["control"].change_pct,
        )
    unit = DAYS_PER_MONTH if daily else 1.0
    notes = build_warnings(
        windows=windows,
        summaries=summaries,
        res=res,
        wdq=wdq,
        its_reason=its_reason,
        mdr=mdr,
        claimed_reduction_pct=claimed_reduction_pct,
        rtm=rtm,
        span=span,
        covered=covered,
        control_change_threshold_pct=control_change_threshold_pct,
        unlocated=unlocated,
        selected=int(in_windows.sum()),
        undated=0 if not daily else int(np.isnat(dates).sum()),
    )
    notes += wdd_warnings(wdd)
    return Evaluation(
        target=summaries["target"],
        buffer=summaries["buffer"],
        control=summaries["control"],
        res=res,
        wdq=wdq,
        its=its,
        its_reason=its_reason,
        windows=windows,
        months_before=t_b / unit,
        months_after=t_a / unit,
        minimum_detectable_reduction=mdr,
        regression_to_mean=rtm,
        small_counts=small_counts(before=tb, after=ta, t_before=t_b, t_after=t_a),
        unlocated=unlocated,
        total_net_effect=total_net_effect(tb=tb, ta=ta, bb=bb, ba=ba, cb=cb, ca=ca),
        categories=chosen.chosen,
        buffer_m=float(buffer_m),
        series=_series(series, span, covered, windows),
        warnings=tuple(notes),
        comparison=compared,
        wdd=wdd,
        cits=cits,
        cits_reason=cits_reason,
    )


def _summary(name: str, before: int, after: int, t_b: float, t_a: float) -> AreaSummary:
    rr = rate_ratio(before=before, after=after, t_before=t_b, t_after=t_a)
    change = None if rr.estimate is None else 100.0 * (rr.estimate - 1.0)
    return AreaSummary(name, before, after, change, rr)


def _against_control(kind, areas, points, count, series, counts, windows, covered, periods, pool):
    """The WDD test against the ``kind`` of control, and the controlled time series of the
    site against that same control (:mod:`~clearhold.analysis.evaluate_controls`)."""
    x, y, midx = points
    before = np.isin(midx, windows.before) & np.isfinite(x) & np.isfinite(y)
    wdd, control_series = controlled_wdd(
        kind,
        areas,
        x,
        y,
        before=before,
        count=count,
        series=series,
        counts=counts,
        periods=periods,
        pool=pool,
    )
    cits, reason = controlled_its(
        np.arange(int(covered[0]), int(covered[-1]) + 1),
        series["target"],
        control_series,
        covered=covered,
        step_month=windows.first_after_month,
        after=np.asarray(windows.after),
        excluded_month=windows.excluded_month,
        control_name=wdd.control,
    )
    return wdd, cits, reason


def _area_counts(masks, midx, span, windows: Windows, dates, covered):
    """Monthly series over ``span`` and (before, after) counts per area; by exact date when
    ``dates`` is given (the day rule)."""
    first = int(span[0])
    series = {
        k: np.bincount(midx[v] - first, minlength=span.size).astype(np.int64)
        for k, v in masks.items()
    }
    if dates is not None:
        return series, _day_counts(masks, dates, windows, covered)
    pos_b = np.asarray(windows.before, dtype=np.int64) - first
    pos_a = np.asarray(windows.after, dtype=np.int64) - first
    return series, {k: (int(s[pos_b].sum()), int(s[pos_a].sum())) for k, s in series.items()}


def _day_counts(masks, dates, windows: Windows, covered) -> dict[str, tuple[int, int]]:
    """Counts by exact date under the day rule; undated incidents count in neither window."""
    dated = ~np.isnat(dates)
    in_data = np.zeros(dates.shape, dtype=bool)
    in_data[dated] = np.isin(month_index(dates[dated]), covered)
    (b0, b1), (a0, a1) = windows.day_before, windows.day_after
    before = in_data & (dates >= b0) & (dates < b1)
    after = in_data & (dates >= a0) & (dates < a1)
    return {k: (int((m & before).sum()), int((m & after).sum())) for k, m in masks.items()}


def _its(target_series, span, covered, windows: Windows) -> tuple[ITSResult | None, str | None]:
    """ITS on the target's months the data cover: the unbroken run of months right before the
    intervention (months behind a gap are not counted; the partial month left out) and the
    after window."""
    run, reason = recent_pre_period(covered, windows.first_after_month, windows.excluded_month)
    if reason is not None:
        return None, reason
    present = np.isin(span, covered)
    use = present & (np.isin(span, run) | np.isin(span, windows.after))
    return interrupted_time_series(
        span[use], target_series[use], step_month=windows.first_after_month
    )


def _series(series, span, covered, windows: Windows) -> MonthlySeries:
    present = np.isin(span, covered)
    period = []
    for m, ok in zip(span, present, strict=True):
        if not ok:
            period.append("missing")
        elif m in windows.before:
            period.append("before")
        elif m in windows.after:
            period.append("after")
        elif m == windows.excluded_month:
            period.append("excluded")
        else:
            period.append("")

    def values(s):
        return tuple(int(v) if ok else None for v, ok in zip(s, present, strict=True))

    return MonthlySeries(
        months=tuple(str(np.datetime64(int(m), "M")) for m in span),
        target=values(series["target"]),
        buffer=values(series["buffer"]),
        control=values(series["control"]),
        period=tuple(period),
    )
