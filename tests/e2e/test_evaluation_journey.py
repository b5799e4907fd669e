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

    # The first screen answers "did it work?": one sentence, the objective, the data held
    # and the warnings, each a single line, before any figure or the form.
    headline = page.get_by_test_id("headline")
    expect(headline).to_have_text(
        "Incidents at West Street open space fell from 1.6 to 1.4 a month (19 in the 12 months "
        "before, 10 in the 7 months after), but the change is too small to tell from chance; "
        "the objective of 75% fewer within 6 months was not met."
    )
    objective = page.get_by_test_id("objective")
    expect(objective).to_contain_text("Objective missed")
    coverage = page.get_by_test_id("coverage")
    expect(coverage).to_contain_text(
        "police.uk data from Cambridgeshire Constabulary: Fenland for 2024-01 to 2025-12"
    )
    warnings = page.get_by_test_id("warnings").locator("details")
    expect(warnings.first).to_contain_text("Too few incidents (19 before)")
    for answer in (headline, objective, coverage, warnings.first):
        expect(answer).to_be_in_viewport()
    first_figure = page.get_by_test_id("evaluation-figures").bounding_box()
    assert first_figure["y"] > headline.bounding_box()["y"]
    expect(page.get_by_text("Why this matters:").first).not_to_be_visible()
    warnings.first.locator("summary").click()
    expect(warnings.first.get_by_text("Why this matters:")).to_be_visible()
    expect(page.get_by_text("net harm")).to_have_count(0)

    figures = page.get_by_test_id("evaluation-figures")
    expect(figures.locator("tbody tr").first).to_contain_text("19")
    expect(page.locator("svg.ch-chart").first).to_be_visible()
    expect(page.locator("svg.ch-chart .ch-chart__y-label").first).to_have_text("Incidents a month")
    screenshot(page, "evaluation")
    assert serious_violations(axe, page) == []
