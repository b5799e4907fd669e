"""Permutation inference for Gi*: conditional randomisation, pseudo p-values, for small grids.

The analytic Gi* z (:mod:`gistar`) assumes the window sum is near normal; on sparse, heavy-tailed
counts it is not, and analysts ask for the permutation test esda runs by default. For each cell
``i`` the cell keeps its own count and the counts of the **other** in-area cells are shuffled:
each draw puts ``W_i − 1`` of them, taken at random without replacement, in its window
(Anselin 1995 "Local indicators of spatial association — LISA", *Geographical Analysis* 27(2),
conditional randomisation; esda's ``crand``). With ``P`` draws, ``k≥`` of them at least the
observed window sum and ``k≤`` at most it, the two-sided pseudo p-value is::

    p = min(1, 2 · (1 + min(k≥, k≤)) / (P + 1))

and the sign is that of the observed sum minus its expectation under the shuffle,
``x_i + (W_i − 1)·(Σx − x_i)/(n − 1)``. For a fixed cell Gi* is increasing in its window sum,
so this tests the same statistic as the analytic z. The p-values then go through the same
Benjamini–Hochberg classes (:func:`gistar.classes_from_p`). As in esda, the draws are shared by
all cells (one random order of the other cells per draw), which keeps the cost at
``cells × window × P`` additions. The smallest p is ``2/(P + 1)`` (0.002 with 999 draws), so on
a large grid no cell can pass the false-discovery control: the method is refused above
:data:`MAX_PERMUTATION_CELLS` cells or :data:`MAX_PERMUTATION_WORK` additions.
"""

from __future__ import annotations

import numpy as np
from scipy.signal import fftconvolve

from clearhold.analysis.fdr import two_sided_p
from clearhold.analysis.gistar import classes_from_p, disc_stencil
from clearhold.analysis.hotspot_limits import HotspotInputError

__all__ = [
    "DEFAULT_PERMUTATIONS",
    "MAX_PERMUTATION_CELLS",
    "MAX_PERMUTATION_WORK",
    "gi_star_inference",
    "permutation_note",
    "permutation_p",
    "permutation_seed",
]

DEFAULT_PERMUTATIONS = 999
#: Most in-area cells for permutation inference: beyond it 999 draws cannot pass FDR anyway.
MAX_PERMUTATION_CELLS = 20_000
#: Most additions (cells × window × draws) one run may cost: about 15 s on one core.
MAX_PERMUTATION_WORK = 1_000_000_000
#: Largest block of draws held at once (values), about 32 MB.
_BLOCK = 4_000_000


def _check_size(cells: int, window: int, permutations: int) -> None:
    work = cells * window * permutations
    if cells > MAX_PERMUTATION_CELLS or work > MAX_PERMUTATION_WORK:
        raise HotspotInputError(
            f"Permutation inference on {cells:,} cells with windows of up to {window:,} cells "
            f"and {permutations:,} draws would take {work:,} additions; the most is "
            f"{MAX_PERMUTATION_WORK:,} and {MAX_PERMUTATION_CELLS:,} cells. Use the analytic z "
            "(with 999 draws the smallest p is 0.002, which cannot pass the false-discovery "
            "control on a large grid), a smaller area, a larger cell or a smaller radius."
        )


def _window_sums(values: np.ndarray, w: np.ndarray) -> np.ndarray:
    return np.rint(fftconvolve(values, w, mode="same"))


def permutation_p(
    counts: np.ndarray,
    cell_size: float,
    radius: float,
    *,
    mask: np.ndarray | None = None,
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Two-sided pseudo p-values and signs (+1 hot side, −1 cold side, 0 at the expectation) of
    every cell's Gi* window sum under conditional randomisation (module docstring).

    ``counts`` are whole numbers (incidents per cell); ``mask`` False marks cells outside the
    study area (p NaN, sign 0, never drawn into a window). The same ``seed`` gives the same
    result. Raises :class:`HotspotInputError` above the size limits.
    """
    x = np.asarray(counts)
    inside = np.ones(x.shape, dtype=bool) if mask is None else np.asarray(mask, dtype=bool)
    x = np.where(inside, np.rint(x), 0).astype(float)
    w = disc_stencil(cell_size, radius, max_offset=(x.shape[0] - 1, x.shape[1] - 1))
    n = int(inside.sum())
    W = _window_sums(inside.astype(float), w).astype(np.int64)
    _check_size(n, int(W[inside].max(initial=1)), permutations)
    p = np.full(x.shape, np.nan)
    sign = np.zeros(x.shape)
    values = x[inside]
    p[inside] = 1.0
    if n < 2 or values.min() == values.max():
        return p, sign
    observed = _window_sums(x, w)[inside]
    others = W[inside] - 1
    expected = values + others * (values.sum() - values) / (n - 1)
    sign[inside] = np.sign(np.round(observed - expected, 9))
    draws = _draws(n - 1, int(others.max()), permutations, seed)
    ge, le = _tail_counts(values, observed, others, draws)
    p[inside] = np.minimum(1.0, 2.0 * (1 + np.minimum(ge, le)) / (permutations + 1))
    return p, sign


def _draws(pool: int, size: int, permutations: int, seed: int | None) -> np.ndarray:
    """``permutations`` rows of ``size`` distinct positions among ``pool`` others."""
    rng = np.random.default_rng(seed)
    return np.stack([rng.choice(pool, size=size, replace=False) for _ in range(permutations)])


def _tail_counts(
    values: np.ndarray, observed: np.ndarray, others: np.ndarray, draws: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For every cell, how many draws give a window sum at least / at most the observed one.
    Cells with the same window size share one block of work; position ``j`` among the others of
    cell ``i`` is cell ``j`` when ``j < i`` and ``j + 1`` after it."""
    ge = np.zeros(values.size, dtype=np.int64)
    le = np.zeros(values.size, dtype=np.int64)
    permutations = draws.shape[0]
    for k in np.unique(others):
        cells = np.flatnonzero(others == k)
        if k == 0:
            ge[cells] = le[cells] = permutations
            continue
        idx = draws[:, :k]
        chunk = max(1, _BLOCK // (permutations * int(k)))
        for start in range(0, cells.size, chunk):
            part = cells[start : start + chunk]
            positions = idx[None, :, :] + (idx[None, :, :] >= part[:, None, None])
            sums = values[positions].sum(axis=2) + values[part, None]
            ge[part] = (sums >= observed[part, None] - 1e-9).sum(axis=1)
            le[part] = (sums <= observed[part, None] + 1e-9).sum(axis=1)
    return ge, le


def permutation_seed(seed: int | None) -> int:
    """The seed a run uses: the one given, or a fresh one (reported so the run can be repeated).

    >>> permutation_seed(42)
    42
    """
    if seed is not None:
        return int(seed)
    return int(np.random.SeedSequence().entropy % (2**32))


def permutation_note(permutations: int, seed: int) -> str:
    """What a permutation run did, in words for the report's notes."""
    return (
        f"Permutation inference: for each cell the other cells' counts were shuffled "
        f"{permutations:,} times (seed {seed}; the same seed repeats the run); pseudo p-values, "
        f"smallest {2 / (permutations + 1):.3f}, with the same false-discovery control."
    )


def gi_star_inference(
    counts: np.ndarray,
    z: np.ndarray,
    mask: np.ndarray | None,
    *,
    cell_size: float,
    radius: float,
    alpha_fdr: float,
    inference: str = "analytic",
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int | None = None,
) -> tuple[np.ndarray, np.ndarray, int | None, list[str]]:
    """Two-sided p, FDR classes, the seed used and the notes, from the analytic ``z``
    ("analytic") or by conditional randomisation ("permutation"), with the same FDR rule."""
    if inference == "analytic":
        p = two_sided_p(z)
        return p, classes_from_p(p, np.sign(np.nan_to_num(z)), alpha_fdr), seed, []
    if inference != "permutation":
        raise HotspotInputError(f"Unknown inference {inference!r}: use analytic or permutation.")
    seed = permutation_seed(seed)
    p, sign = permutation_p(
        counts, cell_size, radius, mask=mask, permutations=permutations, seed=seed
    )
    notes = [permutation_note(permutations, seed)]
    return p, classes_from_p(p, sign, alpha_fdr), seed, notes
