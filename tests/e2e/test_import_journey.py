"""An analyst imports a month of police.uk data and finds the incidents on the map."""

import pytest
from playwright.sync_api import expect

from clearhold.accounts.roles import Role
from clearhold.incidents.models import Incident
from tests.conftest import PASSWORD
from tests.e2e.conftest import screenshot, serious_violations, sign_in
from tests.incidents.policeuk_files import FENLAND, read_rows

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

JANUARY = FENLAND / "2024-01-cambridgeshire-street-fenland.csv.gz"


def test_import_a_month_then_filter_and_see_it_on_the_map(page, axe, make_user, police):
    make_user("analyst", police, Role.ANALYST)
    sign_in(page, "analyst", PASSWORD)
    page.get_by_role("link", name="Incidents").first.click()
    expect(page.get_by_test_id("no-incidents")).to_be_visible()
    page.get_by_role("link", name="Import files").click()
    assert serious_violations(axe, page) == []
    page.get_by_label("Files").set_input_files(str(JANUARY))
    page.get_by_role("button", name="Upload and import").click()

    rows = len(read_rows(JANUARY))
    expect(page.get_by_test_id("batch-status")).to_have_text("Stored")
    expect(page.get_by_test_id("rows-stored")).to_have_text(f"{rows:,}")
    assert Incident.objects.count() == rows

    page.get_by_role("link", name="Go to the incidents").click()
    expect(page.get_by_test_id("incident-count")).to_contain_text(f"{rows:,} incidents match")
    expect(page.locator(".ch-map .leaflet-container, .ch-map.leaflet-container")).to_be_visible()
    expect(
        page.locator(".ch-map path.leaflet-interactive, .ch-map .marker-cluster").first
    ).to_be_visible()
    screenshot(page, "incidents")
    assert serious_violations(axe, page) == []

    page.get_by_text("Filter incidents").click()
    page.get_by_label("Drugs").check()
    page.get_by_role("button", name="Apply filters").click()
    drugs = sum(1 for r in read_rows(JANUARY) if r[9] == "Drugs")
    expect(page.get_by_test_id("incident-count")).to_contain_text(f"{drugs:,} incident")


def test_incident_list_works_on_a_phone(phone, make_user, police, tmp_path):
    from clearhold.incidents.services import IncomingFile, import_batch_create, import_batch_run

    make_user("analyst", police, Role.ANALYST)
    import_batch_run(
        batch=import_batch_create(
            user=None, source="policeuk", files=[IncomingFile(JANUARY, JANUARY.name)]
        )
    )
    sign_in(phone, "analyst", PASSWORD)
    phone.goto("/incidents/")
    expect(phone.get_by_test_id("incident-table")).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the incident list is {width}px wide on a 390px phone"
    screenshot(phone, "incidents-phone")
