"""Writes for answers: one per household code, at the door, or by an event's open link.

One answer per code is the database's rule, not the page's: the code is claimed by a single
conditional ``UPDATE … WHERE used_at IS NULL`` (on PostgreSQL a second claim waits for the
first to commit and then finds nothing to update; SQLite runs one writer at a time), and
``Response.code`` is unique besides. Whoever loses is told the code was already used, and
nothing of theirs is stored. Answers hold no names: a response keeps the wave, the channel, the
code's row (not the code) and, at the door, the officer who keyed it in.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from clearhold.authz import require
from clearhold.surveys.items import SCALES
from clearhold.surveys.models import (
    Answer,
    Channel,
    HouseholdCode,
    QuestionKind,
    Response,
    TextReview,
    Wave,
)
from clearhold.surveys.permissions import SURVEY_KEY_IN, SURVEY_MODERATE

LONGEST_TEXT = 2000
ALREADY = (
    "This code has already been used to answer the survey. Each home can answer once. "
    "If you did not answer, please contact the team named on your letter."
)
NOT_TAKING = "This survey is not taking answers at the moment."


class AlreadyAnswered(ValidationError):
    """The household code was used before (perhaps a moment ago, on another phone)."""


def taking_answers(wave: Wave) -> bool:
    """Whether ``wave`` takes answers now: opened and not closed."""
    return wave.opened_at is not None and wave.closed_at is None


def answers_clean(questions: list[dict[str, str]], given: dict[str, Any]) -> dict[str, str]:
    """The answers ``given`` (question key → chosen value or written text) checked against
    the wave's questions: only their keys, only values their scale offers, text cut to size.
    A question left blank is left out; an answer with nothing in it is refused."""
    kept: dict[str, str] = {}
    errors: dict[str, str] = {}
    for question in questions:
        raw = str(given.get(question["key"]) or "").strip()
        if not raw:
            continue
        if question["kind"] == QuestionKind.FREE_TEXT:
            kept[question["key"]] = raw[:LONGEST_TEXT]
        elif raw in SCALES[question["kind"]].values:
            kept[question["key"]] = raw
        else:
            errors[question["key"]] = "Choose one of the answers offered."
    if errors:
        raise ValidationError(errors)
    if not kept:
        raise ValidationError("Answer at least one question before you send the survey.")
    return kept


def _answers_store(response: Response, questions: list[dict[str, str]], kept: dict[str, str]):
    kinds = {q["key"]: q["kind"] for q in questions}
    Answer.objects.bulk_create(
        Answer(response=response, question_key=key, text=value)
        if kinds[key] == QuestionKind.FREE_TEXT
        else Answer(response=response, question_key=key, value=value)
        for key, value in kept.items()
    )


def response_with_code(
    *, household_code: HouseholdCode, given: dict[str, Any], keyed_by: Any = None
) -> Response:
    """Store one household's answers, claiming its code; :class:`AlreadyAnswered` when the
    code was used first (by anyone, at any moment before this claim)."""
    wave = household_code.wave
    if not taking_answers(wave):
        raise ValidationError(NOT_TAKING)
    kept = answers_clean(wave.questions, given)
    try:
        with transaction.atomic():
            claimed = HouseholdCode.objects.filter(pk=household_code.pk, used_at=None).update(
                used_at=timezone.now()
            )
            if not claimed:
                raise AlreadyAnswered(ALREADY)
            response = Response.objects.create(
                wave=wave,
                channel=Channel.DOOR_KNOCK if keyed_by is not None else Channel.CODE,
                code=household_code,
                keyed_by=keyed_by,
            )
            _answers_store(response, wave.questions, kept)
    except IntegrityError as clash:
        raise AlreadyAnswered(ALREADY) from clash
    return response


def response_at_door(*, user, household_code: HouseholdCode, given: dict[str, Any]) -> Response:
    """A paper answer keyed in on a door-knock by ``user`` (named on the response)."""
    require(user, SURVEY_KEY_IN, household_code.wave.survey.problem)
    return response_with_code(household_code=household_code, given=given, keyed_by=user)


@transaction.atomic
def response_by_open_link(*, wave: Wave, given: dict[str, Any]) -> Response:
    """An answer by the event link: marked so (not one per home), so results can leave it out."""
    if not taking_answers(wave):
        raise ValidationError(NOT_TAKING)
    kept = answers_clean(wave.questions, given)
    response = Response.objects.create(wave=wave, channel=Channel.OPEN_LINK)
    _answers_store(response, wave.questions, kept)
    return response


def text_review(*, user, answer: Answer, clear: bool, shown_text: str = "") -> Answer:
    """Record that a member read a free-text answer: free of names as written (``clear``), or
    redacted to ``shown_text``. Only then may the partnership see it (``shown_text``)."""
    require(user, SURVEY_MODERATE, answer.response.wave.survey.problem)
    if clear:
        answer.text_review, answer.shown_text = TextReview.CLEAR, answer.text
    else:
        if not shown_text.strip():
            raise ValidationError(
                {"shown_text": "Enter the answer as it may be shown, with any names taken out."}
            )
        answer.text_review, answer.shown_text = TextReview.REDACTED, shown_text.strip()
    answer.reviewed_by = user
    answer.save(update_fields=["text_review", "shown_text", "reviewed_by"])
    return answer
