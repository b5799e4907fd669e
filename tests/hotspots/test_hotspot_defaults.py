"""The Hotspots page opened bare: defaults for every field, the map at once, the filters on the
page, and which hot spots are offered as sites, named from their streets."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlparse

import numpy as np

from clearhold.analysis.hotspot_clusters import street_names
from clearhold.analysis.hotspots import HotspotSettings
from clearhold.hotspots.views import HOTSPOT_SITE_MAX_AREA_M2, _defaults
from tests.hotspots.test_hotspot_pages import WISBECH, analyst, fenland  # noqa: F401


def test_a_bare_page_on_an_empty_store_opens_with_no_errors(client, analyst):  # noqa: F811
    client.force_login(analyst)
    page = client.get("/hotspots/")
    form = page.context["form"]
    assert form.errors == {}
    today = dt.date.today()
    last = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    assert form.data["month_to"] == f"{last:%Y-%m}"
    assert form.cleaned_data["month_from"].year * 12 + form.cleaned_data["month_from"].month == (
        last.year * 12 + last.month - 11
    )
    body = page.content.decode()
    assert "There is a problem" not in body
    assert "No incidents match these choices" in body


def test_the_defaults_are_the_analysis_cores_own_settings(client, analyst, fenland):  # noqa: F811
    client.force_login(analyst)
    page = client.get("/hotspots/")
    form = page.context["form"]
    usual = HotspotSettings()
    assert form.cleaned_data["cell"] == usual.cell_size
    assert form.cleaned_data["radius"] == usual.radius
    assert page.context["report"].n_located > 0
    body = page.content.decode()
    assert "data-ch-map" in body
    assert '<section class="ch-filters"' in body
    assert "<details" not in body.split("data-ch-map")[0]


def test_the_defaults_end_at_the_last_complete_month_held(fenland):  # noqa: F811
    """Data held to June 2025 read in June 2025: June is not complete, so it ends in May."""
    assert _defaults(dt.date(2025, 6, 20))["month_to"] == "2025-05"
    assert _defaults(dt.date(2025, 6, 20))["month_from"] == "2025-01"
    assert _defaults(dt.date(2025, 9, 1))["month_to"] == "2025-06"


def test_a_partial_query_is_filled_from_the_defaults(client, analyst, fenland):  # noqa: F811
    client.force_login(analyst)
    page = client.get("/hotspots/", {"lsoa": "Fenland 003"})
    assert page.context["form"].errors == {}
    assert page.context["report"].n_located > 0


def test_only_small_hot_spots_with_incidents_are_offered_as_sites(client, analyst, fenland):  # noqa: F811
    client.force_login(analyst)
    # the whole box: the empty land around Wisbech gives a hot spot with no incident inside
    page = client.get("/hotspots/", {**WISBECH, "cell": "50", "radius": "150", "study_area": "box"})
    rows = page.context["cluster_rows"]
    offered = [r for r in rows if r["create"]]
    refused = [r for r in rows if not r["create"]]
    assert offered
    assert refused
    for row in offered:
        assert row["cluster"].incidents > 0
        assert row["cluster"].outline.area <= HOTSPOT_SITE_MAX_AREA_M2
    assert any(r["cluster"].incidents == 0 for r in refused)
    assert any(r["cluster"].outline.area > HOTSPOT_SITE_MAX_AREA_M2 for r in refused)
    body = page.content.decode()
    assert "Not a site: no incidents inside" in body
    assert "hectares: too large for a site" in body


def test_a_site_from_a_hot_spot_is_named_from_its_streets(client, analyst, fenland):  # noqa: F811
    client.force_login(analyst)
    # the whole box: the empty land around Wisbech gives a hot spot with no incident inside
    page = client.get("/hotspots/", {**WISBECH, "cell": "50", "radius": "150", "study_area": "box"})
    row = next(r for r in page.context["cluster_rows"] if r["create"])
    name = parse_qs(urlparse(row["create"]).query)["name"][0]
    assert name == " and ".join(row["cluster"].streets[:2])
    assert "On or near" not in name
    assert not any(ch.isdigit() for ch in name)


def test_street_names_put_streets_before_kinds_of_place():
    labels = np.array(
        ["On or near Parking Area"] * 5
        + ["On or near West Street"] * 3
        + ["On or near Market Place"] * 4
        + [""],
        dtype=object,
    )
    assert street_names(labels) == ("Market Place", "West Street", "Parking Area")
    assert street_names(np.array(["On or near Supermarket"], dtype=object)) == ("Supermarket",)
    assert street_names(np.array([], dtype=object)) == ()


def test_the_page_offers_permutation_inference_and_names_its_seed(client, analyst, fenland):  # noqa: F811
    client.force_login(analyst)
    page = client.get("/hotspots/", {**WISBECH, "inference": "permutation", "seed": "3"})
    assert page.context["form"].errors == {}
    report = page.context["report"]
    assert report.settings.inference == "permutation"
    body = page.content.decode()
    assert 'type="radio" value="permutation" checked' in body
    assert "seed 3; the same seed repeats the run" in body
    assert report.clusters[0].top_place == "On or near Market Place"


def test_the_page_refuses_permutation_inference_on_a_large_grid(client, analyst, fenland):  # noqa: F811
    client.force_login(analyst)
    page = client.get(
        "/hotspots/", {**WISBECH, "lsoa": "", "cell": "70", "inference": "permutation"}
    )
    assert "Use the analytic z" in " ".join(page.context["form"].non_field_errors())
    assert "report" not in page.context
