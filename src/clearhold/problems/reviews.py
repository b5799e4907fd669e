"""Reviews at 3, 6 and 12 months: completing one freezes the figures at its date.

``review_complete`` stores in ``Review.snapshot`` every objective's progress as at the day the
review is completed, each action's title, layer, owner, status and due date, and the counts of
actions by status: later imports, corrections or action updates never alter a completed review,
whose page draws only from the snapshot. An open review shows the same figures live.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clearhold.authz import require
from clearhold.problems.models import ActionStatus, Phase, Problem, Review, ReviewDecision, Stage
from clearhold.problems.objectives import objective_display, objective_list, objective_record
from clearhold.problems.permissions import PROBLEM_CHANGE
from clearhold.readmodel import Reader
from clearhold.toolkit.addresses import address
from clearhold.toolkit.ordering import in_order

NEXT_PHASE = {Phase.CLEAR: Phase.HOLD, Phase.HOLD: Phase.BUILD}
#: An open review is "due soon" this many days before its due date.
DUE_SOON_DAYS = 28


# A review completed more than this many days before it is due is completed early, and the
# page says so: a 3-month review done on day one reviews nothing that has happened yet.
EARLY_REVIEW_DAYS = 14


def review_early_warning(review: Review, on: dt.date) -> str:
    """The warning for completing ``review`` on ``on``, empty unless that is well before its
    due day; it says how early, in days and with the due date."""
    early = (review.due_date - on).days
    if early <= EARLY_REVIEW_DAYS:
        return ""
    return (
        f"This {review.months}-month review is due on {_long_date(review.due_date)}: "
        f"{_long_date(on)} is {early} days early, so its figures show little of the "
        "response’s effect yet."
    )


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def review_figures(*, problem: Problem, today: dt.date) -> dict:
    """The figures a review looks at, as JSON-ready data: what ``snapshot`` freezes."""
    actions = list(problem.actions.select_related("owner_organisation").order_by("due_date", "id"))
    open_statuses = {ActionStatus.PLANNED, ActionStatus.IN_PROGRESS}
    counts = {status.value: 0 for status in ActionStatus}
    for action in actions:
        counts[action.status] = counts.get(action.status, 0) + 1
    counts["total"] = len(actions)
    counts["overdue"] = sum(1 for a in actions if a.status in open_statuses and a.due_date < today)
    return {
        "as_of": today.isoformat(),
        "phase": problem.phase,
        "stage": problem.stage,
        "objectives": [objective_record(o, today=today) for o in objective_list(problem=problem)],
        "actions": [
            {
                "title": a.title,
                "layer": a.get_layer_display(),
                "owner_organisation": str(a.owner_organisation),
                "status": a.status,
                "status_label": a.get_status_display(),
                "due_date": a.due_date.isoformat(),
                "overdue": a.status in open_statuses and a.due_date < today,
            }
            for a in actions
        ],
        "action_counts": counts,
    }


def figures_display(figures: dict) -> dict:
    """The figures as the review template shows them (charts drawn from the data held)."""
    labels = dict(ActionStatus.choices)
    counts = figures.get("action_counts", {})
    return {
        "as_of": dt.date.fromisoformat(figures["as_of"]),
        "objectives": [objective_display(o) for o in figures.get("objectives", [])],
        "actions": [
            {**a, "due_date": dt.date.fromisoformat(a["due_date"])}
            for a in figures.get("actions", [])
        ],
        "action_counts": [(labels[s.value], counts.get(s.value, 0)) for s in ActionStatus]
        + [("Overdue", counts.get("overdue", 0)), ("Total", counts.get("total", 0))],
    }


@transaction.atomic
def review_complete(
    *,
    user: Any,
    review: Review,
    narrative: str,
    decision: str,
    today: dt.date | None = None,
) -> Review:
    """Complete the review: freeze the figures as at ``today`` (default: today), record the
    narrative and decision, and act on the decision (``move_phase``: clear → hold → build;
    ``close``: the problem's stage becomes closed). A review is completed once: a second
    attempt is refused and changes nothing."""
    problem = review.problem
    require(user, PROBLEM_CHANGE, problem)
    locked = Review.objects.select_for_update().get(pk=review.pk)
    if locked.completed_at is not None:
        raise ValidationError(
            f"This review was already completed on "
            f"{_long_date(timezone.localtime(locked.completed_at).date())}: a completed review "
            "cannot be completed again."
        )
    errors: dict[str, str] = {}
    narrative = (narrative or "").strip()
    if not narrative:
        errors["narrative"] = "Write what the review found."
    if decision not in ReviewDecision.values:
        errors["decision"] = "Choose the review’s decision."
    elif decision == ReviewDecision.MOVE_PHASE and problem.phase not in NEXT_PHASE:
        errors["decision"] = (
            f"The problem is already in the {problem.get_phase_display().lower()} phase, the "
            "last one: choose another decision."
        )
    elif decision == ReviewDecision.CLOSE and problem.stage == Stage.CLOSED:
        errors["decision"] = "The problem is already closed: choose another decision."
    if errors:
        raise ValidationError(errors)
    today = today or timezone.localdate()
    locked.snapshot = review_figures(problem=problem, today=today)
    locked.narrative = narrative
    locked.decision = decision
    locked.completed_at = timezone.now()
    locked.completed_by = user
    locked.save()
    if decision == ReviewDecision.MOVE_PHASE:
        problem.phase = NEXT_PHASE[Phase(problem.phase)]
        problem.save(update_fields=["phase"])
    elif decision == ReviewDecision.CLOSE:
        problem.stage = Stage.CLOSED
        problem.save(update_fields=["stage"])
    review.refresh_from_db()
    return locked


def review_state(review: Review, *, today: dt.date) -> tuple[str, str]:
    """``(label, GOV.UK tag class)``: completed, overdue, due soon or scheduled."""
    if review.completed_at is not None:
        return "Completed", "govuk-tag--green"
    if review.due_date < today:
        return "Overdue", "govuk-tag--red"
    if (review.due_date - today).days <= DUE_SOON_DAYS:
        return "Due soon", "govuk-tag--yellow"
    return "Scheduled", "govuk-tag--grey"


#: What a row of the problem page's reviews reads of a review (``reviews_section``).
_ROW_FIELDS = ("id", "problem_id", "months", "due_date", "completed_at", "decision")


def reviews_section(
    *, problem: Problem, user: Any, today: dt.date | None = None, reader: Reader | None = None
) -> dict:
    """Context for ``problems/sections/reviews.html``: ``reviews``, one dict per review with
    ``review`` (as ``reader``, the page's read model, shows it), ``state`` and ``tag``, in
    due-date order."""
    today = today or timezone.localdate()
    reader = reader or Reader(user, log=False)
    rows = []
    # The row prints these fields only: not who completed it (a joined user, 16 columns to
    # compile and convert) nor the frozen figures (a JSON text of kilobytes decoded per row).
    reviews = problem.reviews.only(*_ROW_FIELDS).order_by()  # sorted here
    for review in in_order(reviews, "due_date", "id"):
        state, tag = review_state(review, today=today)
        shown = reader.show(review)
        rows.append(
            {
                "review": shown,
                "state": state,
                "tag": tag,
                # What the row prints, read here once rather than look-up by look-up.
                "url": address("problems:review", args=[review.problem_id, review.pk]),
                "months": shown.months,
                "due_date": shown.due_date,
                "completed_at": shown.completed_at,
                "decision": shown.get_decision_display(),
            }
        )
    return {"reviews": rows}
