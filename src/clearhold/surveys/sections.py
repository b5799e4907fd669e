"""The survey's link on the problem page: how many surveys, and where to set one up and send it
(the results are shown by their own section)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from clearhold.authz import can
from clearhold.problems.sections import Section, add_section
from clearhold.surveys.permissions import SURVEY_CHANGE, SURVEY_VIEW
from clearhold.surveys.selectors import surveys_of


def problem_section(*, problem: Any, user: Any) -> dict[str, Any]:
    if not can(user, SURVEY_VIEW, problem):
        return {"surveys_visible": False}
    return {
        "surveys_visible": True,
        "surveys_href": reverse("surveys:list", args=[problem.pk]),
        "survey_count": surveys_of(problem=problem).count(),
        "may_change_surveys": can(user, SURVEY_CHANGE, problem),
    }


def register() -> None:
    add_section(Section("problem", "surveys/problem_section.html", problem_section))
