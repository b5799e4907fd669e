"""Staff pages of the survey: the list, a survey with its questions and waves, adding a
question or a wave, opening and closing a wave, and keying in a paper answer at the door.

Thin: each page is guarded by its rule on the problem (found from the URL), reads through the
selectors and hands writes to the services.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from clearhold.authz import can, permission_required, problem_in_url, require
from clearhold.problems.models import Problem
from clearhold.problems.selectors import problem_get
from clearhold.readmodel import Reader, reader_for
from clearhold.surveys.answering import AlreadyAnswered, response_at_door, taking_answers
from clearhold.surveys.codes import event_token
from clearhold.surveys.forms import DoorKnockForm, QuestionForm, SurveyForm, WaveForm
from clearhold.surveys.models import Survey, Wave
from clearhold.surveys.permissions import SURVEY_CHANGE, SURVEY_KEY_IN, SURVEY_MODERATE, SURVEY_VIEW
from clearhold.surveys.selectors import (
    household_code_find,
    survey_get,
    surveys_of,
    wave_get,
    waves_with_counts,
)
from clearhold.surveys.services import (
    question_add,
    survey_create,
    wave_close,
    wave_create,
    wave_open,
)
from clearhold.toolkit.forms import add_validation_errors


@require_GET
@permission_required(SURVEY_VIEW, problem_in_url(Problem, "problem_pk"))
def survey_list(request: HttpRequest, problem_pk: int) -> HttpResponse:
    problem = problem_get(user=request.user, pk=problem_pk)
    with reader_for(request, problem, what=f"surveys of {problem}") as reader:
        return render(
            request,
            "surveys/list.html",
            {
                "problem": reader.show(problem),
                "surveys": reader.show(surveys_of(problem=problem)),
                "may_change": can(request.user, SURVEY_CHANGE, problem),
            },
        )


@permission_required(SURVEY_CHANGE, problem_in_url(Problem, "problem_pk"))
def survey_new(request: HttpRequest, problem_pk: int) -> HttpResponse:
    problem = problem_get(user=request.user, pk=problem_pk)
    form = SurveyForm(request.POST or None, problem=problem)
    if request.method == "POST" and form.is_valid():
        try:
            survey = survey_create(user=request.user, problem=problem, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "Survey set up with the recognised questions.")
            return redirect("surveys:detail", pk=survey.pk)
    shown = Reader(request.user, log=False).show(problem)  # its title: public
    return render(request, "surveys/survey_form.html", {"problem": shown, "form": form})


@require_GET
@permission_required(SURVEY_VIEW, problem_in_url(Survey))
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_get(user=request.user, pk=pk)
    problem = survey.problem
    waves = list(waves_with_counts(survey=survey))
    for wave in waves:
        wave.taking = taking_answers(wave)
        if wave.taking:
            wave.event_url = request.build_absolute_uri(
                reverse("residents:event", args=[event_token(wave.pk)])
            )
    with reader_for(request, problem, what=str(survey), about=survey) as reader:
        return _detail_page(request, reader, survey, waves)


def _detail_page(request: HttpRequest, reader, survey: Survey, waves: list[Wave]) -> HttpResponse:
    problem = survey.problem
    return render(
        request,
        "surveys/detail.html",
        {
            "problem": reader.show(problem),
            "survey": reader.show(survey),
            "questions": reader.show(survey.questions.all()),
            "waves": reader.show_all(waves),
            "may_change": can(request.user, SURVEY_CHANGE, problem),
            "may_key_in": can(request.user, SURVEY_KEY_IN, problem),
            "may_moderate": can(request.user, SURVEY_MODERATE, problem),
            "answer_url": request.build_absolute_uri(reverse("residents:code")),
        },
    )


@permission_required(SURVEY_CHANGE, problem_in_url(Survey))
def question_new(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_get(user=request.user, pk=pk)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            question_add(user=request.user, survey=survey, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "Question added. Waves already open keep their questions.")
            return redirect("surveys:detail", pk=survey.pk)
    context = {"survey": Reader(request.user, log=False).show(survey), "form": form}
    return render(request, "surveys/question_form.html", context)


@permission_required(SURVEY_CHANGE, problem_in_url(Survey))
def wave_new(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_get(user=request.user, pk=pk)
    form = WaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            wave = wave_create(user=request.user, survey=survey, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, f"{wave.get_label_display()} wave added. Open it to send.")
            return redirect("surveys:detail", pk=survey.pk)
    context = {"survey": Reader(request.user, log=False).show(survey), "form": form}
    return render(request, "surveys/wave_form.html", context)


@require_POST
@permission_required(SURVEY_CHANGE, problem_in_url(Wave))
def wave_open_page(request: HttpRequest, pk: int) -> HttpResponse:
    wave = wave_get(user=request.user, pk=pk)
    try:
        wave = wave_open(user=request.user, wave=wave)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        made = wave.codes.count()
        messages.success(
            request,
            f"Wave opened: its questions are fixed, and {made} home{'s' if made != 1 else ''} "
            "have a code. Make the letters next.",
        )
    return redirect("surveys:detail", pk=wave.survey_id)


@require_POST
@permission_required(SURVEY_CHANGE, problem_in_url(Wave))
def wave_close_page(request: HttpRequest, pk: int) -> HttpResponse:
    wave = wave_get(user=request.user, pk=pk)
    try:
        wave_close(user=request.user, wave=wave)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Wave closed: no more answers are taken.")
    return redirect("surveys:detail", pk=wave.survey_id)


@permission_required(SURVEY_KEY_IN, problem_in_url(Wave))
def door_knock(request: HttpRequest, pk: int) -> HttpResponse:
    """An officer keys in a household's paper answers on a phone, with the code on its letter."""
    wave = wave_get(user=request.user, pk=pk)
    require(request.user, SURVEY_KEY_IN, wave.survey.problem)
    form = DoorKnockForm(request.POST or None, questions=wave.questions)
    if request.method == "POST" and form.is_valid():
        found = household_code_find(form.cleaned_data["code"])
        if found is None or found.wave_id != wave.pk:
            form.add_error("code", "That code is not one of this wave’s: check the letter.")
        else:
            try:
                response_at_door(user=request.user, household_code=found, given=form.answers())
            except AlreadyAnswered:
                form.add_error("code", "This home has already answered this wave.")
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, "Answers saved. Next home.")
                return redirect("surveys:door-knock", pk=wave.pk)
    context = {"wave": Reader(request.user, log=False).show(wave), "form": form}
    return render(request, "surveys/door_knock.html", context | {"taking": taking_answers(wave)})
