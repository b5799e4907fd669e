"""Finding 7 of issue 15: one hotspot request exhausted the server.

Reproduced: ``/hotspots/?cell=35&bandwidth=20000&radius=50000&month_from=2024-01&month_to=2025-12
&category=asb-unclassified``, every value within the form's limits, grew the server to 9.5 GB on
the Fenland demo data: 3.9 million cells passed the old 4 million cap, the 50 km Gi* window made
nearly every cell significant and each became a Python object and a map polygon.

What must hold: the grid's cell count, the density kernel's reach and the Gi* window (in cells)
are worked out from the settings and the area before anything is allocated, and a request past
a fixed limit is refused with a message saying what to change, on the page and in the CLI (the
API has no hotspot route; the limit lives in the pure core, so any caller gets it). A request
just under the limits is accepted. Memory is measured in ``bench/bench_hotspot_memory.py``,
never asserted here.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from clearhold.accounts.roles import Role
from clearhold.analysis import hotspots as hotspots_module
from clearhold.analysis.gistar import disc_stencil
from clearhold.analysis.hotspot_limits import (
    MAX_GRID_CELLS,
    MAX_KERNEL_CELLS,
    MAX_LISTED_CELLS,
    MAX_WINDOW_CELLS,
    HotspotInputError,
    hotspot_grid,
    size_hotspot_request,
)
from clearhold.analysis.hotspots import HotspotSettings, hotspot_report
from clearhold.analysis.kde import kernel_stencil
from clearhold.cli import app

ATTACK = (
    "/hotspots/?cell=35&bandwidth=20000&radius=50000&month_from=2024-01&month_to=2025-12"
    "&category=asb-unclassified"
)
SUGGESTED_CELL = re.compile(r"use a cell of at least ([\d,]+) m or a smaller area")


@pytest.fixture
def analyst(make_user, police):
    return make_user("analyst", police, Role.ANALYST)


def report_on(x, y, **changes):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    keys = np.arange(x.size)
    return hotspot_report(
        easting=x,
        northing=y,
        place_keys=keys,
        place_labels=keys.astype(str),
        months=np.full(x.size, "2024-05", dtype="datetime64[M]"),
        month_start="2024-01",
        month_end="2024-12",
        settings=HotspotSettings(**changes),
    )


def test_the_attack_url_gets_the_page_with_what_to_change_not_a_grid(client, analyst, fenland):
    client.force_login(analyst)
    page = client.get(ATTACK)
    assert page.status_code == 200
    assert page.context.get("report") is None
    errors = " ".join(page.context["form"].non_field_errors())
    assert f"the most is {MAX_GRID_CELLS:,}" in errors
    assert SUGGESTED_CELL.search(errors)
    assert "use a bandwidth of at most 3,500 m or a cell of at least 200 m" in errors
    assert "use a radius of at most 3,500 m or a cell of at least 500 m" in errors
    assert "use a cell of at least" in page.content.decode()


def test_the_cell_the_page_suggests_is_accepted(client, analyst, fenland):
    client.force_login(analyst)
    too_fine = ATTACK.replace("&bandwidth=20000&radius=50000", "&radius=300")
    refused = " ".join(client.get(too_fine).context["form"].non_field_errors())
    cell = int(SUGGESTED_CELL.search(refused).group(1).replace(",", ""))
    page = client.get(too_fine.replace("cell=35", f"cell={cell}"))
    report = page.context["report"]
    assert report.n_located > 0
    assert report.grid.n_cells <= MAX_GRID_CELLS


def test_the_cli_refuses_the_attack_with_the_same_message(fenland, officer):
    result = CliRunner().invoke(
        app,
        [
            "hotspots",
            "--as",
            officer.username,
            "--category",
            "asb-unclassified",
            "--from",
            "2024-01",
            "--to",
            "2025-12",
            "--cell",
            "35",
            "--bandwidth",
            "20000",
            "--radius",
            "50000",
            "--format",
            "json",
        ],
        env={"COLUMNS": "400"},
    )
    assert result.exit_code == 2
    said = " ".join(result.output.split())  # the console wraps long lines
    assert f"the most is {MAX_GRID_CELLS:,}" in said
    assert "use a cell of at least 140 m or a smaller area" in said


def test_the_report_refuses_before_binning_anything(monkeypatch):
    def no_allocation(*args, **kwargs):
        raise AssertionError("the grid was allocated before the request was sized")

    monkeypatch.setattr(hotspots_module, "counts", no_allocation)
    monkeypatch.setattr(hotspots_module, "kde_linear", no_allocation)
    monkeypatch.setattr(hotspots_module, "gi_star", no_allocation)
    x = [523_400.0, 550_100.0, 540_000.0]
    y = [283_400.0, 317_800.0, 300_000.0]
    with pytest.raises(HotspotInputError, match="use a cell of at least"):
        report_on(x, y, cell_size=35.0, bandwidth=20_000.0, radius=50_000.0)


def test_a_grid_of_exactly_the_most_cells_is_accepted_and_one_column_more_is_not():
    # 100 m cells with the default 3-cell margin: x0 = 499,700, nx = ⌊(xmax − x0)/100⌋ + 4.
    size = size_hotspot_request(
        (500_000, 200_000, 549_350, 249_350), cell_size=100, bandwidth=None, radius=300
    )
    assert (size.grid.nx, size.grid.ny) == (500, 500)
    assert size.grid.n_cells == MAX_GRID_CELLS
    with pytest.raises(HotspotInputError, match="makes 250,500 cells"):
        size_hotspot_request(
            (500_000, 200_000, 549_400, 249_350), cell_size=100, bandwidth=None, radius=300
        )


def test_the_longest_bandwidth_and_radius_are_accepted_and_a_metre_more_is_not():
    extent = (540_000, 300_000, 545_000, 305_000)
    most = MAX_KERNEL_CELLS * 100.0
    size = size_hotspot_request(extent, cell_size=100, bandwidth=most, radius=most)
    assert (size.kernel_cells, size.window_cells) == (MAX_KERNEL_CELLS, MAX_WINDOW_CELLS)
    with pytest.raises(HotspotInputError, match="use a radius of at most 10,000 m"):
        size_hotspot_request(extent, cell_size=100, bandwidth=most, radius=most + 1)
    with pytest.raises(HotspotInputError, match="use a bandwidth of at most 10,000 m"):
        size_hotspot_request(extent, cell_size=100, bandwidth=most + 100, radius=most)


def test_only_the_strongest_significant_cells_are_listed(monkeypatch):
    monkeypatch.setattr(hotspots_module, "MAX_LISTED_CELLS", 10)
    rng = np.random.default_rng(5)
    x = np.r_[rng.normal(541_000, 300, 3_000), rng.uniform(538_000, 544_000, 300)]
    y = np.r_[rng.normal(301_000, 300, 3_000), rng.uniform(298_000, 304_000, 300)]
    result = report_on(x, y, radius=300.0)
    significant = int((result.classes != 0).sum())
    assert significant > 10
    assert len(result.cells) == 10
    strongest = np.sort(np.abs(result.z[result.classes != 0]))[-10:]
    assert sorted(abs(c.z) for c in result.cells) == pytest.approx(strongest.tolist())
    assert any(f"{significant:,} cells are hot or cold spots" in note for note in result.notes)
    assert sum(c.cells for c in result.clusters) == int((result.classes > 0).sum())
    assert MAX_LISTED_CELLS >= 1_000


extents = st.tuples(
    st.floats(0, 650_000), st.floats(0, 1_200_000), st.floats(0, 200_000), st.floats(0, 200_000)
).map(lambda t: (t[0], t[1], t[0] + t[2], t[1] + t[3]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    extent=extents,
    cell=st.floats(10, 5000),
    bandwidth=st.none() | st.floats(10, 20_000),
    radius=st.floats(10, 50_000),
)
def test_whatever_is_accepted_is_within_the_limits_and_sized_truly(extent, cell, bandwidth, radius):
    try:
        size = size_hotspot_request(extent, cell_size=cell, bandwidth=bandwidth, radius=radius)
    except HotspotInputError as refusal:
        message = str(refusal)
        assert "the most is" in message or "radius" in message
        suggested = SUGGESTED_CELL.search(message)
        if suggested:
            bigger = float(suggested.group(1).replace(",", ""))
            h = 2.5 * bigger if bandwidth is None else bandwidth
            assert hotspot_grid(extent, bigger, h).n_cells <= MAX_GRID_CELLS
        return
    h = 2.5 * cell if bandwidth is None else bandwidth
    assert size.grid.n_cells <= MAX_GRID_CELLS
    assert size.kernel_cells <= MAX_KERNEL_CELLS
    assert size.window_cells <= MAX_WINDOW_CELLS
    assert size.neighbour_pairs <= MAX_GRID_CELLS * int(disc_stencil(1, MAX_WINDOW_CELLS).sum())
    assert kernel_stencil(cell, h).shape == (2 * size.kernel_cells + 1,) * 2
    assert disc_stencil(cell, radius).shape == (2 * size.window_cells + 1,) * 2
    assert size.grid == hotspot_grid(extent, cell, h)
    assert size.convolution_cells <= 9 * MAX_GRID_CELLS
