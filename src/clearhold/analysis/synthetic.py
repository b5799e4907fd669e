"""Synthetic control of a site from candidate areas' monthly counts, with placebo-in-space
inference (Abadie, Diamond & Hainmueller 2010, JASA 105(490); Abadie 2021, J Econ Lit 59(2)).

The weights come from :class:`pysyncon.Synth` fitted on the pre-period months themselves (each
month a predictor, equal importance: ``custom_V`` of ones), so the synthetic site is the convex
mix of donors (weights ≥ 0, summing to 1) whose monthly series is closest to the site's before
the intervention. One quadratic programme per fit, so the placebo runs (each donor in turn
treated as the site, the other donors as its pool) stay fast.

Fit against noise: with Poisson monthly counts, even the right mix misses each month by about
``sqrt(μ_site + Σ w²·μ_donor)`` (the site's and the mix's own variation). The weights are fitted
to those same ``T`` months, ``k`` donors with weight taking ``k − 1`` free parameters, so the
in-sample miss expected from noise alone is smaller, by ``sqrt((T − k + 1)/T)`` (as a
regression's residuals are smaller than its errors). A pre-period RMSPE at or below that noise
is as close as the data allow; above it, the mix does not track the site.

Placebo p: the post/pre RMSPE ratio of the site ranked among those of the placebos,
``p = (1 + #{placebo ratio ≥ site ratio}) / (J + 1)``, so ``0 < p ≤ 1`` and the smallest
possible p with ``J`` donors is ``1/(J+1)``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from pysyncon import Synth

from clearhold.analysis.comparison_result import SyntheticControl
from clearhold.analysis.periods import EvaluationInputError

__all__ = ["synthetic_control", "synthetic_weights"]

#: Weights below this are shown as nothing (the QP leaves crumbs of 1e-17).
SHOWN_WEIGHT = 0.005
#: Fewest donors a synthetic control is built from.
MIN_DONORS = 2


def synthetic_weights(target_pre: np.ndarray, donors_pre: np.ndarray) -> np.ndarray:
    """Convex weights (one per donor row) whose mix of ``donors_pre`` (donors × months) best
    matches ``target_pre`` (months), by :class:`pysyncon.Synth` with equal month weights."""
    donors_pre = np.asarray(donors_pre, dtype=float)
    target_pre = np.asarray(target_pre, dtype=float)
    z0 = pd.DataFrame(donors_pre.T, columns=range(donors_pre.shape[0]))
    z1 = pd.Series(target_pre, name="site")
    # pysyncon scales each predictor row by its spread across units: a month where every unit
    # has the same count carries no information and would divide by zero, so it is left out.
    spread = pd.concat([z0, z1], axis=1).std(axis=1).to_numpy()
    keep = spread > 0
    if not keep.any():
        return np.full(donors_pre.shape[0], 1.0 / donors_pre.shape[0])
    x0, x1 = z0.loc[keep], z1.loc[keep]
    synth = Synth()
    synth.fit(X0=x0, X1=x1, Z0=z0, Z1=z1, custom_V=np.ones(int(keep.sum())))
    w = np.clip(np.asarray(synth.W, dtype=float), 0.0, None)
    return w / w.sum()


def _rmspe(gap: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(gap)))) if gap.size else 0.0


def _ratio(target_pre, target_post, donors_pre, donors_post) -> tuple[float, np.ndarray]:
    """Post/pre RMSPE ratio of a synthetic fit, and its weights."""
    w = synthetic_weights(target_pre, donors_pre)
    pre = _rmspe(target_pre - w @ donors_pre)
    post = _rmspe(target_post - w @ donors_post)
    return post / max(pre, 1e-9), w


def synthetic_control(
    *,
    target_pre: np.ndarray,
    target_post: np.ndarray,
    donors_pre: np.ndarray,
    donors_post: np.ndarray,
    names: Sequence[str],
) -> SyntheticControl:
    """Fit the synthetic site, compare its after window with the site's, and rank the site's
    post/pre RMSPE ratio among placebo runs (each donor treated in turn)."""
    donors_pre = np.asarray(donors_pre, dtype=float)
    donors_post = np.asarray(donors_post, dtype=float)
    target_pre = np.asarray(target_pre, dtype=float)
    target_post = np.asarray(target_post, dtype=float)
    n = donors_pre.shape[0]
    if n < MIN_DONORS:
        raise EvaluationInputError(
            f"a synthetic control needs at least {MIN_DONORS} donor areas; {n} were available"
        )
    ratio, w = _ratio(target_pre, target_post, donors_pre, donors_post)
    placebo = np.empty(n)
    for j in range(n):
        others = np.arange(n) != j
        placebo[j], _ = _ratio(
            donors_pre[j], donors_post[j], donors_pre[others], donors_post[others]
        )
    expected = float(w @ donors_post.sum(axis=1))
    observed = int(np.rint(target_post.sum()))
    noise2 = target_pre.mean() + float(np.square(w) @ donors_pre.mean(axis=1))
    months, free = target_pre.size, int(np.sum(w >= SHOWN_WEIGHT)) - 1
    noise2 *= max(months - free, 1) / months
    order = np.argsort(-w, kind="stable")
    return SyntheticControl(
        weights=tuple((str(names[i]), float(w[i])) for i in order if w[i] >= SHOWN_WEIGHT),
        donors=n,
        rmspe_pre=_rmspe(target_pre - w @ donors_pre),
        noise=float(np.sqrt(noise2)),
        observed_after=observed,
        expected_after=expected,
        change_pct=None if expected <= 0 else 100.0 * (observed / expected - 1.0),
        rmspe_ratio=ratio,
        placebo_p=float((1 + np.sum(placebo >= ratio)) / (n + 1)),
        placebo_count=n,
    )
