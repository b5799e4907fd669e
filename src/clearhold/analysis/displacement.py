"""Displacement and diffusion of benefits: the Weighted Displacement Quotient and the total net
effect. The Weighted Displacement Difference test lives in :mod:`~clearhold.analysis.wdd`
(re-exported here for older imports).

Notation: ``T`` target, ``B`` buffer (displacement zone), ``C`` control; suffix ``b`` before,
``a`` after.

References: Bowers & Johnson (2003) "Measuring the geographical displacement and diffusion of
benefit effects of crime prevention activity", Journal of Quantitative Criminology 19(3);
Wheeler & Ratcliffe (2018) "A simple weighted displacement difference test to evaluate place
based crime interventions", Crime Science 7:11; Guerette (2009) POP Center tool guide 10.
"""

from __future__ import annotations

from dataclasses import dataclass

from clearhold.analysis.wdd import WDD, weighted_displacement_difference

__all__ = [
    "WDD",
    "WDQ",
    "total_net_effect",
    "wdq_reading",
    "weighted_displacement_difference",
    "weighted_displacement_quotient",
]


@dataclass(frozen=True)
class WDQ:
    """The quotient, its standard reading, and the success measure (its denominator).

    ``wdq`` is ``None`` when it cannot be read; ``reading`` then gives the reason.
    """

    wdq: float | None
    reading: str
    success_measure: float | None
    buffer_measure: float | None


def wdq_reading(wdq: float) -> str:
    """Bowers & Johnson's reading of a WDQ (only meaningful when the target improved)."""
    if wdq > 1:
        return "diffusion of benefits larger than the direct effect (WDQ > 1)"
    if wdq > 0:
        return "some diffusion of benefits to the buffer (0 < WDQ ≤ 1)"
    if wdq == 0:
        return "no effect on the buffer (WDQ = 0)"
    if wdq >= -1:
        return "displacement smaller than the direct effect (-1 ≤ WDQ < 0)"
    return "displacement larger than the direct effect: net harm (WDQ < -1)"


def weighted_displacement_quotient(
    *, tb: float, ta: float, bb: float, ba: float, cb: float, ca: float
) -> WDQ:
    """``WDQ = (Ba/Ca - Bb/Cb) / (Ta/Ca - Tb/Cb)`` (Bowers & Johnson 2003).

    The denominator is the success measure: it must be negative (the target's share of the
    control's level fell) for the quotient to be read; otherwise ``wdq`` is ``None`` and the
    reading says why. Period lengths cancel inside each ratio.

    Example: Tb=100, Ta=50, Bb=80, Ba=70, Cb=1000, Ca=1000 → (0.07 - 0.08)/(0.05 - 0.10) = 0.2,
    "some diffusion of benefits".
    """
    if cb == 0 or ca == 0:
        return WDQ(
            None,
            "not read: the control has no incidents in one period, so the WDQ is undefined",
            None,
            None,
        )
    success = ta / ca - tb / cb
    buffer = ba / ca - bb / cb
    if success >= 0:
        return WDQ(
            None,
            f"not read: the target did not improve relative to the control (success measure "
            f"Ta/Ca - Tb/Cb = {success:+.4g} ≥ 0), so there is no effect to displace",
            success,
            buffer,
        )
    value = buffer / success
    return WDQ(value, wdq_reading(value), success, buffer)


def total_net_effect(
    *, tb: float, ta: float, bb: float, ba: float, cb: float, ca: float
) -> float | None:
    """Incidents prevented net of displacement (Bowers & Johnson 2003):

    ``TNE = [Tb·(Ca/Cb) - Ta] + [Bb·(Ca/Cb) - Ba]``, in incidents over the after window;
    positive = fewer incidents in target and buffer than the control's change predicts.
    ``Ca/Cb`` carries any difference in window length, so unequal windows need no weights.
    ``None`` when ``Cb = 0``.
    """
    if cb == 0:
        return None
    k = ca / cb
    return (tb * k - ta) + (bb * k - ba)
