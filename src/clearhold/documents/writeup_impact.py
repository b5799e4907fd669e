"""The write-up's overall impact: the before-and-after evaluation of the problem's main site
(as on the Evaluation page, through the person's own right to the incident data) told as
sentences with their 95% intervals, or one sentence saying why it could not be run."""

from __future__ import annotations

import datetime as dt
from typing import Any

from clearhold.analysis.periods import EvaluationInputError
from clearhold.areas import area_from_geojson
from clearhold.documents.writeup_words import (
    MINUS,
    category_words,
    long_day,
    month_name,
    months_between,
)
from clearhold.evaluation.forms import DEFAULT_CATEGORIES
from clearhold.evaluation.inputs import resolve_categories
from clearhold.evaluation.selectors import evaluation_data
from clearhold.problems.models import Objective, Problem


def _ratio(summary: dict) -> str:
    if summary["rate_ratio"] is None:
        return "no rate ratio (there were no incidents before)"
    low, high = summary["rate_ratio_ci95"]
    p = summary["p_value"]
    estimate = f"rate ratio {summary['rate_ratio']:.2f} (95% CI {low:.2f}–{high:.2f})"
    if p is None:
        return estimate
    return f"{estimate}, {'p < 0.001' if p < 0.001 else f'p = {p:.2f}'}"


def _signed(pct: float | None) -> str:
    if pct is None:
        return "no change can be taken"
    return f"{'+' if pct > 0 else MINUS if pct < 0 else ''}{abs(pct):.0f}%"


def _rate(per_month: float) -> str:
    """Incidents a month to three significant figures or so: 1.58, 11.3, 165."""
    return (
        f"{per_month:.0f}" if per_month >= 100 else f"{per_month:.{1 if per_month >= 10 else 2}f}"
    )


def _area_line(name: str, summary: dict, months_before: float, months_after: float) -> str:
    before, after = summary["before"], summary["after"]
    return (
        f"{name}: {before:,} incidents before and {after:,} after "
        f"({_rate(before / months_before)} → {_rate(after / months_after)} a month), "
        f"{_signed(summary['change_pct'])}: {_ratio(summary)}."
    )


def _res_line(result: dict) -> str:
    if result["res"] is None:
        return f"Relative effect size: not available ({result['detail']['res']['reason']})."
    low, high = result["res_ci95"]
    if low > 1:
        reading = "the whole interval is above 1: the site did better than the control"
    elif high < 1:
        reading = "the whole interval is below 1: the site did worse than the control"
    else:
        reading = "the interval includes 1, so the data show no effect either way"
    return (
        f"Relative effect size {result['res']:.2f} (95% CI {low:.2f}–{high:.2f}): above 1 "
        f"would mean the site did better than the control; {reading}."
    )


def _span(labels: list[str]) -> str:
    if not labels:
        return "no month"
    return (
        month_name(labels[0])
        if len(labels) == 1
        else f"{month_name(labels[0])} to {month_name(labels[-1])}"
    )


def overall_impact(*, problem: Problem, objectives: list[Objective], user: Any = None) -> list[str]:
    """The before-and-after evaluation of the problem's main site (the first of its
    ``objectives``, or its first site), as sentences with their 95% intervals; one sentence
    saying why when it cannot be run."""
    main = objectives[0] if objectives else None
    site = main.site if main else problem.sites.order_by("id").first()
    if site is None:
        return ["The problem has no site, so no before-and-after evaluation could be run."]
    codes = list(main.categories) if main else list(DEFAULT_CATEGORIES)
    try:
        data, evaluation, check = _evaluated(problem, main, site, codes, user)
    except (EvaluationInputError, ValueError, IndexError) as reason:
        return [
            f"The before-and-after evaluation of {site.name} could not be run: "
            f"{str(reason).rstrip('.')}. Describe the impact from the partnership’s own "
            "records instead."
        ]
    result = evaluation.to_dict(detail=True)
    t_b, t_a = evaluation.months_before, evaluation.months_after
    source = f"{data.force} data" if data.force else "the incident data held"
    lines = [
        _windows_line(codes, site.name, source, problem.start_date, t_b, t_a, result),
        _area_line("At the site", result["target"], t_b, t_a),
        _area_line(f"In the {evaluation.buffer_m:g} m ring around it", result["buffer"], t_b, t_a),
        _area_line(f"In the rest of the {source} (the control)", result["control"], t_b, t_a),
        _res_line(result),
    ]
    if check is not None:
        lines.append(
            f"Objective ({check.target_reduction_pct:g}% fall within {check.within_months} "
            f"months): {check.status}. {check.reason[0].upper()}{check.reason[1:]}"
        )
    lines.append(_power_line(evaluation.minimum_detectable_reduction, result["target"]["before"]))
    return lines


def _evaluated(
    problem: Problem, main: Objective | None, site: Any, codes: list[str], user: Any
) -> tuple[Any, Any, Any]:
    """The incident data the person may read, the evaluation of ``site`` from the problem's
    start (the main objective's baseline length before, 12 months after) and its check of the
    objective's target; raises what the evaluation refuses."""
    # The evaluation (scipy.stats, pandas, pysyncon with matplotlib: over a second to import)
    # is imported here, not at start-up: the documents' registry imports this module in every
    # process.
    from clearhold.evaluation.run import EvaluationRequest, run_evaluation

    months_before = max(months_between(main.baseline_from, main.baseline_to) + 1, 1) if main else 12
    target = -main.target_change_pct if main and main.target_change_pct < 0 else None
    within = max(months_between(problem.start_date, main.deadline), 1) if main else None
    choice = resolve_categories(codes)
    area = area_from_geojson(site.boundary)
    data = evaluation_data(user=user, choice=choice, target=area)
    if not data.data_months.size:
        raise EvaluationInputError("ClearHold holds no incident data yet")
    evaluation, check = run_evaluation(
        data,
        EvaluationRequest(
            target=area,
            intervention=problem.start_date,
            choice=choice,
            months_before=months_before,
            months_after=12,
            target_reduction_pct=target,
            within_months=within if target else None,
        ),
    )
    return data, evaluation, check


def _windows_line(
    codes: list[str],
    site: str,
    source: str,
    start: dt.date,
    t_b: float,
    t_a: float,
    result: dict,
) -> str:
    """Which incidents, where, from which data, over which months before and after."""
    windows = result["detail"]["windows"]
    return (
        f"Incidents of {category_words(codes)} at {site}, from {source}: "
        f"{t_b:g} months before the work began on {long_day(start)} "
        f"({_span(windows['before'])}) against {t_a:g} months after "
        f"({_span(windows['after'])})."
        + (
            f" {month_name(windows['excluded_month'])} is left out: the data give the month, "
            "not the date, so its incidents cannot be placed before or after the start."
            if windows["excluded_month"]
            else ""
        )
    )


def _power_line(mdr: float | None, before: int) -> str:
    """The smallest fall the site's before count could have shown reliably."""
    incidents = f"{before} incident{'s' if before != 1 else ''}"
    if mdr is None:
        return f"With {incidents} at the site before, no fall could have been detected reliably."
    return (
        f"With {incidents} at the site before, only a fall "
        f"of about {100 * mdr:.0f}% or more could have been detected reliably: a result "
        "that is not significant is not evidence that the work did nothing."
    )
