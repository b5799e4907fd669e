"""Setting up a survey: the recognised items, the partnership's own questions, waves tied to
reviews, and a wave's questions frozen when it opens."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from clearhold.authz import Refused
from clearhold.surveys.items import STANDARD_ITEMS
from clearhold.surveys.models import HouseholdCode
from clearhold.surveys.services import (
    question_add,
    question_change,
    survey_create,
    wave_close,
    wave_create,
    wave_open,
)

pytestmark = pytest.mark.django_db


def test_a_survey_starts_with_the_recognised_items_and_their_keys(survey):
    assert [q.key for q in survey.questions.all()] == [item.key for item in STANDARD_ITEMS]
    first = survey.questions.get(key="safe_after_dark")
    assert first.kind == "safety"
    assert "Crime Survey" in first.source


def test_a_site_not_on_the_problem_is_refused(manager, problem):
    from clearhold.places.models import Site

    other = Site.objects.create(name="Elsewhere", boundary={}, easting=0, northing=0, area_m2=1)
    with pytest.raises(ValidationError):
        survey_create(user=manager, problem=problem, site=other)


def test_a_partner_viewer_cannot_set_one_up(partner_viewer, problem, site):
    with pytest.raises(Refused):
        survey_create(user=partner_viewer, problem=problem, site=site)


def test_the_partnership_adds_its_own_question_with_its_own_key(manager, survey):
    added = question_add(
        user=manager, survey=survey, wording="Is the new lighting working?", kind="yes_no"
    )
    again = question_add(
        user=manager, survey=survey, wording="Is the new lighting working?", kind="yes_no"
    )
    assert added.key == "own-is-the-new-lighting-working"
    assert again.key == "own-is-the-new-lighting-working-2"
    assert added.added_by_partnership
    assert list(survey.questions.all())[-1] == again


def test_a_wave_at_a_review_point_is_tied_to_that_review(manager, survey, problem):
    review = problem.reviews.get(months=6)  # made with the problem
    wave = wave_create(
        user=manager, survey=survey, label="month_6",
        opens_on=dt.date(2025, 10, 20), closes_on=dt.date(2025, 11, 3),
    )  # fmt: skip
    assert wave.review == review
    with pytest.raises(ValidationError):
        wave_create(
            user=manager, survey=survey, label="month_3",
            opens_on=dt.date(2025, 8, 1), closes_on=dt.date(2025, 7, 1),
        )  # fmt: skip


def test_opening_freezes_the_questions_and_later_edits_change_nothing_in_it(manager, survey):
    wave = wave_create(
        user=manager, survey=survey, label="baseline",
        opens_on=dt.date(2025, 4, 1), closes_on=dt.date(2025, 4, 30),
    )  # fmt: skip
    question_add(user=manager, survey=survey, wording="Added before opening", kind="yes_no")
    wave = wave_open(user=manager, wave=wave)
    asked = [dict(q) for q in wave.questions]
    question_change(
        user=manager, question=survey.questions.get(key="safe_after_dark"), wording="Reworded"
    )
    question_add(user=manager, survey=survey, wording="Added after opening", kind="yes_no")
    wave.refresh_from_db()
    assert wave.questions == asked
    assert asked[0]["wording"].startswith("How safe do you feel")
    assert "Added before opening" in [q["wording"] for q in asked]
    assert "Added after opening" not in [q["wording"] for q in asked]
    with pytest.raises(ValidationError):
        wave_open(user=manager, wave=wave)


def test_opening_gives_each_home_a_code_stored_only_as_a_digest(wave, homes, code_of_home):
    assert wave.codes.count() == len(homes)
    code = code_of_home(wave, homes[0])
    digests = list(HouseholdCode.objects.values_list("digest", flat=True))
    assert code
    assert all(code not in d and code.replace("-", "") not in d for d in digests)


def test_closing_stops_a_wave_and_one_never_opened_cannot_close(manager, survey, wave):
    closed = wave_close(user=manager, wave=wave)
    assert closed.closed_at is not None
    unopened = wave_create(
        user=manager, survey=survey, label="month_3",
        opens_on=dt.date(2025, 8, 1), closes_on=dt.date(2025, 8, 30),
    )  # fmt: skip
    with pytest.raises(ValidationError):
        wave_close(user=manager, wave=unopened)
