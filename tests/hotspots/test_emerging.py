"""Emerging hot spots on the Hotspots page and from `clearhold hotspots --emerging`, on a year
of real Fenland incidents."""

from __future__ import annotations

import html
import json
import re

import numpy as np
import pytest
import shapely
from typer.testing import CliRunner

from clearhold.accounts.roles import Role
from clearhold.analysis.emerging import EmergingPattern
from clearhold.analysis.grid import cell_centres
from clearhold.areas import area_from_geojson
from clearhold.cli import app
from clearhold.hotspots.emerging import PATTERN_COLOURS, meaning
from clearhold.incidents.services import IncomingFile, import_batch_create, import_batch_run
from tests.incidents.policeuk_files import FENLAND

YEAR = [f"2024-{m:02d}" for m in range(7, 13)] + [f"2025-{m:02d}" for m in range(1, 7)]
ASB = ["asb-unclassified", "drugs", "public-order", "criminal-damage-arson"]
WISBECH_TOWN = json.dumps(
    {
        "type": "Polygon",
        "coordinates": [
            [[0.13, 52.655], [0.19, 52.655], [0.19, 52.685], [0.13, 52.685], [0.13, 52.655]]
        ],
    }
)
ASKED = {"category": ASB, "month_from": YEAR[0], "month_to": YEAR[-1], "cell": "100"}


@pytest.fixture
def fenland_year(db):
    files = [FENLAND / f"{month}-cambridgeshire-street-fenland.csv.gz" for month in YEAR]
    batch = import_batch_create(
        user=None, source="policeuk", files=[IncomingFile(p, p.name) for p in files]
    )
    return import_batch_run(batch=batch)


@pytest.fixture
def analyst(make_user, police):
    return make_user("analyst", police, Role.ANALYST)


@pytest.fixture
def page(client, analyst, fenland_year):
    client.force_login(analyst)
    return lambda **extra: client.get("/hotspots/", {**ASKED, **extra})


def map_layer(client, body: str) -> dict:
    """The emerging map's layer as the page's script fetches it (its data-geojson-url)."""
    found = re.search(r'data-geojson-id="emerging-map" data-geojson-url="([^"]+)"', body)
    assert found, "the emerging map names the address of its cells"
    answer = client.get(html.unescape(found.group(1)))
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/geo+json"
    return json.loads(answer.content)


def test_the_page_draws_the_patterns_as_a_map_layer_with_a_legend(client, page):
    response = page(pattern="sporadic-hot")
    emerging = response.context["emerging"]
    assert len(emerging.months) == 12
    assert emerging.pattern_counts, "a year of Fenland ASB shows some pattern"
    body = response.content.decode()
    assert 'data-legend-id="emerging-legend"' in body
    assert "The map needs JavaScript: the cells and their patterns are listed below." in body
    assert '"type": "Feature"' not in body, "the cells are fetched, not inlined in the page"
    features = map_layer(client, body)["features"]
    assert len(features) == len(emerging.cells)
    shown = {f["properties"]["pattern"] for f in features}
    assert shown == {EmergingPattern(c.pattern).slug for c in emerging.cells}
    legend = response.context["emerging_legend"]
    for (pattern, n), item in zip(emerging.pattern_counts, legend, strict=True):
        assert item["label"].startswith(f"{pattern.label} ({n:,} cell")
        assert item["color"] == PATTERN_COLOURS.get(pattern, "#0072B2")
        assert meaning(pattern) in body or meaning(pattern).capitalize() in body
    lon, lat = features[0]["geometry"]["coordinates"][0][0]
    assert 0.0 < lon < 0.3
    assert 52.4 < lat < 52.8


def test_the_pattern_filter_lists_only_that_pattern(page):
    everything = page().context
    pattern, n = everything["emerging"].pattern_counts[-1]
    chosen = page(pattern=pattern.slug).context
    rows = chosen["emerging_rows"]
    assert len(rows) == min(n, 100)
    assert {row.slug for row in rows} == {pattern.slug}
    assert chosen["emerging_pattern"] == pattern.slug
    assert f'data-pattern="{pattern.slug}"' in page(pattern=pattern.slug).content.decode()
    links = [p["link"] for p in everything["emerging_patterns"]]
    assert all(
        f"pattern={p.slug}" in link
        for (p, _), link in zip(everything["emerging"].pattern_counts, links, strict=True)
    )


def test_an_unknown_pattern_lists_every_pattern(page):
    context = page(pattern="nonsense").context
    assert context["emerging_pattern"] == ""
    assert len(context["emerging_rows"]) == min(len(context["emerging"].cells), 100)


def test_fewer_than_ten_months_say_so(page):
    response = page(month_from=YEAR[6])
    assert response.context["emerging_too_short"] == 10
    assert "need at least 10 months" in response.content.decode()


def test_the_emerging_cells_are_the_maps_cells(page):
    response = page()
    report, emerging = response.context["report"], response.context["emerging"]
    assert sum(n for _, n in emerging.pattern_counts) + emerging.counts[0] == emerging.n_analysed
    xc, yc = cell_centres(report.grid)
    for cell in emerging.cells:
        assert np.isfinite(report.z[cell.row, cell.col])
        assert cell.incidents >= 1
        x, y = cell.ring[0]  # south-west corner
        assert (x + 50, y + 50) == (xc[cell.row, cell.col], yc[cell.row, cell.col])


def test_an_area_keeps_the_patterns_inside_it(page):
    response = page(area_geojson=WISBECH_TOWN)
    area = area_from_geojson(WISBECH_TOWN)
    emerging = response.context["emerging"]
    assert emerging.cells
    everywhere = page().context["emerging"]
    assert emerging.n_analysed < everywhere.n_analysed
    for cell in emerging.cells:
        x, y = cell.ring[0]
        assert area.contains(shapely.Point(x + 50, y + 50))  # the cell's centre


def invoke(*args):
    return CliRunner().invoke(app, ["hotspots", "--as", "officer", *args], env={"COLUMNS": "200"})


ARGS = [a for c in ASB for a in ("--category", c)] + ["--from", YEAR[0], "--to", YEAR[-1]]


def test_cli_prints_the_counts_per_pattern_and_the_ranked_cells(officer, fenland_year):
    result = invoke(*ARGS, "--emerging")
    assert result.exit_code == 0, result.output
    data = json.loads(invoke(*ARGS, "--emerging", "--format", "json").stdout)["emerging"]
    assert data["months"][0] == YEAR[0]
    assert len(data["months"]) == 12
    assert "Emerging hot spots: cells by pattern" in result.output
    for label, n in data["patterns"].items():
        assert any(label in line and f"{n:,}" in line for line in result.output.splitlines())
    top = data["cells"][0]
    assert top["rank"] == 1
    assert top["pattern"] in data["patterns"]
    assert any(
        top["pattern"] in line and top["place"][:20] in line for line in result.output.splitlines()
    )


def test_cli_without_the_option_leaves_the_patterns_out(officer, fenland_year):
    data = json.loads(invoke(*ARGS, "--format", "json").stdout)
    assert "emerging" not in data
