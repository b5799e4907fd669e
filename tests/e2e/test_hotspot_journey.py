"""An officer looks at Wisbech's hot spots and makes a site from a repeat place."""

import pytest
from playwright.sync_api import expect

from clearhold.accounts.roles import Role
from clearhold.incidents.services import IncomingFile, import_batch_create, import_batch_run
from clearhold.places.models import Site
from tests.conftest import PASSWORD
from tests.e2e.conftest import screenshot, serious_violations, sign_in
from tests.incidents.policeuk_files import FENLAND

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_officer_finds_the_wisbech_hot_spot_and_creates_a_site(page, axe, make_user, police):
    files = sorted(FENLAND.glob("2025-0*.csv.gz"))
    import_batch_run(
        batch=import_batch_create(
            user=None, source="policeuk", files=[IncomingFile(p, p.name) for p in files]
        )
    )
    make_user("officer", police, Role.OFFICER)
    sign_in(page, "officer", PASSWORD)
    page.get_by_role("link", name="Hotspots").first.click()
    page.get_by_text("What to look at").click()
    page.get_by_label("Drugs").check()
    page.get_by_label("LSOA names starting with").fill("Fenland 003")
    page.get_by_role("button", name="Show hotspots").click()

    clusters = page.get_by_test_id("hotspot-clusters")
    expect(clusters).to_contain_text("Market Place")
    expect(page.locator(".ch-map path.leaflet-interactive").first).to_be_visible()
    expect(page.locator(".ch-map-legend")).to_contain_text("Hot spot, 99% confidence")
    screenshot(page, "hotspots")
    assert serious_violations(axe, page) == []

    places = page.get_by_test_id("repeat-places")
    first_place = places.locator("tbody tr").first
    place_name = first_place.locator("td").nth(1).locator("a").inner_text()
    first_place.get_by_role("link", name="Create a site").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create a site")
    page.get_by_label("What kind of place is it?").select_option("open_space")
    page.get_by_role("button", name="Create site").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("Created the site")
    expect(page.get_by_test_id("site-incidents")).not_to_have_text("0")
    site = Site.objects.get()
    assert site.name == place_name.removeprefix("On or near ")
    assert site.created_by.username == "officer"
