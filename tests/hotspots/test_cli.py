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


WISBECH_ARGS = (
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


def test_permutation_inference_with_a_seed_repeats_exactly(fenland):  # noqa: F811
    first = invoke(*WISBECH_ARGS, "--inference", "permutation", "--seed", "7")
    again = invoke(*WISBECH_ARGS, "--inference", "permutation", "--seed", "7")
    assert first.exit_code == 0, first.output
    report = json.loads(first.stdout)
    assert report == json.loads(again.stdout)
    assert report["settings"]["inference"] == "permutation"
    assert report["settings"]["seed"] == 7
    assert any("seed 7" in note for note in report["notes"])
    assert report["clusters"][0]["top_place"] == "On or near Market Place"


def test_permutation_inference_on_a_large_grid_is_refused(fenland):  # noqa: F811
    result = invoke(
        "--category",
        "asb-unclassified",
        "--from",
        MONTHS[0],
        "--to",
        MONTHS[-1],
        "--cell",
        "70",
        "--inference",
        "permutation",
    )
    assert result.exit_code == 2
    assert "Use the analytic z" in result.output


def test_the_grid_is_clipped_to_the_lsoas_unless_the_box_is_asked_for(fenland):  # noqa: F811
    args = ("--category", "asb-unclassified", "--from", MONTHS[0], "--to", MONTHS[-1])
    clipped = json.loads(invoke(*args, "--format", "json").stdout)
    box = json.loads(invoke(*args, "--format", "json", "--study-area", "box").stdout)
    assert clipped["cells_in_study_area"] < 0.5 * box["cells_in_study_area"]
    assert clipped["settings"]["study_area"].startswith("the ")
    assert any(note.startswith("Study area: the") for note in clipped["notes"])
    assert any("bounding box" in note for note in box["notes"])
