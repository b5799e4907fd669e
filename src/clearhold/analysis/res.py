"""Relative effect size of a target against a control, with a Poisson and an
overdispersion-adjusted 95% interval.

``RES = (Tb·Ca)/(Ta·Cb)`` (Farrington & Welsh's odds ratio for area-based before/after
designs; Welsh & Farrington 2009, *Public area CCTV and crime prevention*, Justice Quarterly
26(4); Farrington, Gill, Waples & Argomaniz 2007, J Exp Criminol 3(1)). ``RES > 1`` means the
target improved relative to the control: ``RES = 2`` is a halving of the target's rate relative
to the control's. The period lengths cancel, so unequal before/after windows need no weights.

Poisson interval: ``var(ln RES) = 1/Tb + 1/Ta + 1/Cb + 1/Ca``;
``RES · exp(±1.96·sqrt(var))``.

Overdispersion: monthly counts vary more than a Poisson process (seasons, one-off events), so
that variance is too small. ClearHold estimates a quasi-Poisson dispersion for each area from its
own monthly series, ``φ = Σ (y - ȳ_period)² / ȳ_period / (n - 2)`` with separate before and
after means (``n`` months, 2 means fitted, the Pearson χ² over its degrees of freedom), and
inflates each area's terms by it:
``var_adj = φ_T·(1/Tb + 1/Ta) + φ_C·(1/Cb + 1/Ca)``, each ``φ`` floored at 1 so the adjustment
never narrows the interval. (Meta-analyses have used an empirical factor ``D = 0.0008·N + 1.2``;
a dispersion measured on the data at hand is preferred and stated as such.) The month-of-year
pattern inside a window counts as variation here, which errs on the wide side.

Headline: the adjusted interval when either ``φ > 1`` (the Poisson interval is then too
narrow), else the Poisson interval (the two are then equal).

Zero cells: ``Tb = 0`` or ``Cb = 0`` leaves nothing to compare (``None``, with the reason). A zero
after count with non-zero befores would make the RES infinite or zero; 0.5 is then added to all
four counts (the Haldane-Anscombe correction for odds ratios) and ``corrected`` says so.

Example::

    >>> r = relative_effect_size(tb=40, ta=10, cb=1000, ca=1000)
    >>> round(r.res, 2), tuple(round(v, 2) for v in r.ci95_poisson)
    (4.0, (1.99, 8.04))
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["Dispersion", "RelativeEffectSize", "monthly_dispersion", "relative_effect_size"]

Z95 = 1.959963984540054


@dataclass(frozen=True)
class Dispersion:
    """Quasi-Poisson dispersion of an area's monthly counts; ``phi`` is ``None`` when it
    cannot be estimated (fewer than three months)."""

    phi: float | None
    df: int


def monthly_dispersion(before: Sequence[int], after: Sequence[int]) -> Dispersion:
    """Pearson ``χ²/df`` of monthly counts around separate before and after means."""
    chi2, n = 0.0, 0
    for series in (before, after):
        y = np.asarray(series, dtype=float)
        n += y.size
        if y.size and y.mean() > 0:
            chi2 += float(np.sum((y - y.mean()) ** 2) / y.mean())
    df = n - sum(1 for s in (before, after) if len(s))
    if df < 1:
        return Dispersion(None, max(df, 0))
    return Dispersion(chi2 / df, df)


@dataclass(frozen=True)
class RelativeEffectSize:
    """RES with both intervals and which is the headline (``'poisson'``/``'overdispersed'``)."""

    res: float | None
    ci95: tuple[float, float] | None
    ci95_poisson: tuple[float, float] | None
    ci95_overdispersed: tuple[float, float] | None
    phi_target: float | None
    phi_control: float | None
    headline: str | None
    headline_reason: str
    corrected: bool = False
    reason: str | None = None


def _interval(res: float, var: float) -> tuple[float, float]:
    half = Z95 * math.sqrt(var)
    return res * math.exp(-half), res * math.exp(half)


def relative_effect_size(
    *,
    tb: float,
    ta: float,
    cb: float,
    ca: float,
    phi_target: float | None = None,
    phi_control: float | None = None,
) -> RelativeEffectSize:
    """RES ``(Tb·Ca)/(Ta·Cb)`` with Poisson and dispersion-adjusted intervals.

    ``phi_target``/``phi_control`` come from :func:`monthly_dispersion`; ``None`` means not
    estimable, and the Poisson interval is then the headline.
    """
    if tb == 0 or cb == 0:
        where = "target" if tb == 0 else "control"
        return RelativeEffectSize(
            None,
            None,
            None,
            None,
            phi_target,
            phi_control,
            None,
            "no interval: the RES is undefined",
            reason=f"no incidents in the {where} before, so the relative effect size is undefined",
        )
    corrected = ta == 0 or ca == 0
    if corrected:
        tb, ta, cb, ca = tb + 0.5, ta + 0.5, cb + 0.5, ca + 0.5
    res = (tb * ca) / (ta * cb)
    var_t, var_c = 1 / tb + 1 / ta, 1 / cb + 1 / ca
    poisson = _interval(res, var_t + var_c)
    if phi_target is None or phi_control is None:
        return RelativeEffectSize(
            res,
            poisson,
            poisson,
            None,
            phi_target,
            phi_control,
            "poisson",
            "the monthly series are too short to estimate overdispersion, so only the Poisson "
            "interval is given (it may be too narrow)",
            corrected,
        )
    adjusted = _interval(res, max(phi_target, 1.0) * var_t + max(phi_control, 1.0) * var_c)
    phis = f"dispersion {phi_target:.2f} in the target, {phi_control:.2f} in the control"
    if max(phi_target, phi_control) > 1:
        headline = "overdispersed"
        why = (
            f"monthly counts vary more than a Poisson process allows ({phis}), so the Poisson "
            "interval is too narrow; the overdispersion-adjusted interval is the headline"
        )
        ci = adjusted
    else:
        headline = "poisson"
        why = f"monthly counts show no overdispersion ({phis}); the two intervals are equal"
        ci = poisson
    return RelativeEffectSize(
        res, ci, poisson, adjusted, phi_target, phi_control, headline, why, corrected
    )
