"""A partnership manager runs the Wisbech problem: open it, add a partner, an objective and an
action, hold a meeting, and complete the 3-month review — on a desktop and on a phone."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from clearhold.accounts.roles import Role
from clearhold.places.services import site_create
from clearhold.problems.models import Problem
from clearhold.problems.services import problem_create
from tests.conftest import PASSWORD
from tests.e2e.conftest import fill_date, fill_month, screenshot, serious_violations, sign_in
from tests.problems.conftest import TARGET

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_manager_runs_the_problem_from_opening_to_the_first_review(
    page, axe, make_user, council, charity, fenland
):
    manager = make_user("manager", council, Role.PARTNERSHIP_MANAGER)
    site = site_create(
        user=manager, name="West Street open space", kind="open_space", boundary=TARGET.read_text()
    )
    sign_in(page, "manager", PASSWORD)

    page.goto(f"/sites/{site.pk}/")
    page.get_by_role("link", name="Open a problem here").click()
    page.get_by_label("Title").fill("ASB on the West Street open space")
    fill_date(page, "Start date", dt.date(2025, 5, 7))
    page.get_by_role("button", name="Open the problem").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Reviews are scheduled")
    problem = Problem.objects.get()
    assert serious_violations(axe, page) == []

    page.get_by_role("link", name="Add an organisation").click()
    page.get_by_label("Organisation", exact=True).select_option(label=str(charity))
    page.get_by_role("button", name="Add to the partnership").click()
    expect(page.get_by_test_id("partners")).to_contain_text(str(charity))

    page.get_by_role("link", name="Add an objective").click()
    page.get_by_label("Objective", exact=True).fill("75% fewer ASB reports within six months")
    page.get_by_label("ASB (type not given)").check()
    fill_month(page, "Baseline: first month", dt.date(2024, 5, 1))
    fill_month(page, "Baseline: last month", dt.date(2025, 4, 1))
    page.get_by_label("Target change (%)").fill("-75")
    fill_date(page, "Deadline", dt.date(2025, 11, 7))
    assert serious_violations(axe, page) == []
    page.get_by_role("button", name="Add objective").click()
    expect(page.locator("body")).to_contain_text("75% fewer ASB reports within six months")

    page.get_by_role("link", name="Add an action").click()
    page.get_by_label("Action", exact=True).fill("Fencing around the open space")
    page.get_by_label("Layer", exact=True).select_option("environment")
    page.get_by_label("Owner organisation", exact=True).select_option(label=str(council))
    fill_date(page, "Due date", dt.date(2025, 6, 13))
    page.get_by_label("Cost in pounds (optional)").fill("2800")
    page.get_by_role("radio", name="The cost is plus VAT").check()
    page.get_by_role("button", name="Add the action").click()
    expect(page.locator("body")).to_contain_text("£2,800.00 plus VAT")

    page.get_by_role("link", name="Record a meeting").click()
    fill_date(page, "Date of the meeting", dt.date(2025, 5, 20))
    page.get_by_label("Decisions").fill("Write to every resident.")
    page.get_by_role("button", name="Record the meeting").click()
    expect(page.locator("body")).to_contain_text("20 June 2025")

    page.goto(f"/problems/{problem.pk}/")
    page.get_by_role("link", name="3-month review").click()
    page.get_by_label("What the review found").fill(
        "ASB has not fallen at the site on police.uk data."
    )
    page.get_by_label("Continue as planned").check()
    page.get_by_role("button", name="Complete the review").click()
    expect(page.locator("body")).to_contain_text("Completed")
    screenshot(page, "problem-review")
    assert serious_violations(axe, page) == []
    review = problem.reviews.get(months=3)
    assert review.completed_at is not None
    assert review.snapshot["objectives"]


def test_the_problem_page_works_on_a_phone(phone, make_user, council):
    manager = make_user("manager", council, Role.PARTNERSHIP_MANAGER)
    site = site_create(
        user=manager, name="West Street open space", kind="open_space", boundary=TARGET.read_text()
    )
    problem = problem_create(
        user=manager, title="West Street", start_date=dt.date(2025, 5, 7), sites=[site]
    )
    sign_in(phone, "manager", PASSWORD)
    phone.goto(f"/problems/{problem.pk}/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("West Street")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the problem page is {width}px wide on a 390px phone"
    screenshot(phone, "problem-phone")
