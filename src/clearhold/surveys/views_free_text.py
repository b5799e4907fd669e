"""The free-text page: a member reads each written answer and marks it free of names, or
redacts it. Until then it is shown to nobody else in the partnership (``Answer.shown_text`` is
what the results show, and only once ``text_review`` is no longer "unread").

What residents wrote is restricted data until read: the page asks the member's purpose first
and reads the text through the read model, so each reading is audited.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from clearhold.audit.reads import purpose_needed
from clearhold.authz import permission_required, problem_in_url, require
from clearhold.readmodel import reader_for
from clearhold.surveys.answering import text_review
from clearhold.surveys.forms import TextReviewForm
from clearhold.surveys.models import Survey, TextReview
from clearhold.surveys.permissions import SURVEY_MODERATE
from clearhold.surveys.selectors import answer_get, free_text_answers, survey_get


@permission_required(SURVEY_MODERATE, problem_in_url(Survey))
def free_text(request: HttpRequest, pk: int) -> HttpResponse:
    survey = survey_get(user=request.user, pk=pk)
    problem = survey.problem
    require(request.user, SURVEY_MODERATE, problem)
    ask = purpose_needed(request, problem)
    if ask is not None:
        return ask
    failed: dict[int, TextReviewForm] = {}
    if request.method == "POST":
        answered = _review(request, survey)
        if answered is None:
            return redirect("surveys:free-text", pk=survey.pk)
        failed = answered
    with reader_for(request, problem, what=f"free text of {survey}", about=survey) as reader:
        answers = [
            {
                "answer": reader.show(answer),
                "form": failed.get(answer.pk) or TextReviewForm(prefix=f"a{answer.pk}"),
                "unread": answer.text_review == TextReview.UNREAD,
            }
            for answer in free_text_answers(survey=survey)
        ]
        return render(
            request,
            "surveys/free_text.html",
            {
                "problem": reader.show(problem),
                "survey": reader.show(survey),
                "answers": answers,
                "unread": sum(1 for a in answers if a["unread"]),
            },
        )


def _review(request: HttpRequest, survey: Survey) -> dict[int, TextReviewForm] | None:
    """Record the decision on the answer named in the POST; its form back when it fails."""
    number = request.POST.get("answer", "")
    if not number.isdigit():
        raise Http404("No such answer")
    answer = answer_get(user=request.user, survey=survey, pk=int(number))
    form = TextReviewForm(request.POST, prefix=f"a{answer.pk}")
    if form.is_valid():
        try:
            text_review(
                user=request.user,
                answer=answer,
                clear=form.cleaned_data["decision"] == "clear",
                shown_text=form.cleaned_data["shown_text"],
            )
        except ValidationError as error:
            form.add_error("shown_text", error.messages)
        else:
            messages.success(request, "Marked. It can now be shown to the partnership.")
            return None
    return {answer.pk: form}
