"""The survey objective page: thin; the change rule is checked before anything is written."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from clearhold.authz import permission_required, problem_in_url, require
from clearhold.problems.models import Problem
from clearhold.problems.permissions import PROBLEM_CHANGE
from clearhold.problems.selectors import problem_get
from clearhold.readmodel import Reader
from clearhold.surveys.objective_forms import SurveyObjectiveForm
from clearhold.surveys.objectives import survey_objective_create
from clearhold.toolkit.forms import add_validation_errors


@permission_required(PROBLEM_CHANGE, problem_in_url(Problem))
def survey_objective_new(request: HttpRequest, pk: int) -> HttpResponse:
    problem = problem_get(user=request.user, pk=pk)
    require(request.user, PROBLEM_CHANGE, problem)
    form = SurveyObjectiveForm(request.POST or None, problem=problem)
    if request.method == "POST" and form.is_valid():
        try:
            survey_objective_create(user=request.user, problem=problem, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "Objective added. It is measured on the survey’s waves.")
            return redirect(f"{problem.get_absolute_url()}#residents-survey")
    shown = Reader(request.user, log=False).show(problem)  # its title: public
    return render(request, "surveys/objective_form.html", {"problem": shown, "form": form})
