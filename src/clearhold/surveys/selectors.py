"""Reads for the survey's distribution and answering, through the problem's rules.

Staff reads go through the problem (``SURVEY_VIEW``): a survey, wave or answer is found by its
id and then refused unless its problem is shared with the reader, the same rule as the list.
Residents' reads find a wave only from a household code's digest or an event link's token.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from clearhold.authz import require
from clearhold.surveys.codes import code_digest, code_normalise, token_matches
from clearhold.surveys.models import Answer, Channel, HouseholdCode, Survey, TextReview, Wave
from clearhold.surveys.permissions import SURVEY_VIEW


def surveys_of(*, problem: Any) -> QuerySet[Survey]:
    return Survey.objects.filter(problem=problem).select_related("site").order_by("created_at")


def survey_get(*, user: Any, pk: int) -> Survey:
    survey = get_object_or_404(Survey.objects.select_related("problem", "site"), pk=pk)
    require(user, SURVEY_VIEW, survey.problem)
    return survey


def wave_get(*, user: Any, pk: int) -> Wave:
    wave = get_object_or_404(
        Wave.objects.select_related("survey__problem", "survey__site", "review"), pk=pk
    )
    require(user, SURVEY_VIEW, wave.survey.problem)
    return wave


def waves_with_counts(*, survey: Survey) -> QuerySet[Wave]:
    """The survey's waves with how many codes were sent and answers came back, by channel."""
    return survey.waves.annotate(
        codes_sent=Count("codes", distinct=True),
        by_code=Count("responses", filter=Q(responses__channel=Channel.CODE), distinct=True),
        at_door=Count("responses", filter=Q(responses__channel=Channel.DOOR_KNOCK), distinct=True),
        by_link=Count("responses", filter=Q(responses__channel=Channel.OPEN_LINK), distinct=True),
    ).select_related("review")


def household_code_find(typed: str) -> HouseholdCode | None:
    """The household code a resident typed (any case or spacing), or None."""
    code = code_normalise(typed)
    if code is None:
        return None
    return (
        HouseholdCode.objects.select_related("wave__survey__site", "wave__survey__problem")
        .filter(digest=code_digest(code))
        .first()
    )


def wave_by_event_token(token: str) -> Wave | None:
    """The wave taking answers whose event link has ``token``, or None."""
    for wave in Wave.objects.filter(opened_at__isnull=False, closed_at__isnull=True).select_related(
        "survey__site"
    ):
        if token_matches(wave.pk, token):
            return wave
    return None


def free_text_answers(*, survey: Survey) -> QuerySet[Answer]:
    """The survey's written answers, those nobody has read first."""
    return (
        Answer.objects.filter(response__wave__survey=survey)
        .exclude(text="")
        .select_related("response__wave")
        .order_by(
            Case(When(text_review=TextReview.UNREAD, then=Value(0)), default=Value(1)),
            "response__wave__opens_on",
            "pk",
        )
    )


def answer_get(*, user: Any, survey: Survey, pk: int) -> Answer:
    answer = get_object_or_404(
        Answer.objects.select_related("response__wave__survey__problem"),
        pk=pk,
        response__wave__survey=survey,
    )
    require(user, SURVEY_VIEW, survey.problem)
    return answer
