"""The Mann–Kendall trend test on many short series at once (one row per grid cell).

For a series ``x_1 … x_n``::

    S = Σ_{i<j} sign(x_j − x_i)
    Var(S) = [n(n − 1)(2n + 5) − Σ_g t_g(t_g − 1)(2t_g + 5)] / 18     (t_g: size of tie group g)
    Z = (S − 1)/√Var(S) if S > 0,  0 if S = 0,  (S + 1)/√Var(S) if S < 0
    p = 2(1 − Φ(|Z|)),   τ = S / (n(n − 1)/2)

(Mann, H. B. (1945) "Nonparametric tests against trend", *Econometrica* 13(3); Kendall, M. G.
(1975) *Rank correlation methods*; Gilbert, R. O. (1987) *Statistical methods for environmental
pollution monitoring*, §16.4). This is ``pymannkendall.original_test`` without the Theil–Sen
slope, which the emerging hot-spot classes do not use: the same S, Var(S), Z, p and τ
(tested against it). pymannkendall loops over the pairs of one series in Python; here the
``n(n − 1)/2`` signs of every row are taken at once, in chunks of rows so memory stays bounded.

Ties are counted without sorting: a value that occurs ``t`` times appears ``t`` times with ``t``
equal values (itself included), so ``Σ_g t_g(t_g − 1)(2t_g + 5) = Σ_i (c_i − 1)(2c_i + 5)``
with ``c_i`` the number of values equal to ``x_i``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import norm

__all__ = ["MannKendall", "mann_kendall"]

#: Rows handled per step: about 20 MB of temporaries for 24-month series.
ROWS_PER_CHUNK = 8_192


@dataclass(frozen=True)
class MannKendall:
    """Per-row results, each an array of length ``rows``."""

    s: np.ndarray
    var_s: np.ndarray
    z: np.ndarray
    p: np.ndarray
    tau: np.ndarray


def _chunk(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``S`` and the tie term ``Σ_i (c_i − 1)(2c_i + 5)`` for each row of ``x``."""
    diff = x[:, None, :] - x[:, :, None]  # diff[r, i, j] = x[r, j] − x[r, i]
    upper = np.triu(np.ones(diff.shape[1:], dtype=bool), k=1)
    s = np.sign(diff[:, upper]).sum(axis=1)
    c = (diff == 0).sum(axis=2)
    return s, ((c - 1) * (2 * c + 5)).sum(axis=1)


def mann_kendall(series: np.ndarray) -> MannKendall:
    """Mann–Kendall test of each row of ``series`` (``[rows, n]``, finite values, ``n ≥ 3``).

    >>> mk = mann_kendall(np.array([[1.0, 2.0, 3.0, 4.0], [4.0, 4.0, 4.0, 4.0]]))
    >>> mk.s.tolist(), mk.tau.tolist(), round(float(mk.p[0]), 4)
    ([6.0, 0.0], [1.0, 0.0], 0.0894)
    """
    x = np.asarray(series, dtype=float)
    if x.ndim != 2:
        raise ValueError(f"series must be [rows, months], got shape {x.shape}")
    rows, n = x.shape
    if n < 3:
        raise ValueError(f"the Mann–Kendall test needs at least 3 values per series, got {n}")
    if not np.isfinite(x).all():
        raise ValueError("series contain NaN or infinite values")
    s = np.empty(rows)
    ties = np.empty(rows)
    for start in range(0, rows, ROWS_PER_CHUNK):
        part = slice(start, start + ROWS_PER_CHUNK)
        s[part], ties[part] = _chunk(x[part])
    var_s = (n * (n - 1) * (2 * n + 5) - ties) / 18.0
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.where(s > 0, (s - 1), np.where(s < 0, s + 1, 0.0)) / np.sqrt(var_s)
    z = np.where(var_s > 0, z, 0.0)
    return MannKendall(
        s=s, var_s=var_s, z=z, p=2.0 * norm.sf(np.abs(z)), tau=s / (0.5 * n * (n - 1))
    )
