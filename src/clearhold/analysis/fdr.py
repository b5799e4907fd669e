"""p-values from z-scores and Benjamini–Hochberg false-discovery-rate control.

Reference: Benjamini, Y. & Hochberg, Y. (1995) "Controlling the false discovery rate: a practical
and powerful approach to multiple testing", *JRSS B* 57(1), 289–300.
"""

from __future__ import annotations

import numpy as np
from scipy.stats import norm

__all__ = ["bh_adjust", "two_sided_p"]


def two_sided_p(z: np.ndarray) -> np.ndarray:
    """Two-sided normal p-value ``p = 2·(1 − Φ(|z|))``; NaN stays NaN.

    >>> round(float(two_sided_p(np.array(1.959964))), 4)
    0.05
    """
    return 2.0 * norm.sf(np.abs(np.asarray(z, dtype=float)))


def bh_adjust(p: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (q-values), same shape as ``p``.

    With the m p-values sorted ``p_(1) ≤ … ≤ p_(m)``::

        q_(i) = min_{j ≥ i} min(1, p_(j) · m / j)

    and "reject where ``q ≤ α``" is the BH step-up procedure at false discovery rate α (valid
    under independence or positive regression dependence, as for Gi* on overlapping windows;
    Benjamini & Yekutieli 2001). NaN p-values are left out (m counts only the finite ones) and
    come back as NaN. Equals ``scipy.stats.false_discovery_control(p, method="bh")``.

    >>> bh_adjust(np.array([0.01, 0.04, 0.03, 0.5])).round(3).tolist()
    [0.04, 0.053, 0.053, 0.5]
    """
    p = np.asarray(p, dtype=float)
    q = np.full(p.shape, np.nan)
    finite = np.isfinite(p)
    p_f = p[finite]
    m = p_f.size
    if m == 0:
        return q
    if ((p_f < 0) | (p_f > 1)).any():
        raise ValueError("p-values must lie in [0, 1]")
    order = np.argsort(p_f, kind="stable")
    i = np.arange(1, m + 1)
    q_sorted = np.minimum.accumulate((p_f[order] * (m / i))[::-1])[::-1]
    q_f = np.empty(m)
    q_f[order] = np.minimum(q_sorted, 1.0)
    q[finite] = q_f
    return q
