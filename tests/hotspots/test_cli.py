"""`clearhold hotspots` from the command line, run as a named user (``--as``)."""

import json

import pytest
from typer.testing import CliRunner

from clearhold.cli import app
from tests.hotspots.test_hotspot_pages import MONTHS, fenland  # noqa: F401 - a fixture


@pytest.fixture(autouse=True)
def _runner(officer):
    """The police officer every run acts as."""


def invoke(*args):
    return CliRunner().invoke(app, ["hotspots", "--as", "officer", *args], env={"COLUMNS": "200"})


def test_json_output_gives_the_wisbech_hot_spot(fenland):  # noqa: F811
    result = invoke(
        "--category",
        "asb-unclassified",
        "--category",
        "drugs",
        "--from",
        MONTHS[0],
        "--to",
        MONTHS[-1],
        "--lsoa",
        "Fenland 003",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["clusters"][0]["top_place"] == "On or near Market Place"
    assert report["cells"][0]["class"] == "Hot spot, 99% confidence"
    assert report["settings"]["radius_m"] == 300


def test_geojson_output_is_a_feature_collection(fenland):  # noqa: F811
    result = invoke(
        "--category",
        "asb-unclassified",
        "--from",
        MONTHS[0],
        "--to",
        MONTHS[-1],
        "--format",
        "geojson",
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["type"] == "FeatureCollection"


def test_unknown_category_lists_the_valid_ones(db):
    result = invoke("--category", "shouting", "--from", "2025-01", "--to", "2025-02")
    assert result.exit_code == 2
    assert "asb-nuisance" in result.output


def test_radius_below_a_cell_exits_with_the_reason(fenland):  # noqa: F811
    result = invoke(
        "--category", "asb-unclassified", "--from", MONTHS[0], "--to", MONTHS[-1], "--radius", "20"
    )
    assert result.exit_code == 2
    assert "smaller than a cell" in result.output
