"""Kernel density by FFT convolution equals the direct kernel sum over the binned points."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearhold.analysis.grid import Grid, cell_centres, counts
from clearhold.analysis.kde import (
    bandwidth_nrd,
    default_bandwidth,
    gaussian_kernel,
    kde,
    kde_from_counts,
    kernel_stencil,
    quartic_kernel,
)


def direct_sum(n: np.ndarray, grid: Grid, h: float, kernel) -> np.ndarray:
    """Σ over occupied cells j of n_j·K(‖c_i − c_j‖) at every cell centre c_i, per km²."""
    xc, yc = cell_centres(grid)
    occ = n > 0
    d = np.hypot(xc.ravel()[:, None] - xc[occ][None, :], yc.ravel()[:, None] - yc[occ][None, :])
    return (kernel(d, h) @ n[occ]).reshape(grid.shape) * 1e6


def clustered_points(seed: int, size: int = 3_000) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    centres = rng.uniform([0, 0], [3_000, 2_000], size=(4, 2))
    pts = centres[rng.integers(0, 4, size)] + rng.normal(0, 120, size=(size, 2))
    noise = rng.uniform([0, 0], [3_000, 2_000], size=(size // 3, 2))
    p = np.vstack([pts, noise])
    return p[:, 0], p[:, 1]


@pytest.mark.parametrize(
    ("kernel", "k_func", "h"),
    [
        ("quartic", quartic_kernel, 250.0),
        ("quartic", quartic_kernel, 530.0),
        ("gaussian", gaussian_kernel, 90.0),
        ("gaussian", gaussian_kernel, 200.0),
    ],
)
def test_kde_equals_direct_kernel_sum_over_binned_points(kernel, k_func, h):
    x, y = clustered_points(seed=4)
    g = Grid(0.0, 0.0, 100.0, nx=30, ny=20)
    f = kde(g, x, y, bandwidth=h, kernel=kernel)
    ref = direct_sum(counts(g, x, y), g, h, k_func)
    np.testing.assert_allclose(f, ref, rtol=1e-6, atol=1e-12 * ref.max())
    assert (f >= 0).all()


def test_one_point_gives_the_kernel_in_incidents_per_km2():
    g = Grid(0.0, 0.0, 100.0, nx=9, ny=9)
    f = kde(g, np.array([450.0]), np.array([420.0]), bandwidth=250.0)
    assert f[4, 4] == pytest.approx(3 / (math.pi * 250.0**2) * 1e6)
    assert f[4, 6] == pytest.approx(3 / (math.pi * 250.0**2) * (1 - 0.64) ** 2 * 1e6)
    # 300 m > h: zero up to FFT rounding (of order 1e-16 of the peak)
    assert f[4, 7] < 1e-12 * f.max()
    assert f[7, 4] < 1e-12 * f.max()


@pytest.mark.parametrize("ratio", [2.5, 3.0, 5.0, 10.0])
def test_density_integrates_to_the_number_of_points_times_the_sampled_kernel_mass(ratio):
    # The stencil samples K at cell offsets without renormalising, so Σ f·s² = N·m exactly
    # (no edge loss on a padded grid), with m = Σ K_s·s² within 1% of 1 for h >= 2.5 cells.
    s, h = 100.0, 100.0 * ratio
    x, y = clustered_points(seed=9, size=2_000)
    g = Grid.covering(x, y, s, pad_cells=math.ceil(h / s))
    f = kde(g, x, y, bandwidth=h)
    mass = kernel_stencil(s, h).sum() * s * s
    integral = f.sum() * (s / 1_000.0) ** 2  # per km² times the cell area in km²
    assert integral == pytest.approx(x.size * mass, rel=1e-9)
    assert abs(mass - 1) < 0.01
    f_norm = kde(g, x, y, bandwidth=h, normalise=True)
    assert f_norm.sum() * (s / 1_000.0) ** 2 == pytest.approx(x.size, rel=1e-9)


def test_gaussian_mass_is_one_to_within_the_truncation():
    s = 100.0
    for h in (100.0, 150.0, 400.0):
        assert kernel_stencil(s, h, "gaussian").sum() * s * s == pytest.approx(1.0, abs=1e-7)


def test_points_outside_the_grid_are_ignored():
    g = Grid(0.0, 0.0, 100.0, nx=5, ny=5)
    inside = kde(g, np.array([250.0]), np.array([250.0]), bandwidth=200.0)
    both = kde(g, np.array([250.0, 2_000.0, np.nan]), np.array([250.0, 250.0, 1.0]), 200.0)
    np.testing.assert_array_equal(inside, both)


def test_empty_grid_gives_zero_density():
    assert (kde_from_counts(np.zeros((4, 6)), 100.0, 250.0) == 0).all()


@settings(max_examples=30, deadline=None)
@given(
    a=st.lists(st.integers(0, 5), min_size=48, max_size=48),
    b=st.lists(st.integers(0, 5), min_size=48, max_size=48),
    h=st.sampled_from([150.0, 250.0, 400.0]),
)
def test_density_is_linear_in_the_counts(a, b, h):
    na, nb = np.reshape(a, (6, 8)), np.reshape(b, (6, 8))
    np.testing.assert_allclose(
        kde_from_counts(na + nb, 100.0, h),
        kde_from_counts(na, 100.0, h) + kde_from_counts(nb, 100.0, h),
        rtol=1e-9,
        atol=1e-9,
    )


@settings(max_examples=30, deadline=None)
@given(a=st.lists(st.integers(0, 9), min_size=35, max_size=35))
def test_mirrored_counts_give_a_mirrored_density(a):
    n = np.reshape(a, (5, 7))
    f = kde_from_counts(n, 100.0, 250.0)
    np.testing.assert_allclose(
        kde_from_counts(n[::-1, ::-1], 100.0, 250.0), f[::-1, ::-1], rtol=1e-9, atol=1e-9
    )


def test_defaults_and_refusals():
    assert default_bandwidth(100.0) == 250.0
    assert default_bandwidth(100.0, "gaussian") == pytest.approx(250.0 / math.sqrt(8))
    g = Grid(0.0, 0.0, 100.0, nx=9, ny=9)
    np.testing.assert_array_equal(
        kde(g, np.array([450.0]), np.array([450.0])),
        kde(g, np.array([450.0]), np.array([450.0]), bandwidth=250.0),
    )
    with pytest.raises(ValueError, match="bandwidth"):
        kernel_stencil(100.0, 0.0)
    with pytest.raises(ValueError, match="unknown kernel"):
        kernel_stencil(100.0, 250.0, "epanechnikov")  # type: ignore[arg-type]


def test_bandwidth_nrd_matches_mass_bandwidth_nrd():
    # MASS::bandwidth.nrd(v) = 4 * 1.06 * min(sd, IQR/1.34) * n^(-1/5), R's type-7 quantiles.
    v = np.array([1.0, 2.0, 4.0, 8.0, 16.0])
    expected = 4 * 1.06 * min(np.std(v, ddof=1), (8.0 - 2.0) / 1.34) * 5 ** (-0.2)
    assert bandwidth_nrd(v, v) == pytest.approx(expected)
    assert bandwidth_nrd(np.append(v, np.nan), np.append(v, 3.0)) == pytest.approx(expected)
