"""An analyst reads a year of Fenland's emerging hot spots: the pattern layer, its legend and
the pattern filter on the ranked list."""

import pytest
from playwright.sync_api import expect

from clearhold.accounts.roles import Role
from clearhold.incidents.services import IncomingFile, import_batch_create, import_batch_run
from tests.conftest import PASSWORD
from tests.e2e.conftest import screenshot, serious_violations, sign_in
from tests.incidents.policeuk_files import FENLAND

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

YEAR = [f"2024-{m:02d}" for m in range(7, 13)] + [f"2025-{m:02d}" for m in range(1, 7)]


def test_analyst_filters_the_emerging_hot_spots_by_pattern(page, axe, make_user, police):
    files = [FENLAND / f"{month}-cambridgeshire-street-fenland.csv.gz" for month in YEAR]
    import_batch_run(
        batch=import_batch_create(
            user=None, source="policeuk", files=[IncomingFile(p, p.name) for p in files]
        )
    )
    make_user("analyst", police, Role.ANALYST)
    sign_in(page, "analyst", PASSWORD)
    page.get_by_role("link", name="Hotspots").first.click()  # ASB over the last 12 months held

    section = page.get_by_test_id("emerging")
    expect(section.get_by_role("heading", name="Emerging hot spots")).to_be_visible()
    cells = section.locator(".ch-map path.leaflet-interactive")  # one per cell with a pattern
    expect(cells.first).to_be_attached()
    sent = (
        "fetch(document.querySelector('[data-geojson-id=emerging-map]').dataset.geojsonUrl)"
        ".then(r => r.json()).then(layer => layer.features.length)"
    )
    assert cells.count() == page.evaluate(sent) > 100
    legend = page.locator("#emerging-map-legend")
    expect(legend).to_contain_text("Persistent hot spot")
    expect(legend).to_contain_text(" cell")
    screenshot(page, "emerging-hot-spots")
    assert serious_violations(axe, page) == []

    rows = page.get_by_test_id("emerging-cells").locator("tbody tr")
    patterns = set(rows.evaluate_all("rows => rows.map(r => r.dataset.pattern)"))
    assert len(patterns) > 1
    page.get_by_test_id("emerging-patterns").get_by_role("link", name="Sporadic hot spot").click()
    expect(rows.first).to_be_visible()
    shown = set(rows.evaluate_all("rows => rows.map(r => r.dataset.pattern)"))
    assert shown == {"sporadic-hot"}
    expect(page.get_by_role("link", name="List every pattern")).to_be_visible()
