"""Where the Wisbech story had reached, so the demo does not look neglected: every action of
the response done (each by its due day, all in 2025), each review whose day has passed
completed and dated that day, and the problem at the Assess stage (the order ended on
7 November 2025; what is left is to judge whether the fall in ASB holds)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from clearhold.problems.actions import action_update
from clearhold.problems.models import ActionStatus, Review, ReviewDecision, Stage
from clearhold.problems.reviews import review_complete
from clearhold.problems.services import problem_update

# What each review found, in the case study's words where it has them.
REVIEW_FINDINGS = {
    6: "The order ended on 7 November 2025. Fencing, the lockable gate, lighting and CCTV are "
    "in; residents use the open space again. Assess whether the fall in ASB holds without "
    "the order.",
    12: "A year on: the evaluation page compares incidents at the site with the rest of "
    "Fenland. Keep the site under review with the neighbourhood team.",
}


def _on_the_day(day: dt.date) -> dt.datetime:
    """Midday (UK time) on ``day``: when a review completed on its due day is dated."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def demo_story_bring_to_stage(
    *,
    problem: Any,
    manager: Any,
    today: dt.date | None = None,
    findings: dict[int, str] | None = None,
) -> None:
    """Bring a loaded demo problem to the stage its story reached by ``today``; each review
    says what ``findings`` holds for its month (Wisbech's by default)."""
    today = today or timezone.localdate()
    findings = REVIEW_FINDINGS if findings is None else findings
    for action in problem.actions.exclude(status=ActionStatus.DONE).filter(due_date__lt=today):
        action_update(user=manager, action=action, status=ActionStatus.DONE)
    for review in problem.reviews.filter(completed_at=None, due_date__lt=today):
        review_complete(
            user=manager,
            review=review,
            narrative=findings.get(review.months, "Reviewed on the day it was due."),
            decision=ReviewDecision.CONTINUE,
            today=review.due_date,
        )
    for review in problem.reviews.exclude(completed_at=None):
        Review.objects.filter(pk=review.pk).update(completed_at=_on_the_day(review.due_date))
    problem.refresh_from_db()
    if problem.stage != Stage.ASSESS:
        problem_update(user=manager, problem=problem, stage=Stage.ASSESS)
