"""The residents' survey on the problem page, beside the incident objectives: where to set up and
send the survey, each survey's change from the baseline to the latest wave, its chart, the
response rates and warnings, the cleared comments and the survey objectives. Registered with
``problems.sections``; the review and write-up documents print :func:`survey_section`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from clearhold.authz import can
from clearhold.problems.permissions import PROBLEM_CHANGE
from clearhold.problems.sections import Section, add_section
from clearhold.readmodel import Reader
from clearhold.surveys.display import results_display
from clearhold.surveys.objectives import objectives_measured
from clearhold.surveys.permissions import SURVEY_CHANGE, SURVEY_VIEW
from clearhold.surveys.scoring import problem_survey_results
from clearhold.surveys.selectors import surveys_of
from clearhold.toolkit.addresses import address


def survey_section(reader: Reader, problem: Any, *, today: dt.date | None = None) -> dict[str, Any]:
    """The surveys and survey objectives of ``problem`` as ``reader`` may see them: the page
    and the documents print the same."""
    results = problem_survey_results(reader, problem)
    return {
        "surveys": [{**results_display(r), "survey": reader.show(r.survey)} for r in results],
        "survey_objectives": objectives_measured(problem, results, today=today),
    }


def problem_section(*, problem: Any, user: Any, reader: Reader | None = None) -> dict[str, Any]:
    if not can(user, SURVEY_VIEW, problem):
        return {"visible": False}
    # Public fields only (no purpose given): nothing personal is read, so nothing is logged.
    results_reader = Reader(user, what=f"residents' survey on {problem}", log=False)
    section = survey_section(results_reader, problem)
    return {
        "visible": True,
        "problem": (reader or results_reader).show(problem),
        "may_change": can(user, PROBLEM_CHANGE, problem),
        "surveys_href": address("surveys:list", args=[problem.pk]),
        # Every survey of the problem is scored; counted only when none was.
        "survey_count": len(section["surveys"]) or surveys_of(problem=problem).count(),
        "may_change_surveys": can(user, SURVEY_CHANGE, problem),
        **section,
    }


def register() -> None:
    add_section(Section("problem", "surveys/problem_section.html", problem_section))
