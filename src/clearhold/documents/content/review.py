"""The review report at 3, 6 or 12 months, made from a completed review's frozen figures.

Completing a review freezes each objective's progress, every action's status and the counts
of actions in ``Review.snapshot`` (see ``problems/reviews.py``). The report is built from that
snapshot and the review's own fields only, never from live data: a late import, a corrected
incident or an action marked done afterwards cannot change what the review said. A review not
yet completed has nothing frozen, so its report is blocked.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from clearhold.documents import kinds
from clearhold.documents.content.common import day, person, text
from clearhold.documents.content.survey import PLACEHOLDERS as SURVEY_PLACEHOLDERS
from clearhold.documents.content.survey import survey_context
from clearhold.documents.kinds import Content, DocumentKind
from clearhold.documents.templating import ListOf, Obj
from clearhold.problems.models import ActionStatus, Phase, ReviewDecision, Stage
from clearhold.readmodel import Reader

REVIEW = Obj.of(
    "months",
    "due_date",
    "as_of",
    "period",
    "completed_on",
    "completed_by",
    "decision",
    "phase",
    "stage",
)
OBJECTIVE = Obj.of(
    "title",
    "site",
    "categories",
    "baseline",
    "target",
    "deadline",
    "status",
    "reason",
    "baseline_mean",
    "measured",
    "measured_mean",
    "change",
    "months",
)
ACTION = Obj.of("title", "layer", "owner_organisation", "due_date", "overdue")
STATUS_GROUP = Obj.of("label", "count", "actions")
PLACEHOLDERS = {
    "reference": None,
    "problem_title": None,
    "review": REVIEW,
    "narrative": ListOf(None),
    "objectives": ListOf(OBJECTIVE),
    "statuses": ListOf(STATUS_GROUP),
    "action_total": None,
    "overdue": None,
    **SURVEY_PLACEHOLDERS,
}
REQUIRED = {
    "review": "a review report must say which review it is and when its figures were frozen.",
    "objectives": "a review report must give each objective's figures as frozen.",
    "narrative": "a review report must give what the review found.",
}


def paragraphs(text: str) -> list[str]:
    """A text as paragraphs: one per non-empty line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _iso_day(value: str | None) -> str:
    return day(dt.date.fromisoformat(value)) if value else ""


def _month(label: str) -> str:
    return f"{dt.date.fromisoformat(f'{label}-01'):%B %Y}"


def _span(months: list[str]) -> str:
    if not months:
        return ""
    if len(months) == 1:
        return _month(months[0])
    return f"{_month(months[0])} to {_month(months[-1])}"


def _change(pct: float | None) -> str:
    if pct is None:
        return ""
    if abs(pct) < 0.5:
        return "no change"
    return f"a fall of {-pct:.0f}%" if pct < 0 else f"a rise of {pct:.0f}%"


def _target(pct: float) -> str:
    if pct == 0:
        return "no rise"
    return f"a {-pct:g}% fall" if pct < 0 else f"a {pct:g}% rise"


def _mean(value: float | None) -> str:
    return "" if value is None else f"{value:.2f} a month"


def objective_rows(record: dict) -> dict[str, Any]:
    """One frozen objective as the report prints it."""
    progress = record["progress"]
    period = dict.fromkeys(progress["baseline_months"], "baseline") | dict.fromkeys(
        progress["measured_months"], "measured"
    )
    months = [
        {
            "month": _month(m),
            "count": "not in the data" if count is None else count,
            "period": period.get(m, "not counted"),
        }
        for m, count in zip(progress["series_months"], progress["series_counts"], strict=True)
    ]
    return {
        "title": record["title"],
        "site": record["site"],
        "categories": ", ".join(record["categories"]),
        "baseline": _span([record["baseline_from"][:7], record["baseline_to"][:7]]),
        "target": _target(record["target_change_pct"]),
        "deadline": _iso_day(record["deadline"]),
        "status": progress["status"],
        "reason": progress["reason"],
        "baseline_mean": _mean(progress["baseline_mean"]),
        "measured": _span(progress["measured_months"]),
        "measured_mean": _mean(progress["measured_mean"]),
        "change": _change(progress["change_pct"]),
        "months": months,
    }


def status_groups(actions: list[dict], counts: dict) -> list[dict[str, Any]]:
    """The frozen actions grouped by status, in the plan's order of statuses."""
    groups = []
    for status in ActionStatus:
        listed = [
            {
                "title": a["title"],
                "layer": a["layer"],
                "owner_organisation": a["owner_organisation"],
                "due_date": _iso_day(a["due_date"]),
                "overdue": bool(a["overdue"]),
            }
            for a in actions
            if a["status"] == status.value
        ]
        groups.append(
            {"label": status.label, "count": counts.get(status.value, 0), "actions": listed}
        )
    return groups


def _who(user: Any) -> str:
    found = person(user)
    return ", ".join(part for part in (found["name"], found["role"], found["organisation"]) if part)


def review_report(*, subject: Any, reader: Reader, inputs: dict) -> Content:
    review = reader.show(subject)
    title = f"{review.months}-month review report"
    if review.completed_at is None or not review.snapshot:
        return Content(
            title,
            {},
            [
                f"The {review.months}-month review has not been completed yet: its figures are "
                "frozen only when it is completed. Complete it on the problem’s Reviews section "
                "(what the review found and its decision), then make the report."
            ],
        )
    snapshot = review.snapshot
    labels = dict(ReviewDecision.choices)
    context = {
        "reference": f"CH-{review.problem_id}-R{review.months}",
        "problem_title": text(review.problem.title),
        "review": {
            "months": review.months,
            "due_date": day(review.due_date),
            "as_of": _iso_day(snapshot["as_of"]),
            "period": f"The {review.months} months to {day(review.due_date)}, with the figures "
            f"as at {_iso_day(snapshot['as_of'])}",
            "completed_on": day(timezone.localtime(review.completed_at).date()),
            "completed_by": _who(review.completed_by),
            "decision": labels.get(review.decision, review.decision),
            "phase": dict(Phase.choices).get(snapshot.get("phase"), ""),
            "stage": dict(Stage.choices).get(snapshot.get("stage"), ""),
        },
        "narrative": paragraphs(text(review.narrative)),
        "objectives": [objective_rows(o) for o in snapshot.get("objectives", [])],
        "statuses": status_groups(snapshot.get("actions", []), snapshot.get("action_counts", {})),
        "action_total": snapshot.get("action_counts", {}).get("total", 0),
        "overdue": snapshot.get("action_counts", {}).get("overdue", 0),
        # The survey as it stood when the review was completed: later answers cannot change it.
        **survey_context(reader, subject.problem, as_at=subject.completed_at),
    }
    return Content(f"{title}: {text(review.problem.title)}", context)


def register() -> None:
    kinds.register(
        DocumentKind(
            key="review_report",
            title="Review report",
            subject="review",
            placeholders=PLACEHOLDERS,
            build=review_report,
            required=REQUIRED,
            description="What a 3, 6 or 12-month review found, with the objective figures and "
            "action statuses it froze when it was completed.",
        )
    )
