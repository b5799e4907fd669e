"""Emerging hot spots: how each cell's Gi* hot or cold spot status has moved month by month.

The method is ArcGIS Pro's *Emerging Hot Spot Analysis* (the space-time cube method; R's
sfdep ``emerging_hotspot_analysis`` follows the same definitions):

1. **Space-time cube**: incidents are counted per cell and per calendar month,
   ``x[t, r, c]``, over every month from the first to the last asked for (months with no
   incident are zeros, not gaps).
2. **Gi* per month**: with ``time_window = 0`` (the default) each month's slice is one
   :func:`gistar.gi_star` grid — the same distance band ``r`` and the same study-area mask as the
   map, each month compared with itself (its own ``n``, ``x̄``, ``S``). With ``time_window = k ≥ 1``
   the space-time cube's neighbourhood is used instead: a bin's neighbours are the cells within
   ``r`` in its own month **and the k months before it** (ArcGIS's *neighbourhood time step*;
   its default is 1), and ``n``, ``x̄``, ``S`` are those of the whole cube (ArcGIS's default
   *global window*, the entire cube). ClearHold uses slices by default: police.uk counts are
   already monthly totals, and a month's z is then the map's z for that month alone.
3. **Significance per month**: ``p = 2(1 − Φ(|z|))`` and Benjamini–Hochberg FDR across the
   month's in-area cells (:func:`fdr.bh_adjust`); a bin is a significant **hot** bin when
   ``q ≤ alpha_fdr`` (default 0.10, the map's 90% class) and ``z > 0``, **cold** when ``z < 0``.
4. **Trend**: the Mann–Kendall test on each cell's monthly z series (:mod:`mann_kendall`); the
   trend is significant when its two-sided ``p < alpha_trend`` (default 0.05), rising when
   ``S > 0`` and falling when ``S < 0``.
5. **Pattern** of each analysed cell. Only cells inside the area with at least one incident over
   the period are analysed (ArcGIS: "locations with at least one point for at least one
   time-step interval"): a field with no incident is never called an emerging hot spot because
   of its neighbours. With ``n`` months, "hot months" counting significant hot bins and the
   "final run" being the unbroken run of hot months that ends in the last month:

   ======================  ========================================================================
   New hot spot            hot in the last month and in no month before; no cold month either
   Consecutive hot spot    a final run of at least 2 hot months, no significant month (hot or cold)
                           before the run, and fewer than 90% of months hot
   Intensifying hot spot   hot in at least 90% of months, including the last; rising z trend
   Persistent hot spot     hot in at least 90% of months, including the last; no significant trend
   Diminishing hot spot    hot in at least 90% of months, including the last; falling z trend
   Sporadic hot spot       hot in the last month and in an earlier month outside the final run,
                           fewer than 90% of months hot, and never a cold spot
   Oscillating hot spot    hot in the last month, a cold spot in an earlier month, fewer than 90%
                           of months hot
   Historical hot spot     hot in at least 90% of months but not in the last month (and not a
                           cold spot in the last month, which makes it an oscillating cold spot)
   ======================  ========================================================================

   The cold patterns are the same rules with hot and cold swapped; an *intensifying* cold spot
   has a **falling** z (ever colder) and a *diminishing* one a rising z. A cell that fits none is
   "no pattern". The rules are ArcGIS Pro's definitions; where they overlap ClearHold decides as
   sfdep does — a cell that was a cold spot before turning hot is oscillating, not new or
   consecutive — and ArcGIS Pro's current wording is followed for sporadic (hot in the final
   month; ArcMap's older wording did not ask that). Persistent asks for the last month too, so
   the 90% patterns split cleanly into intensifying, persistent, diminishing and historical.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np
from scipy.signal import fftconvolve
from scipy.stats import norm

from clearhold.analysis.fdr import two_sided_p
from clearhold.analysis.gistar import disc_stencil, gi_star
from clearhold.analysis.mann_kendall import MannKendall

__all__ = [
    "MIN_MONTHS",
    "EmergingPattern",
    "classify_patterns",
    "monthly_gi_star",
    "significant_months",
]

#: Fewest months the patterns are worked out over (ArcGIS asks for ten time steps): with fewer,
#: "90% of months" is every month and the Mann–Kendall test has almost no power.
MIN_MONTHS = 10
PERSISTENT_SHARE = 0.9


class EmergingPattern(IntEnum):
    """Emerging hot spot pattern; positive values are hot, negative cold, 0 none."""

    HISTORICAL_COLD = -8
    OSCILLATING_COLD = -7
    SPORADIC_COLD = -6
    DIMINISHING_COLD = -5
    PERSISTENT_COLD = -4
    INTENSIFYING_COLD = -3
    CONSECUTIVE_COLD = -2
    NEW_COLD = -1
    NONE = 0
    NEW = 1
    CONSECUTIVE = 2
    INTENSIFYING = 3
    PERSISTENT = 4
    DIMINISHING = 5
    SPORADIC = 6
    OSCILLATING = 7
    HISTORICAL = 8

    @property
    def label(self) -> str:
        """ "New hot spot", "Persistent cold spot", "No pattern"."""
        if self is EmergingPattern.NONE:
            return "No pattern"
        kind = self.name.removesuffix("_COLD").lower()
        return f"{kind.capitalize()} {'hot' if self > 0 else 'cold'} spot"

    @property
    def slug(self) -> str:
        """URL and data name: "new-hot", "persistent-cold"."""
        return self.name.lower().removesuffix("_cold") + ("-hot" if self > 0 else "-cold")


def _time_window_sum(a: np.ndarray, k: int) -> np.ndarray:
    """``Σ_{u = t−k}^{t} a[u]`` along axis 0 (months before the first count as absent)."""
    c = np.cumsum(a, axis=0)
    out = c.copy()
    out[k + 1 :] -= c[: -(k + 1)]
    return out


#: Months convolved at once: bounds the FFT's temporaries (about 24 B per cell and month).
MONTHS_PER_STEP = 12
#: Most (bin, neighbour) pairs added directly (about 40 B each); past this, FFT.
SCATTER_PAIRS = 4_000_000


def _fft_window_sums(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """``Σ_j w_ij x_j`` over each month's slice by FFT, a few months at a time; for whole counts
    the sums are rounded back to whole numbers (FFT rounding is of order 1e-16 of the largest)."""
    integral = bool(np.array_equal(x, np.rint(x)))
    out = np.empty(x.shape)
    for start in range(0, x.shape[0], MONTHS_PER_STEP):
        part = slice(start, start + MONTHS_PER_STEP)
        sums = fftconvolve(x[part], w[None], mode="same", axes=(1, 2))
        out[part] = np.rint(sums) if integral else sums
    return out


def _window_sums(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """``Σ_j w_ij x_j`` over each month's slice. A month of incidents fills a few hundred cells
    of a district's hundred thousand, so when the non-empty bins times the window's cells stay
    under :data:`SCATTER_PAIRS` each non-empty bin is added to the cells of its window (one
    ``bincount``, exact); otherwise by FFT. The disc is symmetric, so either way is the same."""
    _, ny, nx = x.shape
    t, r, c = np.nonzero(x)
    dy, dx = np.nonzero(w)
    if t.size * dy.size > SCATTER_PAIRS:
        return _fft_window_sums(x, w)
    dy, dx = dy - w.shape[0] // 2, dx - w.shape[1] // 2
    rr, cc = r[:, None] + dy[None], c[:, None] + dx[None]
    ok = (rr >= 0) & (rr < ny) & (cc >= 0) & (cc < nx)
    target = (np.broadcast_to(t[:, None], ok.shape)[ok] * ny + rr[ok]) * nx + cc[ok]
    weight = np.broadcast_to(x[t, r, c][:, None], ok.shape)[ok]
    return np.bincount(target, weights=weight, minlength=x.size).reshape(x.shape)


def _gi_star_cube(
    cube: np.ndarray, cell_size: float, radius: float, inside: np.ndarray, k: int
) -> np.ndarray:
    """Gi* of every bin (module docstring, step 2). ``k = 0``: each month against its own
    ``n``, ``x̄``, ``S``, :func:`gistar.gi_star` of the slice; ``k ≥ 1``: the window also
    holds the k months before, and ``n``, ``x̄``, ``S`` are the whole cube's. Cells outside
    ``inside`` hold 0, so sums over every cell are sums over the area (in place where it can,
    as the cube is the largest array of a report)."""
    x = np.where(inside[None], cube, 0).astype(float)
    months = x.shape[0]
    flat = x.reshape(months, -1)
    n_in = int(inside.sum())
    total, squares = flat.sum(axis=1), np.einsum("ij,ij->i", flat, flat)
    n = n_in if k == 0 else n_in * months
    if k:
        total, squares = np.full(months, total.sum()), np.full(months, squares.sum())
    x_bar = total / n
    variance = squares / n - x_bar * x_bar  # exact for whole counts; for others, equal values
    S = np.where(variance > 1e-12 * squares / n, np.sqrt(np.abs(variance)), 0.0)  # give S = 0
    w = disc_stencil(cell_size, radius, max_offset=(x.shape[1] - 1, x.shape[2] - 1))
    w_space = _window_sums(inside[None].astype(float), w)[0]
    z = _time_window_sum(_window_sums(x, w), k) if k else _window_sums(x, w)
    W = w_space[None] * np.minimum(np.arange(months) + 1, k + 1)[:, None, None] if k else w_space
    spread = np.sqrt(np.maximum(n * W - W * W, 0.0) / (n - 1))
    for t in range(months):
        W_t, spread_t = (W[t], spread[t]) if k else (W, spread)
        z[t] -= x_bar[t] * W_t
        with np.errstate(invalid="ignore", divide="ignore"):
            z[t] /= S[t] * spread_t
        z[t][~(S[t] * spread_t > 0)] = 0.0
    z[:, ~inside] = np.nan
    return z


def monthly_gi_star(
    cube: np.ndarray,
    cell_size: float,
    radius: float,
    *,
    mask: np.ndarray | None = None,
    time_window: int = 0,
) -> np.ndarray:
    """Gi* z of every bin of ``cube`` (``[months, rows, cols]`` counts), same shape.

    ``time_window = 0``: each month's slice as :func:`gistar.gi_star` would give it (all the
    months in one batched convolution); ``k ≥ 1``: the space-time neighbourhood of the module
    docstring. Cells outside ``mask`` are NaN; where Gi* is undefined z is 0, as in gi_star.
    """
    x = np.asarray(cube)
    if x.ndim != 3:
        raise ValueError(f"cube must be [months, rows, cols], got shape {x.shape}")
    if time_window < 0 or int(time_window) != time_window:
        raise ValueError(f"time_window must be a whole number of months >= 0, got {time_window}")
    if not np.isfinite(x).all():
        raise ValueError("counts contain NaN or infinite values")
    gi_star(x[0], cell_size, radius)  # the same checks of the cell size and radius
    inside = np.ones(x.shape[1:], dtype=bool) if mask is None else np.asarray(mask, dtype=bool)
    if inside.shape != x.shape[1:]:
        raise ValueError(f"mask has shape {inside.shape}, a month {x.shape[1:]}")
    if inside.sum() < 2:
        z = np.zeros(x.shape)
        z[:, ~inside] = np.nan
        return z
    return _gi_star_cube(x, float(cell_size), float(radius), inside, int(time_window))


def _bh_significant(z: np.ndarray, alpha: float) -> np.ndarray:
    """``bh_adjust(two_sided_p(z)) <= alpha`` for one month, without sorting every cell: only a
    p-value at most α can pass the step-up rule (``p_(i) ≤ iα/m ≤ α``), so only those cells'
    p-values are computed and sorted; their ranks among all m cells are their ranks among
    themselves."""
    out = np.zeros(z.shape, dtype=bool)
    m = int(np.isfinite(z).sum())
    with np.errstate(invalid="ignore"):
        candidates = np.flatnonzero(np.abs(z) >= norm.isf(alpha / 2) - 1e-6)
    if m == 0 or candidates.size == 0:
        return out
    p = two_sided_p(z[candidates])
    order = np.argsort(p, kind="stable")
    passes = np.flatnonzero(p[order] * m / np.arange(1, order.size + 1) <= alpha)
    if passes.size:
        out[candidates[order[: passes[-1] + 1]]] = True
    return out


def significant_months(z: np.ndarray, alpha_fdr: float = 0.10) -> tuple[np.ndarray, np.ndarray]:
    """Hot and cold bins of a ``[months, …]`` z array, with BH FDR within each month: the
    same as ``bh_adjust(two_sided_p(z_month)) <= alpha_fdr`` (:mod:`fdr`), month by month."""
    if not 0 < alpha_fdr < 1:
        raise ValueError(f"alpha_fdr must lie strictly between 0 and 1, got {alpha_fdr}")
    z = np.asarray(z, dtype=float)
    flat = z.reshape(z.shape[0], -1)
    significant = np.stack([_bh_significant(month, alpha_fdr) for month in flat])
    significant = significant.reshape(z.shape)
    return significant & (z > 0), significant & (z < 0)


def _final_run(flags: np.ndarray) -> np.ndarray:
    """Length of the unbroken run of True that ends in the last column, per row."""
    off = ~flags[:, ::-1]
    return np.where(off.any(axis=1), off.argmax(axis=1), flags.shape[1])


def _patterns_one_way(
    this: np.ndarray, other: np.ndarray, towards: np.ndarray, away: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Hot patterns of rows (``this`` = hot bins, ``other`` = cold, ``towards``: trend to hotter);
    called with hot and cold swapped for the cold ones. Returns the patterns of rows significant
    in the last month (1..7, 0 elsewhere) and the historical flag, kept apart for precedence."""
    n = this.shape[1]
    share = this.sum(axis=1) / n
    last = this[:, -1]
    run = _final_run(this)
    before = np.arange(n)[None, :] < (n - run)[:, None]
    any_before = ((this | other) & before).any(axis=1)
    mostly = share >= PERSISTENT_SHARE
    out = np.zeros(this.shape[0], dtype=np.int8)
    rules = (
        (mostly & towards, EmergingPattern.INTENSIFYING),
        (mostly & away, EmergingPattern.DIMINISHING),
        (mostly & ~towards & ~away, EmergingPattern.PERSISTENT),
        (~mostly & ~any_before & (run == 1), EmergingPattern.NEW),
        (~mostly & ~any_before & (run >= 2), EmergingPattern.CONSECUTIVE),
        (~mostly & other.any(axis=1), EmergingPattern.OSCILLATING),
        (~mostly & any_before, EmergingPattern.SPORADIC),
    )
    for rule, pattern in rules:
        out[last & rule & (out == 0)] = pattern
    return out, mostly & ~last


def classify_patterns(
    hot: np.ndarray, cold: np.ndarray, trend: MannKendall, alpha_trend: float = 0.05
) -> np.ndarray:
    """Pattern of each row (cell) from its hot and cold months (``[cells, months]`` booleans)
    and the Mann–Kendall test of its z series; int8 :class:`EmergingPattern` values.

    The rules are in the module docstring. A cell significant in the last month takes that
    month's direction; historical patterns apply only to cells not significant in it.
    """
    hot, cold = np.asarray(hot, dtype=bool), np.asarray(cold, dtype=bool)
    if hot.shape != cold.shape or hot.ndim != 2:
        raise ValueError(f"hot and cold must be [cells, months] alike: {hot.shape}, {cold.shape}")
    if (hot & cold).any():
        raise ValueError("a month cannot be both a hot and a cold spot")
    rising = (trend.p < alpha_trend) & (trend.s > 0)
    falling = (trend.p < alpha_trend) & (trend.s < 0)
    hot_final, hot_past = _patterns_one_way(hot, cold, rising, falling)
    cold_final, cold_past = _patterns_one_way(cold, hot, falling, rising)
    out = np.where(hot_final != 0, hot_final, -cold_final).astype(np.int8)
    out[(out == 0) & hot_past] = EmergingPattern.HISTORICAL
    out[(out == 0) & cold_past] = EmergingPattern.HISTORICAL_COLD
    return out
