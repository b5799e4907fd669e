"""Objectives on survey items: who may set one, the rules, and the live reading."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from clearhold.readmodel import Reader
from clearhold.surveys.models import SurveyObjective, WaveLabel
from clearhold.surveys.objectives import objective_measure, survey_objective_create
from clearhold.surveys.scoring import survey_results

SAFE, UNSAFE = "fairly_safe", "a_bit_unsafe"


def _objective(problem, survey, user, **changes):
    values = {
        "question_key": "safe_after_dark",
        "target_share": Decimal("70"),
        "by_label": WaveLabel.MONTH_6,
        "by_date": dt.date(2025, 11, 7),
        **changes,
    }
    return survey_objective_create(user=user, problem=problem, survey=survey, **values)


def test_members_who_may_change_the_problem_set_one(problem, survey, manager, partner_viewer):
    objective = _objective(problem, survey, manager)
    assert objective.target_share == Decimal("70.00")
    with pytest.raises(PermissionDenied):
        _objective(problem, survey, partner_viewer)


def test_the_rules_are_reported_together(problem, survey, manager):
    with pytest.raises(ValidationError) as refused:
        _objective(problem, survey, manager, question_key="comments", target_share="120",
                   by_label=WaveLabel.BASELINE, by_date=dt.date(2020, 1, 1))  # fmt: skip
    assert set(refused.value.message_dict) == {
        "question_key",
        "target_share",
        "by_label",
        "by_date",
    }
    assert not SurveyObjective.objects.exists()


def _answers(make_wave, answer, units, label, opens, safe: int, total: int):
    wave = make_wave(label, opens)
    for n, unit in enumerate(units[:total]):
        answer(wave, unit, {"safe_after_dark": SAFE if n < safe else UNSAFE})
    return wave


def _measure(manager, survey, objective, today):
    return objective_measure(objective, survey_results(Reader(manager), survey), today=today)


def test_measured_live_from_the_waves(problem, survey, manager, units, make_wave, answer):
    objective = _objective(problem, survey, manager)
    before = dt.date(2025, 9, 1)
    assert _measure(manager, survey, objective, before)["status"] == "not yet measurable"
    _answers(make_wave, answer, units, WaveLabel.BASELINE, dt.date(2025, 4, 1), 15, 44)
    assert _measure(manager, survey, objective, before)["status"] == "not yet measurable"
    _answers(make_wave, answer, units, WaveLabel.MONTH_3, dt.date(2025, 7, 20), 22, 44)
    three = _measure(manager, survey, objective, before)
    assert three["status"] == "on track"
    assert three["measured_on"] == "3-month review"
    _answers(make_wave, answer, units, WaveLabel.MONTH_6, dt.date(2025, 10, 20), 27, 44)
    six = _measure(manager, survey, objective, dt.date(2025, 12, 1))
    assert six["status"] == "not met"
    assert "61% (95% CI 47% to 74%) against a target of 70%" in six["reason"]
    objective.target_share = Decimal("60")
    assert _measure(manager, survey, objective, dt.date(2025, 12, 1))["status"] == "met"


def test_the_form_adds_one_and_the_page_shows_it(
    client, problem, survey, manager, units, make_wave, answer
):
    _answers(make_wave, answer, units, WaveLabel.BASELINE, dt.date(2025, 4, 1), 15, 44)
    _answers(make_wave, answer, units, WaveLabel.MONTH_6, dt.date(2025, 10, 20), 27, 44)
    client.force_login(manager)
    url = f"/problems/{problem.pk}/survey-objectives/new/"
    assert client.get(url).status_code == 200
    form = {
        "survey": survey.pk,
        "question_key": "safe_after_dark",
        "by_label": "month_6",
        "by_date-day": "7",
        "by_date-month": "11",
        "by_date-year": "2025",
    }
    refused = client.post(url, {**form, "target_share": "150"})
    assert refused.status_code == 200
    assert "between 0 and 100" in refused.content.decode()
    done = client.post(url, {**form, "target_share": "70"})
    assert done.status_code == 302
    page = client.get(problem.get_absolute_url()).content.decode()
    assert "Feel safe after dark: 70% feel very or fairly safe by the 6-month review" in page
    assert "Not met" in page


def test_viewers_get_no_form(client, problem, survey, partner_viewer):
    client.force_login(partner_viewer)
    assert client.get(f"/problems/{problem.pk}/survey-objectives/new/").status_code in (403, 404)
