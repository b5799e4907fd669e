"""The hotspot grid clipped to the study area (issue 18, item 9): cells outside are outside —
not zeros in Gi*'s sums, mean or SD, not drawn, not ranked — and the spec's notes are printed."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from clearhold.analysis.gistar import gi_star
from clearhold.analysis.grid import cell_centres, counts
from clearhold.analysis.hotspots import HotspotSettings, hotspot_report
from clearhold.analysis.study_area import choose_study_area, grid_notes, lsoa_outline
from tests.analysis.policeuk_data import fenland


def report(x, y, codes=None, **options):
    x, y = np.asarray(x, float), np.asarray(y, float)
    keys = np.array([f"{a:.0f},{b:.0f}" for a, b in zip(x, y, strict=True)], dtype=object)
    area = options.pop("area", None)
    return hotspot_report(
        easting=x,
        northing=y,
        place_keys=keys,
        place_labels=keys,
        months=np.full(x.size, "2024-03", dtype="datetime64[M]"),
        month_start="2024-01",
        month_end="2024-06",
        area=area,
        lsoa_codes=codes,
        settings=HotspotSettings(**options),
    )


@pytest.fixture
def two_towns():
    """Two towns 6 km apart with nothing between them, each its own LSOA."""
    rng = np.random.default_rng(5)
    west = rng.uniform([540_000, 300_000], [541_500, 301_500], size=(400, 2))
    east = rng.uniform([547_000, 300_000], [548_500, 301_500], size=(400, 2))
    hot = rng.normal([540_700, 300_700], 30, size=(80, 2))
    xy = np.vstack([west, east, hot])
    codes = np.array(["E01000001"] * 400 + ["E01000002"] * 400 + ["E01000001"] * 80)
    return xy, codes


def test_cells_between_the_towns_are_outside_not_zeros(two_towns):
    xy, codes = two_towns
    clipped = report(xy[:, 0], xy[:, 1], codes)
    box = report(xy[:, 0], xy[:, 1], codes, study_area="box")
    assert box.mask is None
    n = counts(clipped.grid, xy[:, 0], xy[:, 1])
    between = clipped.grid.ny // 2, clipped.grid.nx // 2
    assert not clipped.mask[between]
    assert np.isnan(clipped.z[between])
    assert np.isnan(clipped.density[between])
    assert clipped.classes[between] == 0
    # Gi* over the in-area cells only, as esda on the masked lattice
    np.testing.assert_allclose(
        clipped.z, gi_star(n, 100.0, 300.0, mask=clipped.mask), equal_nan=True, atol=1e-12
    )
    # the empty land lowered the mean and SD: cells in the towns looked hotter over the box
    unclipped = gi_star(n, 100.0, 300.0)
    hot_cells = clipped.mask & (n > 0)
    assert (unclipped[hot_cells] > clipped.z[hot_cells]).mean() > 0.9
    assert (box.classes > 0).sum() > (clipped.classes > 0).sum()
    assert all(clipped.mask[c.row, c.col] for c in clipped.cells)


def test_every_incidents_cell_is_in_the_study_area(two_towns):
    xy, codes = two_towns
    area = shapely.box(540_070, 300_070, 541_430, 301_430)  # cell centres at the edge fall out
    result = report(xy[:, 0], xy[:, 1], codes, area=area)
    inside = shapely.contains_xy(area, xy[:, 0], xy[:, 1])
    kept = counts(result.grid, xy[inside, 0], xy[inside, 1])
    xc, yc = cell_centres(result.grid)
    centre_out = ~shapely.contains_xy(area, xc, yc)
    assert (centre_out & (kept > 0)).any()  # the case: an incident in a cell centred outside
    assert result.mask[kept > 0].all()
    assert result.n_located == kept.sum()


def test_lsoa_outline_is_the_buffered_hull_of_each_lsoa():
    x = np.array([0.0, 1_000.0, 0.0, 5_000.0, 9_000.0])
    y = np.array([0.0, 0.0, 1_000.0, 5_000.0, 9_000.0])
    codes = np.array(["A", "A", "A", "B", ""])
    outline = lsoa_outline(x, y, codes, buffer_m=100.0)
    assert outline.contains(shapely.Point(300, 300))  # inside A's triangle
    assert not outline.contains(shapely.Point(900, 900))  # beyond its hypotenuse
    assert outline.contains(shapely.Point(5_050, 5_000))  # B: one point, a disc
    assert outline.contains(shapely.Point(9_000, 9_090))  # no code: a disc too
    assert not outline.contains(shapely.Point(3_000, 3_000))  # nothing joins them
    assert choose_study_area(None, x, y, np.array([""] * 5), 100.0).outline is None


def test_the_spec_notes_are_printed(two_towns):
    xy, codes = two_towns
    box = report(xy[:, 0], xy[:, 1], codes, study_area="box")
    assert any("bounding box" in note and "no incident" in note for note in box.notes)
    clipped = report(xy[:, 0], xy[:, 1], codes, bandwidth=100.0)
    assert any(note.startswith("Study area: the 2 LSOAs in the data") for note in clipped.notes)
    assert any("at or below the cell size" in note for note in clipped.notes)
    assert not any("at or below" in note for note in box.notes)
    grid = clipped.grid
    big = np.ones((400, 300), dtype=bool)
    notes = grid_notes(
        type(grid)(0.0, 0.0, 100.0, nx=300, ny=400), big, np.zeros((400, 300)), 250.0, "x"
    )
    assert any("120,000 cells is more than 100,000" in note for note in notes)


def fenland_figures(study_area: str) -> dict[str, float]:
    x, y, rows = fenland()
    result = report(x, y, np.array([r["LSOA code"] for r in rows]), study_area=study_area)
    n = counts(result.grid, x, y)
    inside = np.ones(n.shape, dtype=bool) if result.mask is None else result.mask
    hot = (result.classes > 0) & inside
    with_incident = (n > 0) & inside
    return {
        "cells": int(inside.sum()),
        "empty": float((n[inside] == 0).mean()),
        "hot_without_incident": float((hot & (n == 0)).sum() / hot.sum()),
        "incident_cells_hot": float((hot & with_incident).sum() / with_incident.sum()),
    }


def test_fenland_clipped_to_its_lsoas_has_fewer_empty_cells_and_fewer_hot_ones():
    """All crime in Fenland, 2024–2025: the box is mostly fen; the LSOAs are where people are."""
    before, after = fenland_figures("box"), fenland_figures("lsoas")
    assert after["cells"] < 0.5 * before["cells"]
    assert after["empty"] < before["empty"]
    assert after["hot_without_incident"] < before["hot_without_incident"]
    assert after["incident_cells_hot"] < before["incident_cells_hot"]
