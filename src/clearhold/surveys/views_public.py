"""Residents' pages, without signing in: enter the code from the letter, answer, or answer by
an event's open link. Plain forms that work without JavaScript on a phone.

Nothing here names the partnership's records: a resident sees the questions of the wave their
code belongs to and nothing else. Wrong codes count against the address (``throttle``); so do
answers by an open link, which has no code to stop it being used twice.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from clearhold.surveys.answering import (
    AlreadyAnswered,
    response_by_open_link,
    response_with_code,
    taking_answers,
)
from clearhold.surveys.codes import code_normalise
from clearhold.surveys.forms import AnswerForm, CodeForm
from clearhold.surveys.selectors import household_code_find, wave_by_event_token
from clearhold.surveys.throttle import count_try, limited
from clearhold.toolkit.forms import add_validation_errors

UNKNOWN_CODE = "We could not find that code. Check it against your letter: it looks like ACDE-3467."


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/public/too_many.html", status=429)


def _stopped(request: HttpRequest, heading: str, status: int = 200) -> HttpResponse:
    return render(request, "surveys/public/stopped.html", {"heading": heading}, status=status)


@never_cache
def code_enter(request: HttpRequest) -> HttpResponse:
    """Where the letter sends a resident: type the code, go to the questions."""
    if limited(request, "code"):
        return _too_many(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        found = household_code_find(form.cleaned_data["code"])
        if found is not None:
            return redirect("residents:answer", code=code_normalise(form.cleaned_data["code"]))
        count_try(request, "code")
        form.add_error("code", UNKNOWN_CODE)
    return render(request, "surveys/public/code.html", {"form": form})


@never_cache
def answer(request: HttpRequest, code: str) -> HttpResponse:
    """The questions for the household whose code is in the address; one answer per code."""
    if limited(request, "code"):
        return _too_many(request)
    found = household_code_find(code)
    if found is None:
        count_try(request, "code")
        return _stopped(request, UNKNOWN_CODE, status=404)
    if found.used_at is not None:
        return _stopped(request, "Your home has already answered this survey. Thank you.")
    if not taking_answers(found.wave):
        return _stopped(request, "This survey is not taking answers at the moment.")
    form = AnswerForm(request.POST or None, questions=found.wave.questions)
    if request.method == "POST" and form.is_valid():
        try:
            response_with_code(household_code=found, given=form.answers())
        except AlreadyAnswered:
            return _stopped(request, "Your home has already answered this survey. Thank you.")
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return redirect("residents:thanks")
    return render(
        request, "surveys/public/answer.html", {"form": form, "questions": found.wave.questions}
    )


@never_cache
def event(request: HttpRequest, token: str) -> HttpResponse:
    """The open link handed out at an event: anyone may answer (marked as such)."""
    wave = wave_by_event_token(token)
    if wave is None:
        if limited(request, "code"):
            return _too_many(request)
        count_try(request, "code")
        return _stopped(request, "This survey link is not taking answers.", status=404)
    form = AnswerForm(request.POST or None, questions=wave.questions)
    if request.method == "POST":
        if limited(request, "link"):
            return _too_many(request)
        if form.is_valid():
            try:
                response_by_open_link(wave=wave, given=form.answers())
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                count_try(request, "link")
                return redirect("residents:thanks")
    return render(
        request, "surveys/public/answer.html", {"form": form, "questions": wave.questions}
    )


def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/public/thanks.html")
