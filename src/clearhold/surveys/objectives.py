"""SMART objectives on survey items ("70% feel safe after dark by the 6-month review"): setting
one, and measuring it live from the waves, like the incident objectives.

Who may set one is the rule for the problem's incident objectives (``PROBLEM_CHANGE``). The
objective is measured on the wave it names once that wave has enough answers (then it is
``met`` or ``not met``); before then on the latest wave after the baseline (``on track`` or
``off track``); when the date has passed without that wave, on the latest wave, as due.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from clearhold.analysis.survey import ObjectiveReading, objective_reading
from clearhold.authz import require
from clearhold.problems.permissions import PROBLEM_CHANGE
from clearhold.surveys.display import long_date, pct, short_name
from clearhold.surveys.items import SCALES
from clearhold.surveys.models import Question, Survey, SurveyObjective, WaveLabel
from clearhold.surveys.scoring import ItemResult, SurveyResults, WaveResult
from clearhold.toolkit.ordering import in_order

STATUS_TAGS = {
    "met": "govuk-tag--green",
    "on track": "govuk-tag--blue",
    "off track": "govuk-tag--red",
    "not met": "govuk-tag--red",
    "not yet measurable": "govuk-tag--grey",
}


def survey_objective_create(
    *,
    user: Any,
    problem: Any,
    survey: Survey | None,
    question_key: str,
    target_share: Decimal | float | str,
    by_label: str,
    by_date: dt.date | None,
) -> SurveyObjective:
    """Add an objective on a survey item; every rule broken is reported at once, by field."""
    require(user, PROBLEM_CHANGE, problem)
    errors: dict[str, list[str]] = {}
    if survey is None or survey.problem_id != problem.pk:
        errors["survey"] = ["Choose one of this problem’s surveys."]
    elif not survey.questions.filter(key=question_key, kind__in=list(SCALES)).exists():
        errors["question_key"] = [
            "Choose a question of that survey with answers to count (not a free-text one)."
        ]
    try:
        target = Decimal(str(target_share))
    except (InvalidOperation, ValueError):
        target = Decimal("NaN")
    if not (target.is_finite() and 0 < target < 100):
        errors["target_share"] = ["Enter the target as a share between 0 and 100, e.g. 70."]
    if by_label not in WaveLabel.values or by_label == WaveLabel.BASELINE:
        errors["by_label"] = ["Choose the review wave the target is for (not the baseline)."]
    if by_date is None:
        errors["by_date"] = ["Enter the date the target is due."]
    elif by_date < problem.start_date:
        errors["by_date"] = ["The date must be on or after the problem’s start."]
    if errors:
        raise ValidationError(errors)
    objective = SurveyObjective(
        problem=problem,
        survey=survey,
        question_key=question_key,
        target_share=target.quantize(Decimal("0.01")),
        by_label=by_label,
        by_date=by_date,
    )
    objective.full_clean()
    objective.save()
    return objective


def _item(result: WaveResult | None, key: str) -> ItemResult | None:
    if result is None:
        return None
    return next((i for i in result.items if i.key == key), None)


def objective_measure(
    objective: SurveyObjective, results: SurveyResults, *, today: dt.date | None = None
) -> dict[str, Any]:
    """The objective with its live reading, as the problem page prints it."""
    today = today or timezone.localdate()
    key = objective.question_key
    target_wave = next(
        (
            w
            for w in results.waves
            if w.wave.label == objective.by_label and (i := _item(w, key)) and i.share
        ),
        None,
    )
    later = [
        w
        for w in results.waves
        if w is not results.baseline and (i := _item(w, key)) is not None and i.share
    ]
    measured = target_wave or (later[-1] if later else None)
    baseline = _item(results.baseline, key)
    try:  # one question per key (a unique constraint): get() compiles no ORDER BY, first() would
        question = objective.survey.questions.get(key=key)
    except Question.DoesNotExist:
        question = None
    scale = SCALES.get(question.kind) if question else None
    reading: ObjectiveReading = objective_reading(
        target=float(objective.target_share) / 100,
        latest=_item(measured, key).share if measured else None,
        baseline=baseline.share if baseline else None,
        higher_is_better=scale.higher_is_better if scale else True,
        due=target_wave is not None or today > objective.by_date,
    )
    return {
        "objective": objective,
        "title": f"{short_name(key, question.wording if question else key)}: "
        f"{pct(float(objective.target_share) / 100)} "
        f"{scale.headline_phrase if scale else 'of answers'} by the "
        f"{objective.get_by_label_display()} ({long_date(objective.by_date)})",
        "status": reading.status,
        "reason": reading.reason,
        "status_tag": STATUS_TAGS.get(reading.status, "govuk-tag--grey"),
        "measured_on": measured.wave.get_label_display() if measured else "",
    }


def objectives_measured(
    problem: Any, results: list[SurveyResults], *, today: dt.date | None = None
) -> list[dict[str, Any]]:
    """Every survey objective of the problem measured on its survey's results (``results``
    come from ``scoring.problem_survey_results``, read through the reader: a survey the
    reader may not see has none, and neither have its objectives)."""
    by_survey = {r.survey.pk: r for r in results}
    measured = []
    for objective in in_order(SurveyObjective.objects.filter(problem=problem).order_by(), "id"):
        if objective.survey_id in by_survey:
            # its survey is the one the results hold (read there): not joined and read again
            objective.survey = by_survey[objective.survey_id].survey
            measured.append(
                objective_measure(objective, by_survey[objective.survey_id], today=today)
            )
    return measured
