"""Pages for objectives and reviews: add an objective; see, and complete, a review.

Thin: each page reads the problem through ``problem_get`` (the association checker), checks
the change rule before any write, and hands the work to ``objectives.py`` / ``reviews.py``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from clearhold.authz import can, permission_required, problem_in_url, require
from clearhold.problems.forms_objectives import ObjectiveForm, ReviewForm
from clearhold.problems.models import Problem, Review
from clearhold.problems.objectives import (
    baseline_months_without_data,
    months_in_words,
    objective_create,
    objective_record,
)
from clearhold.problems.permissions import PROBLEM_CHANGE, PROBLEM_VIEW
from clearhold.problems.reviews import (
    figures_display,
    review_complete,
    review_early_warning,
    review_figures,
)
from clearhold.problems.selectors import problem_get
from clearhold.readmodel import Reader, reader_for
from clearhold.toolkit.forms import add_validation_errors


@permission_required(PROBLEM_CHANGE, problem_in_url(Problem))
def objective_new(request: HttpRequest, pk: int) -> HttpResponse:
    problem = problem_get(user=request.user, pk=pk)
    require(request.user, PROBLEM_CHANGE, problem)
    form = ObjectiveForm(request.POST or None, problem=problem)
    if request.method == "POST" and form.is_valid():
        try:
            objective = objective_create(user=request.user, problem=problem, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "Objective added. Its progress is measured on the incidents.")
            missing = baseline_months_without_data(objective_record(objective))
            if missing:
                messages.warning(
                    request,
                    f"The store holds no incident data for {months_in_words(missing)}: "
                    "the baseline leaves those months out rather than counting them as 0 "
                    "incidents. Import them, or move the baseline to months the data cover.",
                )
            return redirect(f"{problem.get_absolute_url()}#objectives")
    shown = Reader(request.user, log=False).show(problem)  # a heading: public fields only
    return render(request, "problems/objective_form.html", {"problem": shown, "form": form})


@permission_required(PROBLEM_VIEW, problem_in_url(Problem))
def review_detail(request: HttpRequest, pk: int, review_pk: int) -> HttpResponse:
    """A completed review shows its frozen snapshot only; an open one shows the figures live
    and, to those who may change the problem, the form that completes it (POST)."""
    problem = problem_get(user=request.user, pk=pk)
    review = get_object_or_404(
        Review.objects.select_related("completed_by"), pk=review_pk, problem=problem
    )
    may_change = can(request.user, PROBLEM_CHANGE, problem)
    if request.method == "POST":
        require(request.user, PROBLEM_CHANGE, problem)
    form = None
    if review.completed_at is None:
        form = ReviewForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                review_complete(user=request.user, review=review, **form.cleaned_data)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, f"{review.months}-month review completed.")
                early = review_early_warning(review, timezone.localdate())
                if early:
                    messages.warning(request, early)
                return redirect("problems:review", pk=problem.pk, review_pk=review.pk)
    elif request.method == "POST":
        done = timezone.localtime(review.completed_at)
        messages.error(
            request,
            f"This review was already completed on {done.day} {done:%B %Y}: nothing was changed.",
        )
        return redirect("problems:review", pk=problem.pk, review_pk=review.pk)
    if review.completed_at is not None:
        figures, frozen = review.snapshot, True
    else:
        figures, frozen = review_figures(problem=problem, today=timezone.localdate()), False
    with reader_for(request, problem, what=f"reviewer of {review}", about=review) as reader:
        return _review_page(request, reader, problem, review, form, may_change, figures, frozen)


def _review_page(request, reader, problem, review, form, may_change, figures, frozen):
    return render(
        request,
        "problems/review.html",
        {
            "problem": reader.show(problem),
            "review": reader.show(review),
            "reader": reader,
            "form": form if may_change else None,
            "may_change": may_change,
            "frozen": frozen,
            "figures": figures_display(figures) if figures else None,
            "early": review_early_warning(
                review,
                timezone.localtime(review.completed_at).date() if frozen else timezone.localdate(),
            ),
        },
    )
