"""The Hotspots page's map layers come from their own address: the page carries the tables
and the map's address, not the cells; the address checks the same permission and serves the
same report's cells, computed once."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from clearhold.accounts.roles import Role
from clearhold.hotspots import selectors
from clearhold.incidents.services import IncomingFile, import_batch_create, import_batch_run
from tests.incidents.policeuk_files import FENLAND

MONTHS = [f"2025-{m:02d}" for m in range(1, 7)]
QUERY = {
    "category": ["asb-unclassified", "drugs", "public-order"],
    "month_from": MONTHS[0],
    "month_to": MONTHS[-1],
    "lsoa": "Fenland 003",
    "pattern": "new",
}


@pytest.fixture
def six_months(db):
    files = [FENLAND / f"{m}-cambridgeshire-street-fenland.csv.gz" for m in MONTHS]
    batch = import_batch_create(
        user=None, source="policeuk", files=[IncomingFile(p, p.name) for p in files]
    )
    import_batch_run(batch=batch)


@pytest.fixture
def analyst(make_user, police):
    return make_user("analyst", police, Role.ANALYST)


def test_the_page_links_the_map_and_the_map_serves_the_reports_cells(
    client, analyst, six_months, monkeypatch
):
    runs = []
    original = selectors.hotspot_report
    monkeypatch.setattr(selectors, "hotspot_report", lambda **kw: runs.append(1) or original(**kw))
    client.force_login(analyst)
    page = client.get("/hotspots/", QUERY)
    body = page.content.decode()
    assert '<script id="hotspot-map"' not in body  # no inlined GeoJSON
    assert '"FeatureCollection"' not in body
    assert "Market Place" in body  # the tables stay on the page
    map_url = page.context["map_url"]
    assert f'data-geojson-url="{map_url.replace("&", "&amp;")}"' in body
    asked = parse_qs(urlparse(map_url).query)
    assert asked["lsoa"] == ["Fenland 003"]
    assert asked["cell"] == ["100"]
    assert "pattern" not in asked

    layers = client.get(map_url)
    assert layers["Content-Type"] == "application/geo+json"
    features = layers.json()["features"]
    report = page.context["report"]
    hot = [f for f in features if "z = " in f["properties"]["popup"]]
    assert len(hot) == len(report.cells) > 0
    points = [f for f in features if f["geometry"]["type"] == "Point"]
    assert [p["properties"]["popup"].split(":")[0] for p in points] == [
        f"{place.rank}. {place.label}" for place in report.places[:10]
    ]
    assert client.get(map_url).content == layers.content
    assert len(runs) == 1


def test_the_map_is_refused_to_whoever_may_not_see_incidents(client, partner_viewer, six_months):
    assert client.get("/hotspots/map.json", QUERY).status_code == 302  # signed out: sign in
    client.force_login(partner_viewer)
    assert client.get("/hotspots/map.json", QUERY).status_code == 403


def test_a_bad_request_for_the_map_is_answered_with_its_errors(client, analyst, six_months):
    client.force_login(analyst)
    answer = client.get("/hotspots/map.json", {**QUERY, "cell": "-5"})
    assert answer.status_code == 400
    assert "cell" in answer.json()["errors"]
