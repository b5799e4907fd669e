"""The control the WDD test and the controlled time series compare the site with.

By default a same-size control (:func:`clearhold.analysis.wdd.same_size_control`): the site's
outline and its buffer ring moved to the nearby position whose before count is nearest the
site's, counted by the same rules as the site. ``"control"`` uses the evaluation's control area
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
    WDDOutcome,
    same_size_control,
    weighted_displacement_difference,
)

__all__ = ["controlled_wdd"]

Counts = dict[str, tuple[int, int]]


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
) -> tuple[WDDOutcome, np.ndarray]:
    """The WDD test against the ``kind`` of control, and that control's monthly series.

    ``easting``/``northing``: the evaluation's incidents (chosen categories); ``before``: those
    in the before window; ``count`` turns area masks into (monthly series, before/after counts)
    by the evaluation's rules; ``series``/``counts``: the site's, buffer's and control's;
    ``periods``: the window lengths. Estimates are in incidents over the after window (the
    before counts scaled by after/before length).
    """
    if kind not in CONTROL_KINDS:
        raise EvaluationInputError(
            f"the WDD control must be one of {', '.join(CONTROL_KINDS)}, not {kind!r}"
        )
    tb, ta = counts["target"]
    bb, ba = counts["buffer"]
    same = None
    if kind == "same-size":
        xb, yb = easting[before], northing[before]
        site_before = int(shapely.intersects_xy(areas.target, xb, yb).sum())
        same = same_size_control(areas.target, areas.buffer_m, xb, yb, target_before=site_before)
    if same is not None:
        moved = make_areas(same.target, areas.buffer_m)
        in_t, in_b, _ = classify(moved, easting, northing)
        moved_series, moved_counts = count({"target": in_t, "buffer": in_b})
        (cb, ca), (cbb, cba) = moved_counts["target"], moved_counts["buffer"]
        control_series, words, offset = moved_series["target"], same.description, (same.dx, same.dy)
    else:
        (cb, ca), (cbb, cba) = counts["control"], counts["control"]
        control_series, words, offset = series["control"], "the evaluation's control area", None
    has_buffer = areas.buffer_m > 0
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
    outcome = WDDOutcome(
        test=test,
        kind="same-size" if same is not None else "control",
        control=words,
        counts=numbers,
        offset_m=offset,
        no_same_size=kind == "same-size" and same is None,
    )
    return outcome, control_series
