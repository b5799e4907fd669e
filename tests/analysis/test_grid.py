"""Grid: snapping, binning with np.bincount, corner rings."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearhold.analysis import grid as grid_module
from clearhold.analysis.grid import Grid, cell_centres, cell_of, cell_polygon, cell_rings, counts


def test_covering_snaps_the_origin_to_multiples_of_the_cell_size():
    g = Grid.covering(np.array([530_012.5, 531_999.0]), np.array([180_099.9, 180_100.0]), 100.0)
    assert (g.x0, g.y0, g.nx, g.ny) == (530_000.0, 180_000.0, 20, 2)
    assert g.shape == (2, 20)
    assert g.n_cells == 40
    assert g.bounds == (530_000.0, 180_000.0, 532_000.0, 180_200.0)


def test_covering_pads_and_ignores_nan():
    g = Grid.covering(np.array([150.0, np.nan, 250.0]), np.array([50.0, 9e9, 50.0]), 100.0, 2)
    assert (g.x0, g.y0, g.nx, g.ny) == (-100.0, -200.0, 6, 5)


def test_covering_refuses_no_points_and_bad_sizes():
    with pytest.raises(ValueError, match="no point"):
        Grid.covering(np.array([np.nan]), np.array([1.0]))
    with pytest.raises(ValueError, match="cell_size"):
        Grid.covering(np.array([1.0]), np.array([1.0]), cell_size=0.0)
    with pytest.raises(ValueError, match="nx and ny"):
        Grid(0.0, 0.0, 100.0, nx=0, ny=3)


@settings(max_examples=50, deadline=None)
@given(
    pts=st.lists(st.tuples(st.floats(0, 2e4), st.floats(0, 2e4)), min_size=1, max_size=40),
    offset=st.tuples(st.floats(-1e5, 7e5), st.floats(-1e5, 1.2e6)),
    s=st.sampled_from([10.0, 50.0, 100.0, 250.0, 1000.0, 33.3]),
    pad=st.integers(0, 3),
)
def test_covering_holds_every_point(pts, offset, s, pad):
    x, y = np.array(pts).T
    x, y = x + offset[0], y + offset[1]
    g = Grid.covering(x, y, s, pad)
    assert counts(g, x, y).sum() == x.size
    assert round(g.x0 / s) * s == g.x0
    assert round(g.y0 / s) * s == g.y0


def test_counts_refuses_a_grid_too_big_to_hold():
    g = Grid(0.0, 0.0, 1.0, nx=700_000, ny=1_300_000)
    with pytest.raises(ValueError, match="cells"):
        counts(g, np.array([1.0]), np.array([1.0]))


def test_counts_rows_run_south_to_north_and_edges_are_half_open():
    g = Grid(0.0, 0.0, 100.0, nx=3, ny=2)
    x = np.array([0.0, 99.999, 100.0, 299.0, 300.0, 50.0, np.nan, -0.001, 50.0])
    y = np.array([0.0, 0.0, 0.0, 199.0, 0.0, 100.0, 5.0, 5.0, np.nan])
    n = counts(g, x, y)
    assert n.dtype == np.int64
    assert n.tolist() == [[2, 1, 0], [1, 0, 1]]


def test_counts_equals_histogram2d():
    rng = np.random.default_rng(0)
    x = rng.uniform(-500, 5_500, 20_000)
    y = rng.uniform(-500, 3_500, 20_000)
    g = Grid(0.0, 0.0, 100.0, nx=50, ny=30)
    ref, _, _ = np.histogram2d(y, x, bins=[np.arange(31) * 100.0, np.arange(51) * 100.0])
    np.testing.assert_array_equal(counts(g, x, y), ref)


def test_counts_in_chunks_equals_one_pass(monkeypatch):
    rng = np.random.default_rng(1)
    x, y = rng.uniform(0, 1_000, 10_001), rng.uniform(0, 1_000, 10_001)
    w = rng.uniform(0, 2, 10_001)
    g = Grid(0.0, 0.0, 100.0, nx=10, ny=10)
    whole, weighted = counts(g, x, y), counts(g, x, y, weights=w)
    monkeypatch.setattr(grid_module, "CHUNK", 999)
    np.testing.assert_array_equal(counts(g, x, y), whole)
    np.testing.assert_allclose(counts(g, x, y, weights=w), weighted, rtol=1e-12)
    assert weighted.sum() == pytest.approx(w.sum())


def test_counts_memory_does_not_grow_with_the_number_of_points():
    rng = np.random.default_rng(2)
    n_points = 4_000_000  # 64 MB of coordinates; binning adds only chunk-sized temporaries
    x = rng.uniform(500_000, 520_000, n_points)
    y = rng.uniform(250_000, 270_000, n_points)
    g = Grid.covering(x, y, 100.0)
    tracemalloc.start()
    n = counts(g, x, y)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert n.sum() == n_points
    assert peak < 80e6, f"binning peaked at {peak / 1e6:.0f} MB"


def test_cell_of_marks_outside_and_nan():
    g = Grid(0.0, 0.0, 10.0, nx=2, ny=2)
    rows, cols = cell_of(g, np.array([5.0, 15.0, 25.0, np.nan]), np.array([15.0, 5.0, 5.0, 1.0]))
    assert rows.tolist() == [1, 0, -1, -1]
    assert cols.tolist() == [0, 1, -1, -1]


def test_cell_centres_match_counts():
    g = Grid(1_000.0, 2_000.0, 100.0, nx=4, ny=3)
    xc, yc = cell_centres(g)
    assert xc.shape == yc.shape == g.shape
    np.testing.assert_array_equal(counts(g, xc.ravel(), yc.ravel()), np.ones(g.shape))
    assert (xc[0, 0], yc[0, 0], xc[2, 3], yc[2, 3]) == (1_050.0, 2_050.0, 1_350.0, 2_250.0)


def test_cell_rings_are_closed_counter_clockwise_squares():
    g = Grid(530_000.0, 180_000.0, 100.0, nx=5, ny=4)
    rings = cell_rings(g, np.array([0, 3, 2]), np.array([0, 4, 1]))
    assert rings.shape == (3, 5, 2)
    assert (rings[:, 0] == rings[:, -1]).all()
    xs, ys = rings[..., 0], rings[..., 1]
    signed_area = 0.5 * (xs[:, :-1] * ys[:, 1:] - xs[:, 1:] * ys[:, :-1]).sum(axis=1)
    assert (signed_area == 100.0 * 100.0).all()  # positive: counter-clockwise
    assert rings[1, 0].tolist() == [530_400.0, 180_300.0]
    assert cell_polygon(g, 3, 4) == [tuple(p) for p in rings[1].tolist()]
    with pytest.raises(IndexError, match="outside"):
        cell_rings(g, np.array([4]), np.array([0]))
