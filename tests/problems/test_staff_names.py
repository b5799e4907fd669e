"""A member of staff's name is one answer on every page and download: the lead's member seen
by the lead, and by a partner the sharing record does or does not give restricted data, shows
the same (the name, or "a named member of <organisation>") on the problem page (members and
action plan), the meeting page, the review page and the review report."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from clearhold.accounts.roles import Role
from clearhold.documents.kinds import kind_get
from clearhold.documents.services import document_generate
from clearhold.problems.actions import action_create
from clearhold.problems.meetings import meeting_create
from clearhold.problems.models import Layer
from clearhold.problems.reviews import review_complete
from clearhold.problems.services import partner_add
from tests.documents.conftest import text_of

NAME = "Manager Tester"


@pytest.fixture
def named_everywhere(problem, manager, council):
    """The lead's manager owns an action, attended a meeting and completed a review."""
    action_create(
        user=manager,
        problem=problem,
        title="Fence the open space",
        layer=Layer.ENVIRONMENT,
        owner_organisation=council,
        owner=manager,
        due_date=dt.date(2025, 7, 1),
    )
    meeting = meeting_create(
        user=manager, problem=problem, date=dt.date(2025, 6, 4), attendees=[manager]
    )
    review = problem.reviews.get(months=3)
    review_complete(
        user=manager,
        review=review,
        narrative="Going well.",
        decision="continue",
        today=dt.date(2025, 8, 10),
    )
    return {
        "problem": f"/problems/{problem.pk}/",
        "meeting": reverse("problems:meeting", args=[problem.pk, meeting.pk]),
        "review": reverse("problems:review", args=[problem.pk, review.pk]),
        "review_obj": review,
    }


def answers(client, user, pages, purpose: str, tmp_path) -> dict[str, str]:
    """What each page and the review report say of the manager: the name or withheld."""
    withheld = f"a named member of {pages['review_obj'].problem.lead_organisation}"
    seen = {}
    for key in ("problem", "meeting", "review"):
        page = client.get(pages[key]).content.decode()
        body = page.split('id="main-content"', 1)[1]  # not "Signed in as" in the header
        seen[key] = "name" if NAME in body else "withheld" if withheld in body else "absent"
    document = document_generate(
        user=user,
        kind=kind_get("review_report"),
        subject=pages["review_obj"],
        fmt="pdf",
        purpose=purpose,
    )
    seen["report"] = "name" if NAME in " ".join(text_of(document, tmp_path).split()) else "withheld"
    return seen


@pytest.mark.parametrize("purpose", ["", "problem_solving"])
def test_the_leads_own_member_is_named_alike_on_every_page(
    client, named_everywhere, manager, give_purpose, purpose, tmp_path
):
    client.force_login(manager)
    if purpose:
        give_purpose(client, named_everywhere["review_obj"].problem, purpose)
    seen = answers(client, manager, named_everywhere, purpose, tmp_path)
    expected = "name" if purpose else "withheld"
    assert seen == dict.fromkeys(seen, expected)


@pytest.mark.parametrize("shares_personal", [False, True])
def test_a_partner_sees_what_the_sharing_record_gives_on_every_page(
    client,
    named_everywhere,
    problem,
    manager,
    charity,
    make_user,
    give_purpose,
    shares_personal,
    tmp_path,
):
    partner_add(
        user=manager, problem=problem, organisation=charity, sees_personal_data=shares_personal
    )
    worker = make_user("worker", charity, Role.OFFICER)
    client.force_login(worker)
    give_purpose(client, problem)
    seen = answers(client, worker, named_everywhere, "problem_solving", tmp_path)
    expected = "name" if shares_personal else "withheld"
    assert seen == dict.fromkeys(seen, expected)


def test_a_meeting_names_an_attendee_with_the_organisation_once(
    client, named_everywhere, manager, give_purpose
):
    client.force_login(manager)
    organisation = manager.organisation
    page = client.get(named_everywhere["meeting"]).content.decode()
    assert f"<li>a named member of {organisation}</li>" in page
    give_purpose(client, named_everywhere["review_obj"].problem)
    page = client.get(named_everywhere["meeting"]).content.decode()
    assert f"<li>{NAME}, {organisation}</li>" in page
