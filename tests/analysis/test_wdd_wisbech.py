"""The WDD test and the controlled time series on the Wisbech closure (committed Fenland data),
every count recomputed point by point with shapely ``covers``/``distance``."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
import shapely
from shapely import affinity

from clearhold.analysis.evaluate import evaluate

from .evaluate_wisbech import (
    CATEGORIES,
    FENLAND_DIR,
    INTERVENTION,
    POLICEUK_CRIME_TYPES,
    fenland_paths,
    load_geojson_target,
    read_rows,
)

BEFORE = [f"2024-{m:02d}" for m in range(5, 13)] + [f"2025-{m:02d}" for m in range(1, 5)]
AFTER = [f"2025-{m:02d}" for m in range(6, 13)]
BUFFER_M = 250.0

pytestmark = pytest.mark.skipif(
    not fenland_paths(), reason=f"the committed Fenland police.uk files are absent: {FENLAND_DIR}"
)


@pytest.fixture(scope="module")
def rows():
    return read_rows(FENLAND_DIR)


@pytest.fixture(scope="module")
def target():
    return load_geojson_target()


def _evaluate(rows, target, wdd_control):
    months = sorted(re.match(r"(\d{4}-\d{2})-", n).group(1) for n in rows.files)
    return evaluate(
        easting=rows.easting,
        northing=rows.northing,
        month=rows.month.astype("datetime64[M]"),
        category=rows.crime_type,
        target=target,
        intervention=INTERVENTION,
        categories=list(CATEGORIES),
        valid_categories=POLICEUK_CRIME_TYPES,
        buffer_m=BUFFER_M,
        data_months=months,
        wdd_control=wdd_control,
    )


def _count(rows, area, ring=None):
    """(before, after) in ``area`` (covers), or in the ring of ``ring`` = (site, metres)."""
    pick = np.isin(rows.crime_type, CATEGORIES) & np.isfinite(rows.easting)
    out = {"before": 0, "after": 0}
    for x, y, m in zip(rows.easting[pick], rows.northing[pick], rows.month[pick], strict=True):
        point = shapely.Point(x, y)
        if ring is None:
            hit = area.covers(point)
        else:
            site, metres = ring
            hit = not site.covers(point) and site.distance(point) <= metres
        window = "before" if m in BEFORE else "after" if m in AFTER else None
        if hit and window:
            out[window] += 1
    return out["before"], out["after"]


def test_same_size_control_counts_and_wdd_match_a_point_by_point_recount(rows, target):
    r = _evaluate(rows, target, "same-size")
    w = r.wdd
    assert w.kind == "same-size"
    dx, dy = w.offset_m
    assert math.hypot(dx, dy) <= 3000
    moved = affinity.translate(target, dx, dy)
    assert not moved.buffer(BUFFER_M).intersects(target.buffer(BUFFER_M))
    cb, ca = _count(rows, moved)
    cbb, cba = _count(rows, None, ring=(moved, BUFFER_M))
    tb, ta = _count(rows, target)
    bb, ba = _count(rows, None, ring=(target, BUFFER_M))
    assert (w.counts["control_before"], w.counts["control_after"]) == (cb, ca)
    assert (w.counts["control_buffer_before"], w.counts["control_buffer_after"]) == (cbb, cba)
    k = 7 / 12  # before counts scaled to the 7-month after window
    local = (ta - tb * k) - (ca - cb * k)
    disp = (ba - bb * k) - (cba - cbb * k)
    var = ta + ca + ba + cba + (tb + cb + bb + cbb) * k**2
    assert w.test.total == pytest.approx(local + disp)
    assert w.test.se == pytest.approx(math.sqrt(var))
    # Some position within 3 km holds exactly the site's before count, so it is the one used.
    assert cb == tb


def test_against_the_rest_of_fenland_the_control_is_warned_about(rows, target):
    r = _evaluate(rows, target, "control")
    c = r.wdd.counts
    assert c["control_before"] == r.control.before > 5 * r.target.before
    assert "wdd_control_large" in [x.code for x in r.warnings]
    k = 7 / 12
    (tb, ta), (bb, ba), (cb, ca) = ((s.before, s.after) for s in (r.target, r.buffer, r.control))
    expected = (ta - tb * k) - (ca - cb * k) + (ba - bb * k) - (ca - cb * k)
    assert r.wdd.test.total == pytest.approx(expected)


def test_controlled_time_series_is_not_fitted_on_16_months(rows, target):
    r = _evaluate(rows, target, "same-size")
    assert r.cits is None
    assert "have 16" in r.cits_reason
    assert "the data start in 2024-01" in r.cits_reason
