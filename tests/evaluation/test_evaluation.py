"""The Wisbech evaluation through the page, the CLI on the store and the CLI on files: the
same figures every way, and the bad inputs the issue names refused in words."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clearhold.accounts.roles import Role
from clearhold.cli import app
from clearhold.places.services import site_create
from tests.incidents.policeuk_files import FENLAND

TARGET = Path(__file__).resolve().parents[2] / "docs" / "wisbech-target.geojson"
WISBECH = {
    "intervention": "2025-05-07",
    "category": ["asb-unclassified", "drugs", "public-order"],
    "months_before": "12",
    "months_after": "12",
    "buffer_m": "250",
    "target_reduction": "75",
    "within_months": "6",
}
POLICEUK_TYPES = ["Anti-social behaviour", "Drugs", "Public order"]


@pytest.fixture
def site(fenland, analyst):
    return site_create(
        user=analyst, name="West Street open space", kind="open_space", boundary=TARGET.read_text()
    )


@pytest.fixture
def analyst(make_user, police):
    return make_user("analyst", police, Role.ANALYST)


def cli(*args):
    """Run ``clearhold evaluate`` as the analyst."""
    return CliRunner().invoke(app, ["evaluate", "--as", "analyst", *args], env={"COLUMNS": "200"})


def test_page_store_cli_and_file_cli_give_the_same_wisbech_figures(client, analyst, site):
    client.force_login(analyst)
    page = client.get(f"/sites/{site.pk}/evaluate/", WISBECH)
    assert page.status_code == 200
    shown = page.context["result"]
    assert (shown["target"]["before"], shown["target"]["after"]) == (19, 10)
    assert page.context["check"].status == "not met"
    assert "not the 1st of the month" in page.content.decode()

    common = [
        "--target",
        str(TARGET),
        "--intervention",
        "2025-05-07",
        "--json",
        "--target-reduction",
        "75",
        "--within-months",
        "6",
    ]
    store = cli(*common, *[a for c in WISBECH["category"] for a in ("--category", c)])
    files = cli(
        *common,
        *[a for c in POLICEUK_TYPES for a in ("--category", c)],
        "--from-files",
        str(FENLAND),
    )
    for result in (store, files):
        assert result.exit_code == 0, result.output
        figures = json.loads(result.stdout)
        for key in (
            "target",
            "buffer",
            "control",
            "res",
            "res_ci95",
            "wdq",
            "wdd",
            "cits_reason",
            "months_before",
            "months_after",
        ):
            assert figures[key] == shown[key], key
        assert figures["objective"]["status"] == "not met"

    exported = client.get(f"/sites/{site.pk}/evaluate.json", WISBECH).json()
    assert exported["target"] == shown["target"]


def test_exports_give_the_chart_and_the_table(client, analyst, site):
    client.force_login(analyst)
    svg = client.get(f"/sites/{site.pk}/evaluate.svg", WISBECH)
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg.content.startswith(b"<svg")
    assert b"Intervention" in svg.content
    table = client.get(f"/sites/{site.pk}/evaluate.csv", WISBECH)
    rows = list(csv.DictReader(io.StringIO(b"".join(table.streaming_content).decode())))
    assert [r["measure"] for r in rows if r["measure"] != "figure"] == [
        "target",
        "buffer",
        "control",
        "res",
        "wdq",
        "wdd",
        "wdd_control",
    ]
    assert rows[0]["before"] == "19"
    page = client.get(f"/sites/{site.pk}/evaluate/", WISBECH).context["result"]
    assert float(rows[5]["estimate"]) == pytest.approx(page["wdd"]["estimate"])
    assert float(rows[6]["before"]) == pytest.approx(page["wdd"]["counts"]["control_before"])
    assert client.get(f"/sites/{site.pk}/evaluate.xls", WISBECH).status_code == 404


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"intervention": "2031-01-01"}, "2031"),
        ({"intervention": "2025-02-30"}, "Enter the date the intervention began as a real date"),
        ({"category": []}, "Select categories"),
        ({"months_before": "24"}, "before"),
        (
            {"control_geojson": '{"type": "Point", "coordinates": [0.16, 52.66]}'},
            "must be a polygon",
        ),
    ],
)
def test_bad_requests_are_explained_on_the_page(client, analyst, site, change, message):
    client.force_login(analyst)
    page = client.get(f"/sites/{site.pk}/evaluate/", {**WISBECH, **change})
    assert page.status_code == 200
    assert page.context["result"] is None
    assert message in page.content.decode()


def test_a_control_overlapping_the_buffer_is_refused_with_its_overlap(client, analyst, site):
    client.force_login(analyst)
    control = {
        "type": "Polygon",
        "coordinates": [
            [[0.150, 52.660], [0.175, 52.660], [0.175, 52.675], [0.150, 52.675], [0.150, 52.660]]
        ],
    }
    page = client.get(
        f"/sites/{site.pk}/evaluate/", {**WISBECH, "control_geojson": json.dumps(control)}
    )
    assert page.context["result"] is None
    assert "m²" in page.content.decode()


def test_cli_lists_valid_categories_for_an_unknown_one(db, analyst):
    result = cli(
        "--target",
        str(TARGET),
        "--intervention",
        "2025-05-07",
        "--category",
        "Loitering",
        "--from-files",
        str(FENLAND),
    )
    assert result.exit_code == 2
    assert "Anti-social behaviour" in result.output
    assert "asb-nuisance" in result.output


def test_cli_refuses_an_impossible_date(db):
    result = cli(
        "--target",
        str(TARGET),
        "--intervention",
        "2025-02-30",
        "--category",
        "Drugs",
        "--from-files",
        str(FENLAND),
    )
    assert result.exit_code == 2
    assert "real date" in result.output


def test_partner_viewer_cannot_evaluate(client, partner_viewer, site):
    client.force_login(partner_viewer)
    assert client.get(f"/sites/{site.pk}/evaluate/", WISBECH).status_code == 403


def test_a_control_of_chosen_lsoas_gives_the_same_figures_on_the_page_and_the_cli(
    client, analyst, site
):
    client.force_login(analyst)
    page = client.get(f"/sites/{site.pk}/evaluate/", {**WISBECH, "control_lsoa": "Fenland 00"})
    shown = page.context["result"]
    everywhere = client.get(f"/sites/{site.pk}/evaluate/", WISBECH).context["result"]
    assert shown["target"] == everywhere["target"]
    assert shown["control"]["before"] < everywhere["control"]["before"]
    assert "the LSOAs whose names start with “Fenland 00”" in page.content.decode()
    common = [
        "--target",
        str(TARGET),
        "--intervention",
        "2025-05-07",
        "--json",
        "--control-lsoa",
        "Fenland 00",
    ]
    store = cli(*common, *[a for c in WISBECH["category"] for a in ("--category", c)])
    files = cli(
        *common,
        *[a for c in POLICEUK_TYPES for a in ("--category", c)],
        "--from-files",
        str(FENLAND),
    )
    for result in (store, files):
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["control"] == shown["control"]


def test_lsoas_and_an_outline_together_are_refused(client, analyst, site):
    client.force_login(analyst)
    control = {
        "type": "Polygon",
        "coordinates": [[[0.0, 52.5], [0.1, 52.5], [0.1, 52.6], [0.0, 52.5]]],
    }
    page = client.get(
        f"/sites/{site.pk}/evaluate/",
        {**WISBECH, "control_lsoa": "Fenland", "control_geojson": json.dumps(control)},
    )
    assert "not both" in page.content.decode()
    assert page.context["result"] is None


def test_a_site_with_no_incidents_at_all_says_so(client, analyst, fenland):
    client.force_login(analyst)
    keswick = {
        "type": "Polygon",
        "coordinates": [
            [[-3.14, 54.60], [-3.13, 54.60], [-3.13, 54.605], [-3.14, 54.605], [-3.14, 54.60]]
        ],
    }
    empty = site_create(
        user=analyst, name="Keswick car park", kind="car_park", boundary=json.dumps(keswick)
    )
    page = client.get(f"/sites/{empty.pk}/evaluate/", WISBECH)
    assert page.context["result"] is None
    said = page.content.decode()
    assert "No incidents of the chosen categories are recorded within the site" in said
    assert "between January 2024 and" in said
    assert "Check the boundary is drawn in the right place." in said
    assert "British National Grid" not in said


def test_a_given_control_outline_is_drawn_on_the_map(client, analyst, site):
    client.force_login(analyst)
    control = {
        "type": "Polygon",
        "coordinates": [
            [[0.05, 52.55], [0.25, 52.55], [0.25, 52.62], [0.05, 52.62], [0.05, 52.55]]
        ],
    }
    page = client.get(
        f"/sites/{site.pk}/evaluate/", {**WISBECH, "control_geojson": json.dumps(control)}
    )
    popups = [f["properties"]["popup"] for f in page.context["features"]["features"]]
    assert popups[0] == "Control (comparison) area"
