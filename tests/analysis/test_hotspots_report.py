"""The hotspot report: the bad inputs the issue names, and its figures against the kernels."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from clearhold.analysis.gistar import gi_star
from clearhold.analysis.grid import counts
from clearhold.analysis.hotspots import HotspotInputError, HotspotSettings, hotspot_report


def report(x, y, keys=None, **options):
    x, y = np.asarray(x, float), np.asarray(y, float)
    keys = (
        np.array([f"{a:.0f},{b:.0f}" for a, b in zip(x, y, strict=True)], dtype=object)
        if keys is None
        else keys
    )
    return hotspot_report(
        easting=x,
        northing=y,
        place_keys=keys,
        place_labels=keys,
        months=np.full(x.size, "2024-03", dtype="datetime64[M]"),
        month_start="2024-01",
        month_end="2024-06",
        **options,
    )


@pytest.fixture
def town():
    rng = np.random.default_rng(7)
    background = rng.uniform([540_000, 300_000], [545_000, 305_000], size=(2_000, 2))
    cluster = rng.normal([542_000, 302_000], 40, size=(400, 2))
    return np.vstack([background, cluster])


def test_the_planted_cluster_is_the_top_hot_spot_and_z_matches_the_kernel(town):
    result = report(town[:, 0], town[:, 1])
    top = result.clusters[0]
    assert top.outline.contains(shapely.Point(542_000, 302_000))
    assert top.incidents >= 350
    n = counts(result.grid, town[:, 0], town[:, 1])
    np.testing.assert_allclose(result.z, gi_star(n, 100.0, 300.0), atol=1e-12)
    assert result.trend.counts.tolist() == [0, 0, 2_400, 0, 0, 0]
    assert result.settings.bandwidth == 250.0


def test_empty_selection_is_an_empty_report_not_an_error():
    empty = report([], [])
    assert empty.empty
    assert empty.clusters == []
    assert empty.places == []
    assert empty.trend.total == 0


def test_incidents_without_location_are_counted_but_not_mapped():
    result = report([np.nan, 541_000, 541_050], [np.nan, 301_000, 301_000])
    assert (result.n_incidents, result.n_located) == (3, 2)
    assert any("no location" in note for note in result.notes)


def test_all_points_in_one_cell_give_no_hot_spot_and_no_crash():
    result = report([541_010] * 50, [301_010] * 50)
    assert result.places[0].count == 50
    assert result.clusters == []


def test_radius_smaller_than_a_cell_is_refused_with_both_lengths(town):
    with pytest.raises(
        HotspotInputError, match=r"radius \(50 m\) is smaller than a cell \(100 m\)"
    ):
        report(town[:, 0], town[:, 1], settings=HotspotSettings(radius=50))


def test_radius_larger_than_the_area_is_refused(town):
    with pytest.raises(HotspotInputError, match="larger than the whole area"):
        report(town[:, 0], town[:, 1], settings=HotspotSettings(radius=50_000))


def test_an_area_leaves_out_incidents_outside_it_and_masks_its_cells(town):
    area = shapely.box(541_000, 301_000, 543_000, 303_000)
    result = report(town[:, 0], town[:, 1], area=area)
    inside = shapely.contains_xy(area, town[:, 0], town[:, 1]).sum()
    assert result.n_located == inside
    assert any("outside the area" in note for note in result.notes)
    assert np.isnan(result.z[0, 0])


def test_two_million_points_run_on_a_fine_grid():
    rng = np.random.default_rng(1)
    xy = rng.uniform([500_000, 200_000], [520_000, 220_000], size=(2_000_000, 2))
    result = report(xy[:, 0], xy[:, 1], keys=np.zeros(len(xy), dtype=object))
    assert result.n_located == 2_000_000
    assert result.grid.n_cells >= 40_000
