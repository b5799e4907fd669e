"""Reviews: completing one freezes its figures, once; decisions move the phase or close the
problem; the review page shows the frozen snapshot, never live figures, once completed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clearhold.authz import Refused
from clearhold.incidents.models import ImportBatch, Incident
from clearhold.problems.models import (
    Action,
    ActionStatus,
    Layer,
    PartnerOrganisation,
    Phase,
    Review,
    Stage,
)
from clearhold.problems.objectives import objective_create, objective_progress
from clearhold.problems.reviews import review_complete, reviews_section

REVIEW_DAY = dt.date(2025, 8, 10)  # the 3-month review of a problem started 7 May 2025


@pytest.fixture
def objective(problem, manager, site):
    return objective_create(
        user=manager,
        problem=problem,
        title="75% fewer ASB reports in six months",
        categories=["asb-unclassified", "drugs", "public-order"],
        site=site,
        baseline_from=dt.date(2024, 5, 1),
        baseline_to=dt.date(2025, 4, 1),
        target_change_pct=-75,
        deadline=dt.date(2025, 11, 7),
    )


@pytest.fixture
def fencing(problem, council):
    return Action.objects.create(
        problem=problem,
        title="Fence the open space",
        layer=Layer.ENVIRONMENT,
        owner_organisation=council,
        due_date=dt.date(2025, 7, 1),
        cost=2800,
    )


def three_month(problem) -> Review:
    return problem.reviews.get(months=3)


def add_incidents_at_site(n: int, month: dt.date) -> None:
    """More incidents inside the site, from the same source and force as the real ones."""
    like = Incident.objects.filter(source="policeuk").first()
    batch = ImportBatch.objects.create(source="late-correction")
    Incident.objects.bulk_create(
        Incident(
            batch=batch,
            source=like.source,
            force=like.force,
            category="asb-unclassified",
            month=month,
            easting=546470.0,
            northing=309250.0,
            row_key=10**12 + i,
        )
        for i in range(n)
    )


def test_completing_a_review_freezes_objectives_and_actions(
    fenland, problem, manager, objective, fencing
):
    review = review_complete(
        user=manager,
        review=three_month(problem),
        narrative="Fencing done; ASB persists.",
        decision="continue",
        today=REVIEW_DAY,
    )
    review.refresh_from_db()
    assert review.completed_by == manager
    assert review.completed_at is not None
    assert review.decision == "continue"
    snap = review.snapshot
    assert snap["as_of"] == "2025-08-10"
    (frozen,) = snap["objectives"]
    assert frozen["title"] == objective.title
    assert frozen["progress"] == objective_progress(objective, today=REVIEW_DAY).to_dict()
    assert frozen["progress"]["measured_months"] == ["2025-06", "2025-07"]
    assert snap["actions"] == [
        {
            "title": "Fence the open space",
            "layer": "Environment",
            "owner_organisation": str(fencing.owner_organisation),
            "status": "planned",
            "status_label": "Planned",
            "due_date": "2025-07-01",
            "overdue": True,
        }
    ]
    assert snap["action_counts"]["total"] == 1
    assert snap["action_counts"]["planned"] == 1
    assert snap["action_counts"]["overdue"] == 1


def test_a_review_completed_twice_is_refused_and_nothing_changes(problem, manager):
    review = review_complete(
        user=manager,
        review=three_month(problem),
        narrative="First.",
        decision="continue",
        today=REVIEW_DAY,
    )
    before = Review.objects.get(pk=review.pk)
    with pytest.raises(ValidationError, match="already completed on"):
        review_complete(
            user=manager, review=three_month(problem), narrative="Second.", decision="close"
        )
    after = Review.objects.get(pk=review.pk)
    assert (after.narrative, after.decision, after.snapshot, after.completed_at) == (
        before.narrative,
        before.decision,
        before.snapshot,
        before.completed_at,
    )
    problem.refresh_from_db()
    assert problem.stage != Stage.CLOSED


def test_move_phase_goes_clear_hold_build_and_no_further(problem, manager):
    reviews = list(problem.reviews.order_by("months"))
    review_complete(user=manager, review=reviews[0], narrative="Cleared.", decision="move_phase")
    problem.refresh_from_db()
    assert problem.phase == Phase.HOLD
    review_complete(user=manager, review=reviews[1], narrative="Held.", decision="move_phase")
    problem.refresh_from_db()
    assert problem.phase == Phase.BUILD
    with pytest.raises(ValidationError) as refused:
        review_complete(user=manager, review=reviews[2], narrative="More?", decision="move_phase")
    assert "already in the build phase" in refused.value.message_dict["decision"][0]
    assert Review.objects.get(pk=reviews[2].pk).completed_at is None


def test_close_closes_the_problem(problem, manager):
    review_complete(
        user=manager, review=three_month(problem), narrative="Solved.", decision="close"
    )
    problem.refresh_from_db()
    assert problem.stage == Stage.CLOSED


@pytest.mark.parametrize(
    ("narrative", "decision", "field"),
    [("  ", "continue", "narrative"), ("Fine.", "", "decision"), ("Fine.", "adjourn", "decision")],
)
def test_a_review_needs_a_narrative_and_a_decision(problem, manager, narrative, decision, field):
    with pytest.raises(ValidationError) as refused:
        review_complete(
            user=manager, review=three_month(problem), narrative=narrative, decision=decision
        )
    assert field in refused.value.message_dict
    assert three_month(problem).completed_at is None


def test_outsiders_cannot_complete_a_review(problem, officer, partner_viewer):
    for outsider in (officer, partner_viewer):
        with pytest.raises(Refused):
            review_complete(
                user=outsider, review=three_month(problem), narrative="x", decision="close"
            )
    assert three_month(problem).completed_at is None


def test_the_section_lists_reviews_as_overdue_due_soon_scheduled_or_completed(problem, manager):
    review_complete(
        user=manager, review=three_month(problem), narrative="Done.", decision="continue"
    )
    # due 7 Aug 2025 (done), 7 Nov 2025 and 7 May 2026
    rows = reviews_section(problem=problem, user=manager, today=dt.date(2025, 11, 20))["reviews"]
    assert [(r["review"].months, r["state"]) for r in rows] == [
        (3, "Completed"),
        (6, "Overdue"),
        (12, "Scheduled"),
    ]
    rows = reviews_section(problem=problem, user=manager, today=dt.date(2025, 10, 20))["reviews"]
    assert rows[1]["state"] == "Due soon"


# The review page ---------------------------------------------------------------------------


def review_url(review: Review) -> str:
    return reverse("problems:review", args=[review.problem_id, review.pk])


def test_an_open_review_page_shows_live_figures_and_completes_on_post(
    client, fenland, problem, manager, objective, fencing
):
    client.force_login(manager)
    review = three_month(problem)
    page = client.get(review_url(review))
    assert page.status_code == 200
    assert not page.context["frozen"]
    assert page.context["form"] is not None
    assert objective.title in page.content.decode()
    response = client.post(
        review_url(review), {"narrative": "Going well.", "decision": "move_phase"}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.completed_at is not None
    problem.refresh_from_db()
    assert problem.phase == Phase.HOLD


def test_the_review_page_shows_an_error_summary_on_bad_input(client, problem, manager):
    client.force_login(manager)
    response = client.post(review_url(three_month(problem)), {"narrative": "", "decision": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Write what the review found." in html
    assert 'href="#id_decision"' in html
    assert three_month(problem).completed_at is None


def test_a_completed_review_page_shows_the_frozen_figures_not_live_ones(
    client, fenland, problem, manager, objective, fencing, council
):
    client.force_login(manager)
    review = three_month(problem)
    client.post(review_url(review), {"narrative": "Fencing ordered.", "decision": "continue"})
    review.refresh_from_db()
    frozen = review.snapshot["objectives"][0]["progress"]
    first = client.get(review_url(review))
    # Later: a late data correction at the site, the fencing done, another action added.
    add_incidents_at_site(7, dt.date(2025, 7, 1))
    Action.objects.filter(pk=fencing.pk).update(status=ActionStatus.DONE)
    Action.objects.create(
        problem=problem,
        title="Install a gate",
        layer=Layer.ENVIRONMENT,
        owner_organisation=council,
        due_date=dt.date(2025, 9, 1),
    )
    live = objective_progress(objective, today=dt.date.fromisoformat(review.snapshot["as_of"]))
    assert live.measured_total == frozen["measured_total"] + 7  # the store did change
    second = client.get(review_url(review))
    assert second.context["frozen"]
    assert second.context["form"] is None
    shown = second.context["figures"]["objectives"][0]["progress"]
    assert shown == frozen
    html = second.content.decode()
    assert f"{frozen['measured_total']} incidents in" in html
    assert "Install a gate" not in html
    actions_table = html[html.index('data-testid="review-actions"') :]
    actions_table = actions_table[: actions_table.index("</table>")]
    assert "Planned" in actions_table
    assert "Done" not in actions_table
    assert first.content.decode().count("<rect") == html.count("<rect")


def test_posting_to_a_completed_review_changes_nothing(client, problem, manager):
    client.force_login(manager)
    review = three_month(problem)
    client.post(review_url(review), {"narrative": "Once.", "decision": "continue"})
    response = client.post(
        review_url(review), {"narrative": "Twice.", "decision": "close"}, follow=True
    )
    assert "already completed on" in response.content.decode()
    review.refresh_from_db()
    assert review.narrative == "Once."
    problem.refresh_from_db()
    assert problem.stage != Stage.CLOSED


def test_outsiders_get_403_on_the_review_page(client, problem, officer):
    client.force_login(officer)
    url = review_url(three_month(problem))
    assert client.get(url).status_code == 403
    assert client.post(url, {"narrative": "x", "decision": "close"}).status_code == 403
    assert three_month(problem).completed_at is None


def test_a_partner_viewer_sees_the_review_but_cannot_complete_it(client, problem, partner_viewer):
    PartnerOrganisation.objects.create(problem=problem, organisation=partner_viewer.organisation)
    client.force_login(partner_viewer)
    url = review_url(three_month(problem))
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"] is None
    assert "Complete the review" not in page.content.decode()
    assert client.post(url, {"narrative": "x", "decision": "close"}).status_code == 403
    assert three_month(problem).completed_at is None


def test_a_review_of_another_problem_is_not_found(client, problem, manager):
    from clearhold.problems.services import problem_create

    other = problem_create(user=manager, title="Other", start_date=dt.date(2025, 1, 1))
    client.force_login(manager)
    url = reverse("problems:review", args=[other.pk, three_month(problem).pk])
    assert client.get(url).status_code == 404


def test_a_review_completed_well_before_its_due_day_is_warned_with_how_early(
    client, problem, manager
):
    """A 3-month review opened on the problem's first day: the page warns before completing
    it, and the completed review keeps saying it was completed 90 days early."""
    from django.utils import timezone

    today = timezone.localdate()
    review = three_month(problem)
    review.due_date = today + dt.timedelta(days=90)
    review.save()
    client.force_login(manager)
    page = client.get(review_url(review)).content.decode()
    assert "90 days early" in page
    done = client.post(
        review_url(review), {"narrative": "Too soon.", "decision": "continue"}, follow=True
    )
    body = done.content.decode()
    assert "review completed" in body
    assert "Completed early." in body
    assert body.count("90 days early") == 2  # the banner after completing and the page


def test_a_review_completed_near_its_due_day_has_no_early_warning(client, problem, manager):
    from clearhold.problems.reviews import EARLY_REVIEW_DAYS, review_early_warning

    review = three_month(problem)
    assert review_early_warning(review, review.due_date) == ""
    near = review.due_date - dt.timedelta(days=EARLY_REVIEW_DAYS)
    assert review_early_warning(review, near) == ""
    early = review_early_warning(review, review.due_date - dt.timedelta(days=EARLY_REVIEW_DAYS + 1))
    assert f"{EARLY_REVIEW_DAYS + 1} days early" in early
    client.force_login(manager)
    assert "days early" not in client.get(review_url(review)).content.decode()
