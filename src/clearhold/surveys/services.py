"""Writes for setting up a survey: the survey, the partnership's own questions, its waves.

A survey starts with the recognised items (``items.STANDARD_ITEMS``, their keys kept so waves
and sites can be compared); the partnership may add questions of the same answer kinds. A wave
is opened once: its questions are copied into ``Wave.questions`` at that moment (so a question
changed later changes nothing that wave asked) and each unit of the site gets its household
code (``codes``: only the digest is stored). A closed wave takes no more answers.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from clearhold.authz import require
from clearhold.surveys.codes import ATTEMPTS, code_derive, code_digest
from clearhold.surveys.items import STANDARD_ITEMS
from clearhold.surveys.models import HouseholdCode, Question, QuestionKind, Survey, Wave
from clearhold.surveys.permissions import SURVEY_CHANGE

REVIEW_MONTHS = {"month_3": 3, "month_6": 6, "month_12": 12}


@transaction.atomic
def survey_create(*, user, problem, site, title: str = "") -> Survey:
    """A survey of ``site`` (one of the problem's sites) with the recognised items."""
    require(user, SURVEY_CHANGE, problem)
    if not problem.sites.filter(pk=site.pk).exists():
        raise ValidationError({"site": "Choose one of this problem’s sites."})
    survey = Survey.objects.create(
        problem=problem,
        site=site,
        title=title.strip() or f"Residents’ survey: {site.name}",
        created_by=user,
    )
    Question.objects.bulk_create(
        Question(
            survey=survey,
            key=item.key,
            wording=item.wording,
            kind=item.kind,
            source=item.source,
            position=number,
        )
        for number, item in enumerate(STANDARD_ITEMS)
    )
    return survey


def _new_key(survey: Survey, wording: str) -> str:
    """A key for a partnership's question: ``own-`` and its first words, unique on the survey."""
    words = slugify(wording)[:40].strip("-")
    stem = f"own-{words}" if words else "own-question"
    taken = set(survey.questions.values_list("key", flat=True))
    key, number = stem, 2
    while key in taken:
        key, number = f"{stem}-{number}", number + 1
    return key


@transaction.atomic
def question_add(*, user, survey: Survey, wording: str, kind: str) -> Question:
    """Add the partnership's own question at the end (waves already open keep theirs)."""
    require(user, SURVEY_CHANGE, survey.problem)
    wording = wording.strip()
    if not wording:
        raise ValidationError({"wording": "Enter the question."})
    if kind not in QuestionKind.values:
        raise ValidationError({"kind": "Choose how residents answer."})
    last = survey.questions.aggregate(last=Max("position"))["last"]
    return Question.objects.create(
        survey=survey,
        key=_new_key(survey, wording),
        wording=wording,
        kind=kind,
        position=(last or 0) + 1,
        added_by_partnership=True,
    )


def question_change(*, user, question: Question, wording: str) -> Question:
    """Reword a question: the waves already open keep the wording they asked."""
    require(user, SURVEY_CHANGE, question.survey.problem)
    if not wording.strip():
        raise ValidationError({"wording": "Enter the question."})
    question.wording = wording.strip()
    question.save(update_fields=["wording"])
    return question


@transaction.atomic
def wave_create(*, user, survey: Survey, label: str, opens_on: dt.date, closes_on: dt.date) -> Wave:
    """A wave of ``survey``; one at a 3-, 6- or 12-month point is tied to that review."""
    require(user, SURVEY_CHANGE, survey.problem)
    if closes_on < opens_on:
        raise ValidationError({"closes_on": "The closing date must be on or after the opening."})
    months = REVIEW_MONTHS.get(label)
    review = survey.problem.reviews.filter(months=months).first() if months else None
    return Wave.objects.create(
        survey=survey, label=label, review=review, opens_on=opens_on, closes_on=closes_on
    )


def frozen_questions(survey: Survey) -> list[dict[str, str]]:
    """The questions as the wave asks them: key, wording, kind and source, in order."""
    return [
        {"key": q.key, "wording": q.wording, "kind": q.kind, "source": q.source}
        for q in survey.questions.all()
    ]


@transaction.atomic
def wave_open(*, user, wave: Wave) -> Wave:
    """Open ``wave``: freeze its questions and give every unit of the site its code."""
    require(user, SURVEY_CHANGE, wave.survey.problem)
    wave = Wave.objects.select_for_update().select_related("survey__site").get(pk=wave.pk)
    if wave.opened_at is not None:
        raise ValidationError("This wave is already open: its questions were fixed then.")
    wave.questions = frozen_questions(wave.survey)
    wave.opened_at = timezone.now()
    wave.save(update_fields=["questions", "opened_at"])
    codes_issue(wave=wave)
    return wave


def codes_issue(*, wave: Wave) -> int:
    """Give each unit of the wave's site without one its household code (digest only)."""
    have = set(wave.codes.values_list("unit_id", flat=True))
    made = 0
    for unit in wave.survey.site.units.exclude(pk__in=have):
        for attempt in range(ATTEMPTS):
            digest = code_digest(code_derive(wave.pk, unit.pk, attempt))
            if not HouseholdCode.objects.filter(digest=digest).exists():
                HouseholdCode.objects.create(wave=wave, unit=unit, digest=digest)
                made += 1
                break
        else:  # pragma: no cover - twenty clashes in a row: the key is broken
            raise ValidationError(f"No free household code could be made for {unit.name}.")
    return made


def wave_close(*, user, wave: Wave) -> Wave:
    """Close ``wave``: no more answers are taken, by code, at the door or by the open link."""
    require(user, SURVEY_CHANGE, wave.survey.problem)
    if wave.opened_at is None:
        raise ValidationError("This wave has not been opened, so there is nothing to close.")
    if wave.closed_at is None:
        wave.closed_at = timezone.now()
        wave.save(update_fields=["closed_at"])
    return wave
