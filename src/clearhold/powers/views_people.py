"""Pages for graduated enforcement per person: the people on a problem, a person's chronology
and ladder, and the forms to add a person and record a step.

Thin views: every page is guarded by the people rule on the person's problem (PEOPLE_VIEW to
read, PEOPLE_CHANGE to write). People are personal data (restricted), so every page that shows a
person first asks the reader's purpose (once per problem per session) and writes an audit VIEW
entry with it; writes are recorded by the audit trail's model tracking.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from clearhold.audit.reads import purpose_needed
from clearhold.authz import can, permission_required, problem_in_url, require
from clearhold.powers.forms_people import PersonForm, StepForm
from clearhold.powers.models import Person
from clearhold.powers.people import (
    PersonRow,
    age_today,
    chronology,
    ladder,
    latest_step,
    people_on_problem,
    person_add,
    step_record,
)
from clearhold.powers.permissions import PEOPLE_CHANGE, PEOPLE_VIEW
from clearhold.powers.selectors import person_get
from clearhold.problems.models import Problem
from clearhold.problems.selectors import problem_get
from clearhold.readmodel import Reader, reader_for
from clearhold.toolkit.forms import add_validation_errors


def _rows(reader: Reader, rows: list[PersonRow]) -> list[PersonRow]:
    """The people rows as the reader may see them: name, age and latest step read through it."""
    shown_rows = []
    for row in rows:
        person = reader.show(row.person)
        shown_rows.append(PersonRow(person, age_today(person), latest_step(person)))
    return shown_rows


@require_GET
@permission_required(PEOPLE_VIEW, problem_in_url(Problem, "problem_pk"))
def people_page(request: HttpRequest, problem_pk: int) -> HttpResponse:
    problem = problem_get(user=request.user, pk=problem_pk)
    rows = people_on_problem(user=request.user, problem=problem)
    ask = purpose_needed(request, problem)
    if ask is not None:
        return ask
    with reader_for(request, problem, what=f"people under enforcement on {problem}") as reader:
        return render(
            request,
            "powers/people/list.html",
            {
                "problem": reader.show(problem),
                "rows": _rows(reader, rows),
                "may_change": can(request.user, PEOPLE_CHANGE, problem),
            },
        )


@permission_required(PEOPLE_CHANGE, problem_in_url(Problem, "problem_pk"))
def person_new(request: HttpRequest, problem_pk: int) -> HttpResponse:
    problem = problem_get(user=request.user, pk=problem_pk)
    require(request.user, PEOPLE_CHANGE, problem)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = person_add(user=request.user, problem=problem, **form.cleaned_data)
        except ValidationError as invalid:
            add_validation_errors(form, invalid)
        else:
            messages.success(request, f"Added {person.name}. Record the steps taken so far.")
            return redirect(person)
    heading = Reader(request.user, log=False).show(problem)  # public fields only
    return render(request, "powers/people/person_form.html", {"problem": heading, "form": form})


@require_GET
@permission_required(PEOPLE_VIEW, problem_in_url(Person))
def person_page(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_get(user=request.user, pk=pk)
    ask = purpose_needed(request, person.problem)
    if ask is not None:
        return ask
    what = f"enforcement record of {person}"
    with reader_for(request, person.problem, what=what, about=person) as reader:
        shown = reader.show(person)
        context = {
            "person": shown,
            "problem": reader.show(person.problem),
            "reader": reader,
            "age": age_today(shown),
            "entries": chronology(shown),
            "ladder": ladder(shown),
            "may_change": can(request.user, PEOPLE_CHANGE, person.problem),
        }
        return render(request, "powers/people/person.html", context)


@permission_required(PEOPLE_CHANGE, problem_in_url(Person))
def step_new(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_get(user=request.user, pk=pk)
    require(request.user, PEOPLE_CHANGE, person.problem)
    form = StepForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            step, warnings = step_record(user=request.user, person=person, **form.cleaned_data)
        except ValidationError as invalid:
            add_validation_errors(form, invalid)
        else:
            for finding in warnings:
                messages.warning(request, f"{finding.message} [{finding.code}]")
            messages.success(request, f"Recorded: {step.get_kind_display()}.")
            return redirect(f"{person.get_absolute_url()}#chronology")
    ask = purpose_needed(request, person.problem)
    if ask is not None:
        return ask
    what = f"step form for {person}"
    with reader_for(request, person.problem, what=what, about=person) as reader:
        shown = reader.show(person)
        return render(
            request,
            "powers/people/step_form.html",
            {
                "person": shown,
                "problem": reader.show(person.problem),
                "age": age_today(shown),
                "form": form,
            },
        )
