"""The residents' survey section of the review report and the practice write-up: the same
figures as the problem page (``surveys.sections.survey_section``), read through the maker's
reader, so a document holds only what its maker may see.

The review report prints the survey as it stood when the review was completed: the waves
opened and the answers given by then (``as_at``), so answers keyed in later cannot change
what the review said. The write-up prints it live, as saved write-ups print their problem.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from clearhold.documents import figures
from clearhold.documents.templating import ListOf, Obj
from clearhold.readmodel import Reader
from clearhold.surveys.display import results_display, short_name
from clearhold.surveys.objectives import objectives_measured
from clearhold.surveys.scoring import problem_survey_results

SURVEY = Obj.of(
    "title", "site", "illustrative", "period", "changes", "waves", "chart", "thresholds"
)
SURVEY_OBJECTIVE = Obj.of("title", "status", "measured_on", "reason")
PLACEHOLDERS = {"surveys": ListOf(SURVEY), "survey_objectives": ListOf(SURVEY_OBJECTIVE)}


def _chart(shown: dict[str, Any], changes: list[Any]) -> str:
    measured = [c for c in changes if c.change is not None]
    if not measured:
        return ""
    png = figures.survey_chart(
        [short_name(c.key, c.wording) for c in measured],
        [(c.change.before.share, c.change.before.low, c.change.before.high) for c in measured],
        [(c.change.after.share, c.change.after.low, c.change.after.high) for c in measured],
        (shown["baseline"], shown["latest"]),
    )
    return figures.data_uri(png)


def survey_context(
    reader: Reader, problem: Any, *, as_at: dt.datetime | None = None
) -> dict[str, Any]:
    """``surveys`` and ``survey_objectives`` for a document's template."""
    every = problem_survey_results(reader, problem, as_at)
    surveys = []
    for results in every:
        shown = results_display(results)
        surveys.append(
            {
                "title": shown["survey"].title,
                "site": shown["survey"].site.name,
                "illustrative": shown["illustrative"],
                "period": f"from the {shown['baseline'].lower()} to the {shown['latest'].lower()}"
                if shown["changes"]
                else "",
                "changes": shown["changes"],
                "waves": shown["waves"],
                "chart": _chart(shown, results.changes),
                "thresholds": shown["thresholds"],
            }
        )
    objectives = [
        {
            "title": o["title"],
            "status": o["status"],
            "measured_on": o["measured_on"],
            "reason": o["reason"],
        }
        for o in objectives_measured(
            problem, every, today=as_at.date() if as_at is not None else None
        )
    ]
    return {"surveys": surveys, "survey_objectives": objectives}
