"""Surveys built directly with the models, for the results: the distribution (codes, letters,
answering pages) is tested one level up; these tests need only answers to score."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools

import pytest
from django.utils import timezone

from clearhold.places.models import Unit
from clearhold.surveys.items import STANDARD_ITEMS
from clearhold.surveys.models import (
    Answer,
    Channel,
    HouseholdCode,
    Question,
    Response,
    Survey,
    Wave,
)

_codes = itertools.count()


@pytest.fixture
def units(site):
    return [Unit.objects.create(site=site, name=f"Flat {n}") for n in range(1, 121)]


@pytest.fixture
def survey(problem, site, manager):
    made = Survey.objects.create(problem=problem, site=site, title="Open space survey",
                                 created_by=manager)  # fmt: skip
    for position, item in enumerate(STANDARD_ITEMS):
        Question.objects.create(survey=made, key=item.key, wording=item.wording,
                                kind=item.kind, position=position)  # fmt: skip
    return made


@pytest.fixture
def make_wave(survey):
    def make(label: str, opens: dt.date, *, keys: tuple[str, ...] | None = None) -> Wave:
        questions = [
            {"key": q.key, "wording": q.wording, "kind": q.kind}
            for q in survey.questions.all()
            if keys is None or q.key in keys
        ]
        return Wave.objects.create(
            survey=survey, label=label, opens_on=opens, closes_on=opens + dt.timedelta(days=21),
            opened_at=timezone.now(), questions=questions,
        )  # fmt: skip

    return make


@pytest.fixture
def answer():
    """``answer(wave, unit, {"safe_after_dark": "very_safe"})``: one household's answers by
    its code (``unit`` None: an open-link answer); issues the unit's code if not yet issued."""

    def give(wave, unit, values: dict[str, str], channel: str = Channel.CODE, texts=None):
        code = None
        if unit is not None:
            code, _ = HouseholdCode.objects.get_or_create(
                wave=wave, unit=unit,
                defaults={"digest": hashlib.sha256(str(next(_codes)).encode()).hexdigest()},
            )  # fmt: skip
        response = Response.objects.create(
            wave=wave, channel=Channel.OPEN_LINK if unit is None else channel, code=code
        )
        for key, value in values.items():
            Answer.objects.create(response=response, question_key=key, value=value)
        for key, (text, review, shown) in (texts or {}).items():
            Answer.objects.create(response=response, question_key=key, text=text,
                                  text_review=review, shown_text=shown)  # fmt: skip
        return response

    return give


@pytest.fixture
def issue_codes():
    def issue(wave, units) -> None:
        for unit in units:
            HouseholdCode.objects.get_or_create(
                wave=wave, unit=unit,
                defaults={"digest": hashlib.sha256(str(next(_codes)).encode()).hexdigest()},
            )  # fmt: skip

    return issue
