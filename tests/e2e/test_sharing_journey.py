"""Sharing done safely, in a browser: a voluntary partner on a phone sees the action plan and
objectives but no one's details, and is refused another organisation's problem (the attempt
audited); a partnership manager says why before the first page with a person on it, and the
read is audited with that purpose."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from clearhold.accounts.roles import Role
from clearhold.audit.models import AuditAction, AuditEntry
from clearhold.powers.people import person_add
from clearhold.problems.actions import action_create
from clearhold.problems.models import Layer
from clearhold.problems.objectives import objective_create
from clearhold.problems.services import partner_add, problem_create
from tests.conftest import PASSWORD
from tests.e2e.conftest import screenshot, serious_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NAME = "Jordan Example"


@pytest.fixture
def shared_plan(problem, site, manager, charity):
    partner_add(user=manager, problem=problem, organisation=charity, sees_personal_data=False)
    objective_create(
        user=manager,
        problem=problem,
        title="75% fewer ASB reports within six months",
        categories=["asb-unclassified"],
        site=site,
        baseline_from=dt.date(2024, 11, 1),
        baseline_to=dt.date(2025, 4, 1),
        target_change_pct=-75,
        deadline=dt.date(2025, 11, 30),
    )
    action_create(
        user=manager,
        problem=problem,
        title="Youth outreach on Friday evenings",
        layer=Layer.HOUSING_COMMUNITY,
        owner_organisation=charity,
        due_date=dt.date(2025, 7, 1),
    )
    return person_add(
        user=manager, problem=problem, name=NAME, description="Seen by the gate most evenings"
    )


def test_a_voluntary_partner_sees_the_plan_but_no_persons_details(
    phone, axe, problem, manager, charity, make_user, shared_plan
):
    viewer = make_user("outreach", charity, Role.PARTNER_VIEWER)
    elsewhere = problem_create(
        user=manager,
        title="Drug dealing at Onyx Court",
        start_date=dt.date(2025, 1, 6),
        sites=list(problem.sites.all()),
    )
    sign_in(phone, "outreach", PASSWORD)

    phone.goto(f"/problems/{problem.pk}/")
    expect(phone.get_by_role("heading", name="75% fewer ASB reports within")).to_be_visible()
    expect(phone.get_by_text("Youth outreach on Friday evenings").first).to_be_visible()
    assert NAME not in phone.content()
    assert serious_violations(axe, phone) == []
    screenshot(phone, "sharing-partner-problem-phone")

    phone.goto(f"/powers/people/{shared_plan.pk}/")
    assert NAME not in phone.content()
    expect(phone.locator("h1")).to_contain_text("cannot")

    phone.goto(f"/problems/{elsewhere.pk}/")
    expect(phone.get_by_text("This problem is not shared with you")).to_be_visible()
    refusals = AuditEntry.objects.filter(user=viewer, action=AuditAction.REFUSED)
    assert {entry.path for entry in refusals} >= {
        f"/powers/people/{shared_plan.pk}/",
        f"/problems/{elsewhere.pk}/",
    }


def test_a_manager_says_why_before_seeing_a_person_and_the_read_is_audited(
    page, axe, problem, manager, shared_plan
):
    sign_in(page, "manager", PASSWORD)
    page.goto(f"/powers/people/{shared_plan.pk}/")
    expect(page.locator("h1")).to_contain_text("Why")
    assert NAME not in page.content()
    assert serious_violations(axe, page) == []
    page.get_by_label("Enforcement").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_contain_text(NAME)
    read = AuditEntry.objects.filter(user=manager, action=AuditAction.VIEW).latest("id")
    assert read.purpose == "enforcement"
    assert str(shared_plan.pk) in read.object_id
