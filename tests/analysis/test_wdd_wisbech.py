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
    AFTER,
    BEFORE,
    BUFFER_M,
    CATEGORIES,
    FENLAND_DIR,
    INTERVENTION,
    POLICEUK_CRIME_TYPES,
    fenland_paths,
    load_geojson_target,
    read_rows,
)

pytestmark = pytest.mark.skipif(
    not fenland_paths(), reason=f"the committed Fenland police.uk files are absent: {FENLAND_DIR}"
)


@pytest.fixture(scope="module")
def rows():
    return read_rows(FENLAND_DIR)


@pytest.fixture(scope="module")
def target():
    return load_geojson_target()


def _evaluate(rows, target, wdd_control, pool=5):
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
        wdd_pool=pool,
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


def test_pooled_same_size_controls_and_wdd_match_a_point_by_point_recount(rows, target):
    r = _evaluate(rows, target, "same-size")
    w = r.wdd
    assert w.kind == "same-size"
    assert len(w.positions) == 5
    site_zone = target.buffer(BUFFER_M)
    zones, recounted = [], []
    for place in w.positions:
        dx, dy = place["offset_m"]
        assert math.hypot(dx, dy) <= 3000
        moved = affinity.translate(target, dx, dy)
        zone = moved.buffer(BUFFER_M)
        assert not zone.intersects(site_zone)
        assert not any(zone.intersects(z) for z in zones)
        zones.append(zone)
        counted = (*_count(rows, moved), *_count(rows, None, ring=(moved, BUFFER_M)))
        keys = ("before", "after", "buffer_before", "buffer_after")
        assert tuple(place[k] for k in keys) == counted
        recounted.append(counted)
    cb, ca, cbb, cba = (sum(c[i] for c in recounted) / 5 for i in range(4))
    tb, ta = _count(rows, target)
    bb, ba = _count(rows, None, ring=(target, BUFFER_M))
    assert w.counts["control_before"] == pytest.approx(cb)
    assert w.counts["control_buffer_after"] == pytest.approx(cba)
    k = 7 / 12  # before counts scaled to the 7-month after window
    local = (ta - tb * k) - (ca - cb * k)
    disp = (ba - bb * k) - (cba - cbb * k)
    var = ta + ba + (tb + bb) * k**2 + (ca + cba + (cb + cbb) * k**2) / 5
    assert w.test.total == pytest.approx(local + disp)
    assert w.test.se == pytest.approx(math.sqrt(var))
    # Nearest the site's before count first: one position holds exactly its 19.
    assert w.positions[0]["before"] == tb
    befores = [p["before"] for p in w.positions]
    assert [abs(b - tb) for b in befores] == sorted(abs(b - tb) for b in befores)


def test_one_matched_spot_fell_most_and_the_pool_softens_the_verdict(rows, target):
    # The single spot with the site's 19 before fell to 2 (regression to the mean of a spot
    # picked for its count): against it alone the site "did significantly worse"; against the
    # pool of five the difference is smaller and its interval holds 0.
    one = _evaluate(rows, target, "same-size", pool=1).wdd
    pool = _evaluate(rows, target, "same-size").wdd
    assert (one.counts["control_before"], one.counts["control_after"]) == (19, 2)
    assert one.test.p_value < 0.05 < pool.test.p_value
    assert pool.test.ci95[0] < 0 < pool.test.ci95[1]
    assert pool.test.total < one.test.total


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
