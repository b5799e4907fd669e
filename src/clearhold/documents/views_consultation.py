"""Pages of the consultation log: the log of a problem, and the form to record or correct a
household's response. Thin views: guarded by the documents rule on the
problem (DOCUMENTS_VIEW to read the log, DOCUMENT_GENERATE to write to it). What a household
said is personal data: read through the one read model (``clearhold.readmodel``), so it is shown
to organisations the sharing record allows, once the reader has given a purpose, each read
recorded."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from clearhold.audit.reads import purpose_given, purpose_needed, purpose_url
from clearhold.authz import (
    DataClass,
    can,
    may_see,
    permission_required,
    problem_in_url,
    require,
)
from clearhold.documents.consultation import (
    RECORDED_STANCES,
    consultation_log,
    response_get,
    response_record,
)
from clearhold.documents.forms_consultation import ResponseForm
from clearhold.documents.permissions import DOCUMENT_GENERATE, DOCUMENTS_VIEW
from clearhold.documents.selectors import consultation_log_shown
from clearhold.problems.models import Problem
from clearhold.problems.permissions import PROBLEM_PERSONAL_DATA
from clearhold.problems.selectors import problem_get
from clearhold.readmodel import WITHHELD, Reader
from clearhold.toolkit.forms import add_validation_errors


@require_GET
@permission_required(DOCUMENTS_VIEW, problem_in_url(Problem, "problem_pk"))
def consultation_page(request: HttpRequest, problem_pk: int) -> HttpResponse:
    problem = problem_get(user=request.user, pk=problem_pk)
    require(request.user, DOCUMENTS_VIEW, problem)
    stances = dict(RECORDED_STANCES)
    stance = request.GET.get("stance", "")
    stance = stance if stance in stances else ""
    allowed = may_see(request.user, DataClass.RESTRICTED, problem)
    given = purpose_given(request, problem)
    purpose = given is not None
    with _reader(request, given, "Consultation log page; ") as reader:
        log = consultation_log_shown(problem=problem, reader=reader, stance=stance)
        return render(
            request,
            "documents/consultation.html",
            {
                "problem": reader.show(problem),
                "log": log,
                "responses": log.responses,
                "said_shown": allowed and purpose,
                "purpose_link": purpose_url(problem, request.get_full_path())
                if allowed and not purpose
                else "",
                "stance": stance,
                "stance_label": stances.get(stance, ""),
                "stances": RECORDED_STANCES,
                "may_record": can(request.user, DOCUMENT_GENERATE, problem),
            },
        )


def _reader(request: HttpRequest, given: dict[str, str] | None, channel: str) -> Reader:
    """The page's reader, with the purpose given for the problem this session (if any)."""
    given = given or {}
    return Reader(
        request.user,
        purpose=given.get("purpose", ""),
        note=given.get("note", ""),
        channel=channel,
    )


def _response_form(request: HttpRequest, problem_pk: int, pk: int | None) -> HttpResponse:
    problem = problem_get(user=request.user, pk=problem_pk)
    require(request.user, DOCUMENT_GENERATE, problem)
    response = response_get(problem=problem, pk=pk) if pk is not None else None
    if response is not None:
        require(request.user, PROBLEM_PERSONAL_DATA, problem)
        ask = purpose_needed(request, problem)
        if ask is not None:
            return ask
    with _reader(
        request, purpose_given(request, problem), "Consultation response form; "
    ) as reader:
        return _response_page(request, problem, response, reader)


def _response_page(request: HttpRequest, problem, response, reader: Reader) -> HttpResponse:
    initial = {}
    if response is not None and request.method != "POST":
        shown = reader.show(response)
        initial = {name: _value(getattr(shown, name)) for name in ResponseForm.base_fields}
        initial["unit"] = response.unit_id
    log = consultation_log(problem=problem)  # the homes to choose from, for the write
    form = ResponseForm(request.POST or None, initial=initial, units=log.units)
    if request.method == "POST" and form.is_valid():
        try:
            saved = response_record(
                user=request.user, problem=problem, response=response, **form.values()
            )
        except ValidationError as invalid:
            add_validation_errors(form, invalid)
        else:
            verb = "Corrected" if response else "Recorded"
            messages.success(request, f"{verb} the response from {saved.unit.name}.")
            return redirect("documents:consultation", problem.pk)
    return render(
        request,
        "documents/consultation_form.html",
        {
            "problem": reader.show(problem),
            "form": form,
            "response": reader.show(response),
            "no_units": not log.units,
        },
    )


def _value(value):
    return "" if value is WITHHELD else value


@permission_required(DOCUMENT_GENERATE, problem_in_url(Problem, "problem_pk"))
def response_new(request: HttpRequest, problem_pk: int) -> HttpResponse:
    return _response_form(request, problem_pk, None)


@permission_required(DOCUMENT_GENERATE, problem_in_url(Problem, "problem_pk"))
def response_edit(request: HttpRequest, problem_pk: int, pk: int) -> HttpResponse:
    return _response_form(request, problem_pk, pk)
