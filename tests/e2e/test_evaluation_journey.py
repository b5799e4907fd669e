"""A partnership manager checks whether the Wisbech closure met its objective."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from clearhold.accounts.roles import Role
from clearhold.incidents.services import IncomingFile, import_batch_create, import_batch_run
from clearhold.places.services import site_create
from tests.conftest import PASSWORD
from tests.e2e.conftest import fill_date, screenshot, serious_violations, sign_in
from tests.evaluation.test_evaluation import TARGET
from tests.incidents.policeuk_files import FENLAND

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_manager_evaluates_the_site_against_a_75_percent_objective(page, axe, make_user, council):
    files = sorted(FENLAND.glob("*.csv.gz"))
    import_batch_run(
        batch=import_batch_create(
            user=None, source="policeuk", files=[IncomingFile(p, p.name) for p in files]
        )
    )
    manager = make_user("manager", council, Role.PARTNERSHIP_MANAGER)
    site = site_create(
        user=manager, name="West Street open space", kind="open_space", boundary=TARGET.read_text()
    )
    sign_in(page, "manager", PASSWORD)
    page.goto(f"/sites/{site.pk}/")
    page.get_by_role("link", name="Evaluate what changed here").click()
    fill_date(page, "Date the intervention began", dt.date(2025, 5, 7))
    page.get_by_label("Objective: fall wanted (%)").fill("75")
    page.get_by_label("Objective: within months").fill("6")
    page.get_by_role("button", name="Compare").click()

    expect(page.get_by_test_id("objective")).to_contain_text("Objective not met")
    figures = page.get_by_test_id("evaluation-figures")
    expect(figures.locator("tbody tr").first).to_contain_text("19")
    expect(page.locator(".govuk-warning-text").first).to_be_visible()
    expect(page.locator("svg.ch-chart")).to_be_visible()
    screenshot(page, "evaluation")
    assert serious_violations(axe, page) == []
