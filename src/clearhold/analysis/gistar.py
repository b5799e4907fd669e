"""Getis–Ord Gi* hotspot z-scores on a count grid, by convolution, with FDR-controlled classes.

For cell ``i`` of a grid of ``n`` cells with counts ``x_j`` and binary distance-band weights
``w_ij = 1`` when the centroids are at most ``r`` metres apart (the cell itself included,
``w_ii = 1``)::

    Gi* = (Σ_j w_ij x_j − x̄ W_i) / (S · sqrt((n Σ_j w_ij² − W_i²) / (n − 1)))

    W_i = Σ_j w_ij,   x̄ = Σ_j x_j / n,   S = sqrt(Σ_j x_j² / n − x̄²)

(Getis, A. & Ord, J. K. (1992) "The analysis of spatial association by use of distance
statistics", *Geographical Analysis* 24(3); Ord, J. K. & Getis, A. (1995) "Local spatial
autocorrelation statistics: distributional issues and an application", *Geographical Analysis*
27(4)). Binary weights make ``Σ_j w_ij² = W_i``. On a regular grid ``Σ_j w_ij x_j`` is the count
grid convolved with the disc of radius ``r`` and ``W_i`` is a grid of ones convolved with the same
disc, so the cost is ``O(n log n)`` whatever the number of incidents. Only cells inside the grid
(or inside ``mask``) are neighbours: edge cells have a smaller ``W_i``.

This is exactly ``esda.G_Local(x, w, transform="B", star=True, permutations=0).Zs`` for
``w = libpysal.weights.DistanceBand(centroids, threshold=r, binary=True)``: libpysal leaves the
diagonal out (it drops the zero self-distance), esda's ``star=True`` then fills it with 1, and
esda's moments ``E[G] = W_i/n``, ``Var[G] = W_i (n − W_i)/(n − 1)/n² · S²/x̄²`` reduce to the
formula above. A pair at exactly ``d = r`` is a neighbour (``d² ≤ r²``, as in scipy's KD-tree).

Where the statistic is undefined ClearHold returns **z = 0** (esda returns NaN and a
RuntimeWarning, 0/0): when every count is equal, all-zero included (``S = 0``), and for cells
whose window holds the whole grid (``W_i = n``). The data then carry no evidence of a hot or cold
spot, and 0 keeps the FDR step and the map simple. Cells outside ``mask`` are NaN.

Example
-------
>>> import numpy as np
>>> x = np.zeros((5, 5), dtype=int); x[2, 2] = 10
>>> z = gi_star(x, cell_size=100.0, radius=100.0)
>>> round(float(z[2, 2]), 3), round(float(z[0, 0]), 3)
(2.0, -0.369)
"""

from __future__ import annotations

import math
from enum import IntEnum

import numpy as np
from scipy.signal import fftconvolve

from clearhold.analysis.fdr import bh_adjust, two_sided_p

__all__ = [
    "HotspotClass",
    "classes_from_p",
    "disc_stencil",
    "gi_star",
    "gi_star_classes",
    "window_reach_cells",
]


def window_reach_cells(cell_size: float, radius: float) -> int:
    """Half-width in cells of a Gi* window, ``k = ⌈r/s⌉``: the disc stencil is at most
    ``(2k + 1)²`` values. Pure arithmetic, so a request can be sized before anything is allocated.

    >>> window_reach_cells(100.0, 300.0), window_reach_cells(35.0, 50_000.0)
    (3, 1429)
    """
    s, r = float(cell_size), float(radius)
    if not (math.isfinite(s) and s > 0):
        raise ValueError(f"cell_size must be a positive number of metres, got {cell_size}")
    if not (math.isfinite(r) and r >= 0):
        raise ValueError(f"radius must be a number of metres, got {radius}")
    return math.ceil(r / s)


def disc_stencil(
    cell_size: float, radius: float, max_offset: tuple[int, int] | None = None
) -> np.ndarray:
    """Binary disc of offsets: ``w[j, i] = 1`` when ``(i·s)² + (j·s)² ≤ r²``, as a float array of
    odd shape centred on offset (0, 0). ``max_offset = (ky, kx)`` caps the half-widths (offsets
    beyond the grid never matter).

    >>> disc_stencil(100.0, 100.0).astype(int).tolist()
    [[0, 1, 0], [1, 1, 1], [0, 1, 0]]
    """
    s, r = float(cell_size), float(radius)
    k = window_reach_cells(s, r)
    ky, kx = (k, k) if max_offset is None else (min(k, max_offset[0]), min(k, max_offset[1]))
    di = np.arange(-kx, kx + 1) * s
    dj = np.arange(-ky, ky + 1) * s
    dx, dy = np.meshgrid(di, dj)
    return (dx * dx + dy * dy <= r * r).astype(float)


def _window_sum(a: np.ndarray, w: np.ndarray, integral: bool) -> np.ndarray:
    """``Σ_j w_ij a_j`` for every cell: ``a ⊛ w`` cut to the grid (cells outside count as 0).

    FFT rounding is of order 1e-16 of the largest sum; for integer data the exact sum is an
    integer, so it is rounded back to one."""
    out = fftconvolve(a, w, mode="same")
    return np.rint(out) if integral else out


def gi_star(
    counts: np.ndarray,
    cell_size: float,
    radius: float,
    *,
    mask: np.ndarray | None = None,
) -> np.ndarray:
    """Getis–Ord Gi* z-score of every cell (see the module docstring for the formula).

    Parameters
    ----------
    counts : 2-D array ``[ny, nx]`` of incidents per cell (any finite numbers are accepted).
    cell_size : cell side in metres.
    radius : distance band ``r`` in metres; cells whose centroids lie within ``r`` of a cell's
        centroid (itself included) form its window. Must be at least ``cell_size``: below that the
        window holds only the cell itself and Gi* degenerates to a z-score of its own count, which
        is not a hotspot statistic, so a ``ValueError`` is raised.
    mask : optional boolean ``[ny, nx]``; cells where it is False are outside the study area
        (sea, another district): they are neither counted in ``n``, ``x̄``, ``S`` nor neighbours,
        and their z is NaN. Equals esda run on the in-mask cells only.

    Returns
    -------
    float64 array of z-scores, same shape as ``counts``; 0 where undefined (module docstring).
    """
    x = np.asarray(counts)
    if x.ndim != 2:
        raise ValueError(f"counts must be a 2-D grid [rows, cols], got shape {x.shape}")
    s, r = float(cell_size), float(radius)
    if not (math.isfinite(s) and s > 0):
        raise ValueError(f"cell_size must be a positive number of metres, got {cell_size}")
    if not math.isfinite(r) or r < s:
        raise ValueError(
            f"radius {radius} m is smaller than the cell size {cell_size} m: each cell's window "
            "would hold only the cell itself; use a radius of at least one cell"
        )
    inside = np.ones(x.shape, dtype=bool) if mask is None else np.asarray(mask, dtype=bool)
    if inside.shape != x.shape:
        raise ValueError(f"mask has shape {inside.shape}, counts {x.shape}")
    integral = x.dtype.kind in "iub"
    x = np.where(inside, x, 0).astype(float)
    if not np.isfinite(x).all():
        raise ValueError("counts contain NaN or infinite values inside the study area")
    integral = integral or bool(np.array_equal(x, np.rint(x)))

    z = np.zeros(x.shape)
    z[~inside] = np.nan
    n = int(inside.sum())
    x_in = x[inside]
    if n < 2 or x_in.min() == x_in.max():  # one cell, or S = 0: undefined, z = 0
        return z

    x_bar = x_in.sum() / n
    S = math.sqrt(float(((x_in - x_bar) ** 2).sum()) / n)
    w = disc_stencil(s, r, max_offset=(x.shape[0] - 1, x.shape[1] - 1))
    sum_wx = _window_sum(x, w, integral)
    W = _window_sum(inside.astype(float), w, integral=True)

    numerator = sum_wx - x_bar * W
    denominator = S * np.sqrt(np.maximum(n * W - W * W, 0.0) / (n - 1))
    ok = inside & (denominator > 0)
    z[ok] = numerator[ok] / denominator[ok]
    return z


class HotspotClass(IntEnum):
    """Gi* hotspot class of a cell; the value is signed confidence rank (hot > 0 > cold)."""

    COLD_99 = -3
    COLD_95 = -2
    COLD_90 = -1
    NOT_SIGNIFICANT = 0
    HOT_90 = 1
    HOT_95 = 2
    HOT_99 = 3

    @property
    def label(self) -> str:
        """Plain-English legend text, e.g. "Hot spot, 99% confidence"."""
        if self is HotspotClass.NOT_SIGNIFICANT:
            return "Not significant"
        kind = "Hot spot" if self > 0 else "Cold spot"
        return f"{kind}, {_LEVELS[abs(self)]}% confidence"


_LEVELS = {1: 90, 2: 95, 3: 99}


def gi_star_classes(z: np.ndarray, alpha_fdr: float | None = 0.10) -> np.ndarray:
    """Hot/cold-spot classes at 90/95/99% confidence, with Benjamini–Hochberg FDR control.

    ``p = 2(1 − Φ(|z|))`` (two-sided normal), ``q = BH(p)`` across all cells with a finite z.
    A cell is hot (z > 0) or cold (z < 0) at 99% when ``q ≤ 0.01``, at 95% when ``q ≤ 0.05``, at
    90% when ``q ≤ 0.10`` — the confidence levels use the **FDR-adjusted** p, so "99%" means the
    cell is a discovery when the false discovery rate is held at 1% (the same as running BH at
    each level, as ArcGIS's Hot Spot Analysis does with its FDR option). Cells with
    ``q > alpha_fdr`` are not significant: ``alpha_fdr=0.05`` drops the 90% classes.
    (esda's ``G_Local.p_norm`` is the one-sided ``1 − Φ(|z|)``: ``p = 2 · p_norm``.)
    ``alpha_fdr=None`` uses the raw p (no multiple-testing control: on thousands of cells about
    10% of them would be "90% hot or cold" by chance; offered only for comparison with tools that
    do so). NaN z (outside the mask) is not significant.

    Returns an int8 array of :class:`HotspotClass` values, same shape as ``z``.

    >>> gi_star_classes(np.array([3.5, 2.0, 0.0, -2.7])).tolist()
    [3, 1, 0, -2]
    """
    z = np.asarray(z, dtype=float)
    return classes_from_p(two_sided_p(z), np.sign(np.nan_to_num(z)), alpha_fdr)


def classes_from_p(p: np.ndarray, sign: np.ndarray, alpha_fdr: float | None = 0.10) -> np.ndarray:
    """Classes from two-sided p-values and the side each cell is on (+1 hot, −1 cold): the
    FDR rule of :func:`gi_star_classes`, shared by the analytic z and permutation inference
    (:mod:`gistar_permutation`). NaN p is not significant.

    >>> classes_from_p(np.array([0.001, 0.2, 0.002]), np.array([1, 1, -1])).tolist()
    [3, 0, -3]
    """
    p = np.asarray(p, dtype=float)
    if alpha_fdr is None:
        q, ceiling = p, 0.10
    else:
        if not 0 < alpha_fdr < 1:
            raise ValueError(f"alpha_fdr must lie strictly between 0 and 1, got {alpha_fdr}")
        q, ceiling = bh_adjust(p), min(float(alpha_fdr), 0.10)
    rank = np.zeros(p.shape, dtype=np.int8)
    with np.errstate(invalid="ignore"):
        for level, alpha in ((1, 0.10), (2, 0.05), (3, 0.01)):
            rank[(q <= alpha) & (q <= ceiling)] = level
    return (np.sign(np.asarray(sign, dtype=float)) * rank).astype(np.int8)
