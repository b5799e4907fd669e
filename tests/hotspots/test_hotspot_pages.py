"""The Hotspots page on real Fenland data, its bad inputs, and making a site from a place."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlparse

import pytest
import shapely

from clearhold.accounts.roles import Role
from clearhold.areas import area_from_geojson
from clearhold.incidents.services import IncomingFile, import_batch_create, import_batch_run
from clearhold.places.models import Site
from tests.incidents.policeuk_files import FENLAND

WISBECH_SITE = shapely.Point(546_460, 309_250)  # West Street / Onyx Court snap points
MONTHS = [f"2025-{m:02d}" for m in range(1, 7)]


@pytest.fixture
def fenland(db):
    files = [FENLAND / f"{month}-cambridgeshire-street-fenland.csv.gz" for month in MONTHS]
    batch = import_batch_create(
        user=None, source="policeuk", files=[IncomingFile(p, p.name) for p in files]
    )
    return import_batch_run(batch=batch)


@pytest.fixture
def analyst(make_user, police):
    return make_user("analyst", police, Role.ANALYST)


def polygon(corners: list[list[float]]) -> str:
    return json.dumps({"type": "Polygon", "coordinates": [[*corners, corners[0]]]})


WISBECH = {
    "category": ["asb-unclassified", "drugs", "public-order"],
    "month_from": MONTHS[0],
    "month_to": MONTHS[-1],
    "lsoa": "Fenland 003",
    "cell": "100",
    "radius": "300",
}


def test_defaults_show_asb_over_the_latest_months_held(client, analyst, fenland):
    client.force_login(analyst)
    page = client.get("/hotspots/")
    form = page.context["form"]
    assert form.data["month_from"] == "2025-01"
    assert form.data["month_to"] == "2025-06"
    assert page.context["report"].n_located > 0
    assert "<svg" in page.content.decode()


def test_wisbech_town_centre_is_the_top_hot_spot(client, analyst, fenland):
    client.force_login(analyst)
    page = client.get("/hotspots/", WISBECH)
    report = page.context["report"]
    top = report.clusters[0]
    assert top.outline.distance(WISBECH_SITE) < 300
    body = page.content.decode()
    assert "Market Place" in body
    features = client.get(page.context["map_url"]).json()["features"]
    assert any("Hot spot, 99% confidence" in f["properties"]["popup"] for f in features)
    lon, lat = features[0]["geometry"]["coordinates"][0][0]
    assert 0.0 < lon < 0.3
    assert 52.5 < lat < 52.8


def test_no_matching_incidents_shows_an_empty_state(client, analyst, fenland):
    client.force_login(analyst)
    page = client.get("/hotspots/", {**WISBECH, "lsoa": "Nowhere"})
    assert page.status_code == 200
    assert "No incidents match these choices" in page.content.decode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"radius": "50"}, "is smaller than a cell"),
        (
            {"area_geojson": polygon([[0.15, 52.66], [0.16, 52.67], [0.16, 52.66], [0.15, 52.67]])},
            "crosses itself",
        ),
        (
            {"area_geojson": polygon([[2.3, 48.8], [2.4, 48.8], [2.4, 48.9]])},
            "outside Great Britain",
        ),
        ({"month_to": "2024-13"}, "Enter to month as a real month"),
    ],
)
def test_bad_settings_are_named_on_the_page(client, analyst, fenland, change, message):
    client.force_login(analyst)
    page = client.get("/hotspots/", {**WISBECH, **change})
    assert page.status_code == 200
    assert message in page.content.decode()
    assert "report" not in page.context or page.context.get("report") is None


def test_a_site_made_from_a_repeat_place_holds_its_incidents(client, analyst, fenland):
    client.force_login(analyst)
    page = client.get("/hotspots/", WISBECH)
    row = next(r for r in page.context["place_rows"] if r["create"])
    query = parse_qs(urlparse(row["create"]).query)
    form = client.get(row["create"])
    assert form.status_code == 200
    created = client.post(
        "/sites/new/",
        {
            "name": query["name"][0],
            "kind": "open_space",
            "boundary": query["boundary"][0],
            "origin": query["origin"][0],
        },
    )
    site = Site.objects.get()
    assert created["Location"] == f"/sites/{site.pk}/"
    assert 7_000 < site.area_m2 < 8_000
    assert area_from_geojson(site.boundary).contains(shapely.Point(site.easting, site.northing))
    detail = client.get(created["Location"])
    assert detail.context["incident_count"] >= row["place"].count


def test_a_site_drawn_as_a_whole_district_is_refused(client, analyst):
    client.force_login(analyst)
    district = {
        "type": "Polygon",
        "coordinates": [[[0.0, 52.5], [0.3, 52.5], [0.3, 52.7], [0.0, 52.7], [0.0, 52.5]]],
    }
    response = client.post(
        "/sites/new/", {"name": "Fenland", "kind": "other", "boundary": json.dumps(district)}
    )
    assert response.status_code == 200
    assert "Leeds City Council v Persons Unknown" in response.content.decode()
    assert not Site.objects.exists()


def test_partner_viewer_is_refused(client, partner_viewer):
    client.force_login(partner_viewer)
    assert client.get("/hotspots/").status_code == 403
    assert client.get("/sites/").status_code == 403


def test_a_site_can_be_entered_by_hand_from_a_point_and_radius(client, analyst):
    client.force_login(analyst)
    created = client.post(
        "/sites/new/",
        {
            "name": "Onyx Court",
            "kind": "block",
            "latitude": "52.6656",
            "longitude": "0.1590",
            "radius": "40",
        },
    )
    site = Site.objects.get()
    assert created["Location"] == f"/sites/{site.pk}/"
    assert 4_800 < site.area_m2 < 5_100
    assert site.origin == "40 m around a point given by hand"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Give the outline, or the centre"),
        ({"latitude": "49.5", "longitude": "2.5"}, "outside Great Britain"),
    ],
)
def test_a_site_by_hand_needs_a_place_in_great_britain(client, analyst, data, message):
    client.force_login(analyst)
    page = client.post("/sites/new/", {"name": "X", "kind": "block", **data})
    assert message in page.content.decode()
    assert not Site.objects.exists()
