"""One evaluation request, run the same way by the page and the command line."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from clearhold.analysis.evaluate import Evaluation, evaluate
from clearhold.analysis.objectives import ObjectiveCheck, objective_check
from clearhold.evaluation.inputs import CategoryChoice, EvaluationData


@dataclass(frozen=True)
class EvaluationRequest:
    target: object  # BNG polygon
    intervention: dt.date
    choice: CategoryChoice
    buffer_m: float = 250.0
    control: object | None = None
    months_before: int = 12
    months_after: int = 12
    daily: bool = False
    target_reduction_pct: float | None = None  # the objective: the fall wanted
    within_months: int | None = None
    comparison: tuple[str, ...] = ()
    wdd_control: str = "same-size"
    claimed_reduction_pct: float | None = None  # the fall the partnership says it achieved


def run_evaluation(
    data: EvaluationData, request: EvaluationRequest
) -> tuple[Evaluation, ObjectiveCheck | None]:
    """The evaluation, and the objective check when a target reduction was given.
    Raises ``EvaluationInputError`` (a ValueError) naming what is wrong with the request."""
    result = evaluate(
        easting=data.easting,
        northing=data.northing,
        month=data.month,
        category=data.category,
        target=request.target,
        intervention=request.intervention,
        categories=request.choice.values,
        valid_categories=request.choice.valid,
        buffer_m=request.buffer_m,
        control=request.control,
        months_before=request.months_before,
        months_after=request.months_after,
        data_months=data.data_months,
        date=data.date if request.daily else None,
        daily=request.daily,
        claimed_reduction_pct=request.claimed_reduction_pct,
        area=data.area,
        comparison=request.comparison,
        wdd_control=request.wdd_control,
    )
    check = None
    if request.target_reduction_pct is not None:
        check = objective_check(
            result, request.target_reduction_pct, request.within_months or request.months_after
        )
    return result, check
