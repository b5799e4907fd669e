"""Pages for graduated enforcement per person: the people on a problem, a person's chronology
and ladder, and the forms to add a person and record a step.

Thin views: every page is guarded by POWERS_USE, then by the people rule on the person's
problem (PEOPLE_VIEW to read, PEOPLE_CHANGE to write). People are personal data, so every page
that shows a person writes an audit VIEW entry; writes are recorded by the audit trail's model
tracking.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from clearhold.audit.models import AuditAction
from clearhold.audit.services import audit_record
from clearhold.authz import can, permission_required, require
from clearhold.powers.forms_people import PersonForm, StepForm
from clearhold.powers.people import (
    age_today,
    chronology,
    ladder,
    people_on_problem,
    person_add,
    step_record,
)
from clearhold.powers.permissions import PEOPLE_CHANGE, POWERS_USE
from clearhold.powers.selectors import person_get
from clearhold.problems.selectors import problem_get
from clearhold.web.forms import add_validation_errors

PERSONAL_DATA = "personal data: people under enforcement"


def _audit_view(request: HttpRequest, obj, what: str) -> None:
    audit_record(
        action=AuditAction.VIEW,
        obj=obj,
        object_repr=what,
        detail=PERSONAL_DATA,
        user=request.user,
    )


@require_GET
@permission_required(POWERS_USE)
def people_page(request: HttpRequest, problem_pk: int) -> HttpResponse:
    problem = problem_get(user=request.user, pk=problem_pk)
    rows = people_on_problem(user=request.user, problem=problem)
    _audit_view(request, problem, f"people under enforcement on {problem}")
    return render(
        request,
        "powers/people/list.html",
        {
            "problem": problem,
            "rows": rows,
            "may_change": can(request.user, PEOPLE_CHANGE, problem),
        },
    )


@permission_required(POWERS_USE)
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
    return render(request, "powers/people/person_form.html", {"problem": problem, "form": form})


@require_GET
@permission_required(POWERS_USE)
def person_page(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_get(user=request.user, pk=pk)
    context = {
        "person": person,
        "problem": person.problem,
        "age": age_today(person),
        "entries": chronology(person),
        "ladder": ladder(person),
        "may_change": can(request.user, PEOPLE_CHANGE, person.problem),
    }
    _audit_view(request, person, f"enforcement record of {person}")
    return render(request, "powers/people/person.html", context)


@permission_required(POWERS_USE)
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
    _audit_view(request, person, f"step form for {person}")
    return render(
        request,
        "powers/people/step_form.html",
        {"person": person, "problem": person.problem, "age": age_today(person), "form": form},
    )
