"""Gi* by convolution equals esda's G_Local(star=True, transform="B") on distance-band weights."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from clearhold.analysis.gistar import HotspotClass, disc_stencil, gi_star, gi_star_classes
from clearhold.analysis.grid import Grid, cell_centres, counts

from .policeuk_data import FENLAND_DIR, fenland, fenland_paths

esda = pytest.importorskip("esda")
libpysal = pytest.importorskip("libpysal")

S = 100.0


def esda_gi_star(x: np.ndarray, cell_size: float, radius: float, mask=None) -> np.ndarray:
    """The reference: esda's Gi* z on libpysal DistanceBand weights over the cell centroids."""
    grid = Grid(530_000.0, 180_000.0, cell_size, nx=x.shape[1], ny=x.shape[0])
    xc, yc = cell_centres(grid)
    inside = np.ones(x.shape, bool) if mask is None else mask
    pts = np.column_stack([xc[inside], yc[inside]])
    w = libpysal.weights.DistanceBand(pts, threshold=radius, binary=True, silence_warnings=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # esda divides 0/0 where undefined
        zs = esda.G_Local(x[inside].astype(float), w, transform="B", star=True, permutations=0).Zs
    out = np.full(x.shape, np.nan)
    out[inside] = zs
    return out


def synthetic(kind: str, shape: tuple[int, int], seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    ny, nx = shape
    if kind == "poisson":
        return rng.poisson(2.0, size=shape)
    if kind == "clustered":
        yy, xx = np.mgrid[0:ny, 0:nx]
        lam = 0.3 + 12 * np.exp(-((xx - nx / 3) ** 2 + (yy - ny / 2) ** 2) / 6.0)
        return rng.poisson(lam)
    if kind == "sparse":  # mostly zeros, a few heavy cells: police.uk-like
        x = np.zeros(shape, dtype=np.int64)
        idx = rng.choice(x.size, size=max(3, x.size // 15), replace=False)
        x.flat[idx] = rng.geometric(0.2, size=idx.size)
        return x
    raise AssertionError(kind)


@pytest.mark.parametrize("radius", [150.0, 300.0, 500.0])
@pytest.mark.parametrize("shape", [(12, 17), (25, 9), (16, 16)])
@pytest.mark.parametrize("kind", ["poisson", "clustered", "sparse"])
def test_gi_star_equals_esda_on_synthetic_grids(kind, shape, radius):
    x = synthetic(kind, shape, seed=hash((kind, shape)) % 1000)
    expected = esda_gi_star(x, S, radius)
    got = gi_star(x, S, radius)
    assert got.shape == x.shape
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-6)


def test_gi_star_equals_esda_with_radius_exactly_one_cell():
    x = synthetic("clustered", (10, 11), seed=3)
    np.testing.assert_allclose(gi_star(x, S, 100.0), esda_gi_star(x, S, 100.0), atol=1e-6)


def test_gi_star_equals_esda_on_float_counts():
    x = synthetic("clustered", (9, 14), seed=5) * 0.37
    np.testing.assert_allclose(gi_star(x, S, 300.0), esda_gi_star(x, S, 300.0), atol=1e-6)


def test_gi_star_with_mask_equals_esda_on_the_cells_inside():
    x = synthetic("clustered", (14, 18), seed=7)
    yy, xx = np.mgrid[0:14, 0:18]
    mask = (xx - 8) ** 2 + (yy - 7) ** 2 < 50  # a round study area inside a rectangle
    got = gi_star(x, S, 300.0, mask=mask)
    np.testing.assert_allclose(got[mask], esda_gi_star(x, S, 300.0, mask)[mask], atol=1e-6)
    assert np.isnan(got[~mask]).all()


def test_all_points_in_one_cell_equals_esda():
    x = np.zeros((11, 13), dtype=np.int64)
    x[4, 6] = 250
    got = gi_star(x, S, 300.0)
    np.testing.assert_allclose(got, esda_gi_star(x, S, 300.0), atol=1e-6)
    yy, xx = np.mgrid[0:11, 0:13]
    sees_peak = (100 * (yy - 4)) ** 2 + (100 * (xx - 6)) ** 2 <= 300.0**2
    assert (got[sees_peak] > 0).all()
    assert (got[~sees_peak] < 0).all()


@pytest.mark.parametrize("value", [0, 4])
def test_constant_counts_give_zero_without_warnings(value):
    x = np.full((8, 9), value)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        z = gi_star(x, S, 300.0)
    assert (z == 0).all()


def test_constant_float_counts_give_zero_despite_rounding_of_the_mean():
    assert (gi_star(np.full((7, 7), 0.1), S, 200.0) == 0).all()


def test_radius_covering_the_whole_grid_gives_zero_where_esda_gives_nan():
    x = synthetic("poisson", (5, 6), seed=1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        z = gi_star(x, S, 10_000.0)
    assert (z == 0).all()
    assert np.isnan(esda_gi_star(x, S, 10_000.0)).all()


def test_radius_covering_part_of_the_grid_from_some_cells_only():
    x = synthetic("poisson", (4, 9), seed=2)
    z, ref = gi_star(x, S, 500.0), esda_gi_star(x, S, 500.0)
    undefined = np.isnan(ref)  # windows holding every cell
    assert undefined.any()
    assert not undefined.all()
    assert (z[undefined] == 0).all()
    np.testing.assert_allclose(z[~undefined], ref[~undefined], atol=1e-6)


def test_radius_below_the_cell_size_is_refused_with_both_numbers():
    with pytest.raises(ValueError, match=r"radius 50\.0 m is smaller than the cell size 100\.0 m"):
        gi_star(np.ones((3, 3)), 100.0, 50.0)


@pytest.mark.parametrize(
    "bad", [np.ones(5), np.array([[1.0, np.nan], [0.0, 1.0]])], ids=["1-D", "NaN"]
)
def test_bad_counts_are_refused(bad):
    with pytest.raises(ValueError, match="counts"):
        gi_star(bad, 100.0, 200.0)


def test_disc_includes_pairs_at_exactly_the_radius():
    w = disc_stencil(100.0, 500.0)
    assert w.shape == (11, 11)
    assert w[5, 10] == 1
    assert w[5 + 3, 5 + 4] == 1
    assert w[5 + 4, 5 + 4] == 0
    assert w.sum() == 81


# --- real data: police.uk Fenland ------------------------------------------------------------


@pytest.fixture(scope="module")
def fenland_xy():
    assert fenland_paths(), f"the committed police.uk Fenland files are missing from {FENLAND_DIR}"
    x, y, _ = fenland()
    return x, y


def test_gi_star_equals_esda_on_fenland_wisbech_at_100m(fenland_xy):
    x, y = fenland_xy
    # Wisbech town centre, 4 km x 4 km at 100 m cells: 1,600 cells.
    grid = Grid(544_000.0, 307_500.0, 100.0, nx=40, ny=40)
    n = counts(grid, x, y)
    assert n.sum() > 1_000
    for radius in (150.0, 300.0, 500.0):
        np.testing.assert_allclose(
            gi_star(n, 100.0, radius), esda_gi_star(n, 100.0, radius), rtol=0, atol=1e-6
        )


def test_gi_star_equals_esda_on_all_fenland_at_500m(fenland_xy):
    x, y = fenland_xy
    grid = Grid.covering(x, y, cell_size=500.0)
    n = counts(grid, x, y)
    assert n.sum() == x.size
    np.testing.assert_allclose(
        gi_star(n, 500.0, 1_000.0), esda_gi_star(n, 500.0, 1_000.0), rtol=0, atol=1e-6
    )


# --- properties ------------------------------------------------------------------------------

count_grids = arrays(
    np.int64,
    st.tuples(st.integers(3, 12), st.integers(3, 12)),
    elements=st.integers(0, 60),
)


@settings(max_examples=60, deadline=None)
@given(x=count_grids, c=st.floats(0.01, 1000.0), radius=st.sampled_from([100.0, 150.0, 300.0]))
def test_gi_star_is_invariant_to_scaling_the_counts(x, c, radius):
    np.testing.assert_allclose(gi_star(x * c, S, radius), gi_star(x, S, radius), atol=1e-9)


@settings(max_examples=60, deadline=None)
@given(x=count_grids, radius=st.sampled_from([100.0, 220.0, 400.0]))
def test_mirror_symmetric_counts_give_mirror_symmetric_z(x, radius):
    sym = np.concatenate([x, x[:, ::-1]], axis=1)  # symmetric about the vertical axis
    z = gi_star(sym, S, radius)
    np.testing.assert_allclose(z, z[:, ::-1], atol=1e-9)
    np.testing.assert_allclose(gi_star(sym.T, S, radius), z.T, atol=1e-9)


@settings(max_examples=40, deadline=None)
@given(x=count_grids)
def test_z_is_finite_and_centred(x):
    z = gi_star(x, S, 200.0)
    assert np.isfinite(z).all()
    assert (z[x == x.max()] >= z.min()).all()


# --- classes with false-discovery control -----------------------------------------------------


def test_classes_use_fdr_adjusted_p():
    # 100 cells: z = 4 (p = 6.3e-5), z = -3 (p = 0.0027), z = 1.7 (p = 0.089), 97 cells at 0.5.
    z = np.full(100, 0.5)
    z[:3] = [4.0, -3.0, 1.7]
    raw = gi_star_classes(z, alpha_fdr=None)
    assert raw[:4].tolist() == [3, -3, 1, 0]
    # BH: q = 6.3e-5 * 100/1 = 0.0063, q = 0.0027 * 100/2 = 0.135, q = min(1, 0.62) for the rest.
    fdr = gi_star_classes(z)
    assert fdr[:4].tolist() == [HotspotClass.HOT_99, 0, 0, 0]
    assert (fdr[3:] == HotspotClass.NOT_SIGNIFICANT).all()


def test_classes_thresholds_and_labels():
    z = np.array([[3.5, 2.0, 0.0], [-2.7, np.nan, -1.0]])
    cls = gi_star_classes(z, alpha_fdr=0.10)
    assert cls.dtype == np.int8
    assert cls.shape == z.shape
    assert cls.tolist() == [[3, 1, 0], [-2, 0, 0]]
    assert gi_star_classes(z, alpha_fdr=0.05).tolist() == [[3, 0, 0], [-2, 0, 0]]
    assert HotspotClass(3).label == "Hot spot, 99% confidence"
    assert HotspotClass(-1).label == "Cold spot, 90% confidence"
    assert HotspotClass(0).label == "Not significant"


def test_alpha_fdr_out_of_range_is_refused():
    with pytest.raises(ValueError, match="alpha_fdr"):
        gi_star_classes(np.zeros(3), alpha_fdr=1.5)
