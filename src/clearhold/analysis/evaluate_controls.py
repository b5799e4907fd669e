"""The control the WDD test and the controlled time series compare the site with.

By default a pool of same-size controls (:func:`clearhold.analysis.wdd.same_size_controls`):
the site's outline and its buffer ring moved to the ``pool`` (default 5) nearby positions whose
before counts are nearest the site's, counted by the same rules as the site; the WDD test takes
the mean of their counts (with the variance of a mean), the controlled time series their
summed monthly counts (whole Poisson counts; its model gives the control its own level, so a
sum and a mean give the same step). ``"control"`` uses the evaluation's control area
(its own buffer being that same control, as analytics.md says for a single control). When no
same-size position exists, the evaluation's control is used and the outcome says so.

Pure numpy/shapely: no Django import.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import shapely

from clearhold.analysis.areas import Areas, classify, make_areas
from clearhold.analysis.periods import EvaluationInputError
from clearhold.analysis.wdd import (
    CONTROL_KINDS,
    POOL_SIZE,
    WDD,
    WDDOutcome,
    pool_words,
    same_size_controls,
    weighted_displacement_difference,
)

__all__ = ["controlled_wdd"]

Counts = dict[str, tuple[int, int]]


def _pooled(areas: Areas, found, easting, northing, count) -> tuple[list[dict], np.ndarray]:
    """Each same-size position's counts (site and buffer ring, before and after) and the
    positions' summed monthly series."""
    masks = {}
    for i, same in enumerate(found):
        in_t, in_b, _ = classify(make_areas(same.target, areas.buffer_m), easting, northing)
        masks |= {f"target{i}": in_t, f"buffer{i}": in_b}
    series, counts = count(masks)
    positions = [
        {
            "offset_m": [same.dx, same.dy],
            "distance_m": same.distance_m,
            "before": int(counts[f"target{i}"][0]),
            "after": int(counts[f"target{i}"][1]),
            "buffer_before": int(counts[f"buffer{i}"][0]),
            "buffer_after": int(counts[f"buffer{i}"][1]),
        }
        for i, same in enumerate(found)
    ]
    summed = np.sum([series[f"target{i}"] for i in range(len(found))], axis=0)
    return positions, summed


def controlled_wdd(
    kind: str,
    areas: Areas,
    easting: np.ndarray,
    northing: np.ndarray,
    *,
    before: np.ndarray,
    count: Callable[[dict[str, np.ndarray]], tuple[dict[str, np.ndarray], Counts]],
    series: dict[str, np.ndarray],
    counts: Counts,
    periods: tuple[float, float],
    pool: int = POOL_SIZE,
) -> tuple[WDDOutcome, np.ndarray]:
    """The WDD test against the ``kind`` of control, and that control's monthly series.

    ``easting``/``northing``: the evaluation's incidents (chosen categories); ``before``: those
    in the before window; ``count`` turns area masks into (monthly series, before/after counts)
    by the evaluation's rules; ``series``/``counts``: the site's, buffer's and control's;
    ``periods``: the window lengths; ``pool``: how many same-size positions to average.
    Estimates are in incidents over the after window (the before counts scaled by after/before
    length).
    """
    if kind not in CONTROL_KINDS:
        raise EvaluationInputError(
            f"the WDD control must be one of {', '.join(CONTROL_KINDS)}, not {kind!r}"
        )
    tb = counts["target"][0]
    found, positions = [], []
    if kind == "same-size":
        xb, yb = easting[before], northing[before]
        site_before = int(shapely.intersects_xy(areas.target, xb, yb).sum())
        found = same_size_controls(
            areas.target, areas.buffer_m, xb, yb, target_before=site_before, k=pool
        )
    if found:
        positions, control_series = _pooled(areas, found, easting, northing, count)
        n = len(found)
        cb, ca, cbb, cba = (
            sum(p[key] for p in positions) / n
            for key in ("before", "after", "buffer_before", "buffer_after")
        )
        words = (
            found[0].description if pool == 1 else pool_words(positions, tb, found[0].candidates)
        )
        offset = (found[0].dx, found[0].dy)
    else:
        n = 1
        (cb, ca), (cbb, cba) = counts["control"], counts["control"]
        control_series, words, offset = series["control"], "the evaluation's control area", None
    test, numbers = _tested(counts, (cb, ca, cbb, cba), areas.buffer_m > 0, periods, n)
    outcome = WDDOutcome(
        test=test,
        kind="same-size" if found else "control",
        control=words,
        counts=numbers,
        offset_m=offset,
        no_same_size=kind == "same-size" and not found,
        positions=tuple(positions),
    )
    return outcome, control_series


def _tested(
    counts: Counts,
    control: tuple[float, float, float, float],
    has_buffer: bool,
    periods: tuple[float, float],
    n: int,
) -> tuple[WDD, dict[str, float]]:
    """The WDD test of the site and its buffer against ``control`` (before, after, and its
    buffer's before and after, averaged over ``n`` areas), and the counts it was given."""
    tb, ta = counts["target"]
    bb, ba = counts["buffer"]
    cb, ca, cbb, cba = control
    test = weighted_displacement_difference(
        tb=tb,
        ta=ta,
        cb=cb,
        ca=ca,
        bb=bb if has_buffer else None,
        ba=ba if has_buffer else None,
        cbb=cbb,
        cba=cba,
        t_before=periods[0] / periods[1],
        control_areas=n,
    )
    numbers = {
        "target_before": tb,
        "target_after": ta,
        "buffer_before": bb,
        "buffer_after": ba,
        "control_before": cb,
        "control_after": ca,
        "control_buffer_before": cbb if has_buffer else 0,
        "control_buffer_after": cba if has_buffer else 0,
    }
    return test, numbers
