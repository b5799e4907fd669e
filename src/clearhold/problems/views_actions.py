"""Pages for the action plan, meetings and the user's dashboard with its calendar export.

Thin views: parse a form, call one service or selector, render. Every page of a problem is
guarded by its rule on that problem (PROBLEM_VIEW to read, PROBLEM_CHANGE to write) and reads it
through ``problem_get``; the dashboard and calendar list only the user's associated problems.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from clearhold.authz import can, permission_required, problem_in_url, require
from clearhold.problems.actions import action_create, action_update
from clearhold.problems.dashboard import calendar_ics, dashboard
from clearhold.problems.forms_actions import (
    ActionForm,
    MeetingForm,
    meeting_errors_show,
    new_action_formset,
    new_action_rows,
)
from clearhold.problems.meetings import meeting_create, meeting_detail, meeting_get
from clearhold.problems.models import Action, Problem
from clearhold.problems.permissions import (
    PROBLEM_CHANGE,
    PROBLEM_VIEW,
    PROBLEMS_LIST,
)
from clearhold.problems.selectors import problem_get
from clearhold.readmodel import Reader, reader_for
from clearhold.toolkit.forms import add_validation_errors


def _heading(request: HttpRequest, record: Any) -> Any:
    """A form page's record as its heading and links print it: public fields, no purpose."""
    return Reader(request.user, log=False).show(record)


@permission_required(PROBLEM_CHANGE, problem_in_url(Problem))
def action_new(request: HttpRequest, pk: int) -> HttpResponse:
    problem = problem_get(user=request.user, pk=pk)
    require(request.user, PROBLEM_CHANGE, problem)
    form = ActionForm(request.POST or None, problem=problem)
    if request.method == "POST" and form.is_valid():
        try:
            action = action_create(user=request.user, problem=problem, **form.cleaned_data)
        except ValidationError as invalid:
            add_validation_errors(form, invalid)
        else:
            messages.success(request, f"Added the action “{action.title}”.")
            return redirect(f"{problem.get_absolute_url()}#actions")
    return render(
        request,
        "problems/action_form.html",
        {"problem": _heading(request, problem), "form": form, "action": None},
    )


@permission_required(PROBLEM_CHANGE, problem_in_url(Problem))
def action_edit(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    problem = problem_get(user=request.user, pk=pk)
    require(request.user, PROBLEM_CHANGE, problem)
    action = get_object_or_404(Action, pk=action_pk, problem=problem)
    initial = {name: getattr(action, name) for name in ActionForm.base_fields}
    form = ActionForm(request.POST or None, problem=problem, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            action_update(user=request.user, action=action, **form.cleaned_data)
        except ValidationError as invalid:
            add_validation_errors(form, invalid)
        else:
            messages.success(request, f"Saved the action “{action.title}”.")
            return redirect(f"{problem.get_absolute_url()}#actions")
    return render(
        request,
        "problems/action_form.html",
        {"problem": _heading(request, problem), "form": form, "action": _heading(request, action)},
    )


@permission_required(PROBLEM_CHANGE, problem_in_url(Problem))
def meeting_new(request: HttpRequest, pk: int) -> HttpResponse:
    problem = problem_get(user=request.user, pk=pk)
    require(request.user, PROBLEM_CHANGE, problem)
    data = request.POST if request.method == "POST" else None
    form = MeetingForm(data, problem=problem)
    formset = new_action_formset(data, problem=problem)
    if data is not None and form.is_valid() and formset.is_valid():
        try:
            meeting = meeting_create(
                user=request.user,
                problem=problem,
                **form.cleaned_data,
                new_actions=new_action_rows(formset),
            )
        except ValidationError as invalid:
            meeting_errors_show(invalid, form=form, formset=formset)
        else:
            made = meeting.decided_actions.count()
            created = f" and {made} new action{'s' if made > 1 else ''}" if made else ""
            messages.success(request, f"Recorded the meeting{created}.")
            return redirect("problems:meeting", pk=problem.pk, meeting_pk=meeting.pk)
    row_errors = [
        (index, form_row)
        for index, form_row in enumerate(formset.forms, start=1)
        if form_row.errors
    ]
    return render(
        request,
        "problems/meeting_form.html",
        {
            "problem": _heading(request, problem),
            "form": form,
            "formset": formset,
            "row_errors": row_errors,
            "has_errors": bool(form.errors or row_errors or formset.non_form_errors()),
        },
    )


@require_GET
@permission_required(PROBLEM_VIEW, problem_in_url(Problem))
def meeting_page(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    problem = problem_get(user=request.user, pk=pk)
    meeting = meeting_get(user=request.user, problem=problem, pk=meeting_pk)
    what = f"attendees of {meeting} on {problem}"
    with reader_for(request, problem, what=what, about=meeting) as reader:
        return render(
            request,
            "problems/meeting.html",
            {
                "problem": reader.show(problem),
                "may_change": can(request.user, PROBLEM_CHANGE, problem),
                "reader": reader,
                **meeting_detail(meeting=reader.show(meeting)),
            },
        )


@require_GET
@permission_required(PROBLEMS_LIST)
def dashboard_page(request: HttpRequest) -> HttpResponse:
    return render(request, "problems/dashboard.html", dashboard(user=request.user))


@require_GET
@permission_required(PROBLEMS_LIST)
def calendar_export(request: HttpRequest) -> HttpResponse:
    body = calendar_ics(
        user=request.user,
        host=request.get_host().split(":")[0],
        base_url=f"{request.scheme}://{request.get_host()}",
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="clearhold-calendar.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
