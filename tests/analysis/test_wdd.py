"""The Weighted Displacement Difference test: the published check values by the default call,
the same-size control search, and the test inside evaluate() with its warnings."""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely
from hypothesis import given
from hypothesis import strategies as st

from clearhold.analysis import displacement
from clearhold.analysis.evaluate import EvaluationInputError, evaluate
from clearhold.analysis.wdd import (
    offset_words,
    same_size_control,
    same_size_controls,
    weighted_displacement_difference,
)

from .evaluate_fixtures import ASB, TARGET, TAXONOMY, Incidents, build, join, month_range, standard

counts = st.integers(min_value=0, max_value=5000)


def test_published_check_values_by_the_default_call():
    # analytics.md / ptools tests: control 308→318, treated 207→110, displacement control
    # 150→140, displacement zone 178→157. Nothing but the eight counts is passed.
    w = weighted_displacement_difference(
        tb=207, ta=110, cb=308, ca=318, bb=178, ba=157, cbb=150, cba=140
    )
    assert (w.local, w.displacement, w.total) == (-107, -11, -118)
    assert w.se == pytest.approx(math.sqrt(1568))
    assert round(w.z, 2) == -2.98
    assert round(w.ci95[0]) == -196
    assert round(w.ci95[1]) == -40
    assert w.p_value == pytest.approx(2 * (1 - 0.5 * (1 + math.erf(abs(w.z) / math.sqrt(2)))))


def test_a_pooled_control_divides_the_controls_variance_by_the_number_of_areas():
    # Mean of 5 areas: control 300 → 320 (means). The site's four variances stay, the
    # control's four are divided by 5; the estimate is unchanged.
    one = weighted_displacement_difference(
        tb=207, ta=110, cb=300, ca=320, bb=178, ba=157, cbb=150, cba=140
    )
    five = weighted_displacement_difference(
        tb=207, ta=110, cb=300, ca=320, bb=178, ba=157, cbb=150, cba=140, control_areas=5
    )
    assert five.total == one.total
    assert five.se == pytest.approx(math.sqrt(207 + 110 + 178 + 157 + (300 + 320 + 150 + 140) / 5))
    assert five.se < one.se


def test_without_a_buffer_there_is_no_displacement_part():
    # ptools: wdd(c(20,20), c(20,10)) → local −10, SE √70 (the displacement defaults are 0).
    w = weighted_displacement_difference(tb=20, ta=10, cb=20, ca=20)
    assert (w.local, w.displacement, w.total) == (-10, 0, -10)
    assert w.se == pytest.approx(math.sqrt(70))


def test_the_other_ptools_checks():
    # wdd(c(20,20), c(20,20), c(20,20), c(20,10)) → displacement −10;
    # wdd(c(20,20), c(20,10), c(20,20), c(20,10)) → total −20.
    d = weighted_displacement_difference(tb=20, ta=20, cb=20, ca=20, cbb=20, cba=20, bb=20, ba=10)
    assert d.displacement == -10
    t = weighted_displacement_difference(tb=20, ta=10, cb=20, ca=20, cbb=20, cba=20, bb=20, ba=10)
    assert t.total == -20
    assert t.se == pytest.approx(math.sqrt(140))


def test_with_a_buffer_and_one_control_the_control_serves_both():
    one = weighted_displacement_difference(tb=50, ta=30, cb=40, ca=44, bb=60, ba=66)
    both = weighted_displacement_difference(
        tb=50, ta=30, cb=40, ca=44, bb=60, ba=66, cbb=40, cba=44
    )
    assert one == both
    assert one.displacement == pytest.approx((66 - 60) - (44 - 40))


def test_unequal_windows_scale_the_before_counts():
    # 24 before over 12 months and 6 after over 6 months: per after-window, before = 12.
    w = weighted_displacement_difference(tb=24, ta=6, cb=24, ca=12, t_before=2.0)
    assert w.local == pytest.approx((6 - 12) - (12 - 12))
    assert w.se == pytest.approx(math.sqrt(6 + 12 + (24 + 24) / 4))


def test_old_import_path_still_works():
    assert displacement.weighted_displacement_difference is weighted_displacement_difference


@given(counts, counts, counts, counts)
def test_swapping_site_and_control_negates_the_local_estimate(tb, ta, cb, ca):
    a = weighted_displacement_difference(tb=tb, ta=ta, cb=cb, ca=ca)
    b = weighted_displacement_difference(tb=cb, ta=ca, cb=tb, ca=ta)
    assert a.local == -b.local
    assert a.se == b.se
    if a.se > 0:
        assert a.ci95[0] <= a.total <= a.ci95[1]


def test_offset_words():
    assert offset_words(0, 733) == "730 m north"
    assert offset_words(1000, 0) == "1000 m east"
    assert offset_words(-500, -500) == "710 m south-west"
    assert offset_words(-300, 310) == "430 m north-west"


def _cluster(x: float, y: float, n: int) -> tuple[np.ndarray, np.ndarray]:
    return np.full(n, x), np.full(n, y)


def test_same_size_control_picks_the_nearest_clear_position_with_the_closest_count():
    site = shapely.box(0, 0, 100, 100)
    # 30 incidents at 1,050 m east, 30 at 2,050 m north, 29 at 400 m west (inside no-go for
    # a 350 m buffer, so it must be skipped), and 12 at 600 m south.
    parts = [
        _cluster(1_100, 50, 30),
        _cluster(50, 2_100, 30),
        _cluster(-350, 50, 29),
        _cluster(50, -650, 12),
    ]
    x = np.concatenate([p[0] for p in parts]) + 0.5
    y = np.concatenate([p[1] for p in parts]) + 0.5
    found = same_size_control(site, 350.0, x, y, target_before=30, step_m=50)
    assert found is not None
    assert found.before == 30
    moved = found.target
    assert not moved.buffer(350).intersects(site.buffer(350))
    assert found.distance_m <= 3000
    # Of the two positions holding 30, the nearer one (east) wins.
    assert found.dx > 500
    assert abs(found.dy) < 100
    assert "east" in found.description
    # On the 50 m grid each cluster lies in the moved square for dx (or dy) in {1050, 1100}
    # and the other offset in {0, 50}: four positions per cluster, eight in all.
    assert found.equally_close == 8
    assert "the nearest of 8 positions with 30 before" in found.description
    assert shapely.intersects_xy(moved, x, y).sum() == 30


def test_no_same_size_control_when_no_position_clears_the_buffer():
    site = shapely.box(0, 0, 100, 100)
    assert (
        same_size_control(site, 2_000.0, np.array([50.0]), np.array([50.0]), target_before=1)
        is None
    )


def _run(incidents: Incidents, **kw):
    args = {
        "target": TARGET,
        "intervention": "2025-01-01",
        "categories": [ASB],
        "valid_categories": TAXONOMY,
    }
    return evaluate(**incidents.kwargs(), **(args | kw))


def _twin(first: str, last: str, before: int, after: int) -> Incidents:
    """Incidents 1 km east of the target: ``before`` a month in 2024, ``after`` in 2025."""
    cells = {("target", m): (before if m < "2025-01" else after) for m in month_range(first, last)}
    twin = build(cells)
    return Incidents(twin.easting + 1_000, twin.northing, twin.month, twin.category, twin.date)


#: Five same-size spots clear of the site, its 250 m buffer and each other: (offset, monthly
#: count before 2025, after).
TWINS = (
    ((1_000, 0), 10, 8),
    ((-1_000, 0), 11, 9),
    ((0, -1_000), 9, 5),
    ((0, 1_500), 10, 10),
    ((1_000, 1_000), 12, 6),
)


def _twins() -> Incidents:
    parts = [_twin("2023-01", "2025-12", b, a) for _, b, a in TWINS]
    return join(
        *(
            Incidents(p.easting - 1_000 + dx, p.northing + dy, p.month, p.category, p.date)
            for p, ((dx, dy), _, _) in zip(parts, TWINS, strict=True)
        )
    )


def test_evaluate_pools_five_same_size_controls_by_default():
    # Site 10 → 3 a month; five same-size spots run 10 → 8, 11 → 9, 9 → 5, 10 → 10, 12 → 6:
    # the WDD is counted against their mean, not against the large control 7 km away.
    data = join(standard(), _twins())
    r = _run(data)
    w = r.wdd
    assert w.kind == "same-size"
    assert sorted((p["before"], p["after"]) for p in w.positions) == sorted(
        (12 * b, 12 * a) for _, b, a in TWINS
    )
    cb = sum(12 * b for _, b, _ in TWINS) / 5
    ca = sum(12 * a for _, _, a in TWINS) / 5
    assert (w.counts["control_before"], w.counts["control_after"]) == pytest.approx((cb, ca))
    assert w.test.local == pytest.approx((36 - 120) - (ca - cb))
    (tb, ta), (bb, ba) = (r.target.before, r.target.after), (r.buffer.before, r.buffer.after)
    assert w.test.se == pytest.approx(math.sqrt(tb + ta + bb + ba + (cb + ca) / 5))
    # Nearest in before count first (two of 120), then the nearer to the site on a tie.
    assert [p["before"] for p in w.positions] == [120, 120, 132, 108, 144]
    assert w.positions[0]["distance_m"] <= w.positions[1]["distance_m"]
    assert w.control.startswith("5 same-size areas within 3 km, before 108–144, after 60–120")
    out = r.to_dict()["wdd"]
    assert out["estimate"] == pytest.approx(w.test.total)
    assert out["control_kind"] == "same-size"
    assert [a["offset_m"] for a in out["control_areas"]] == [p["offset_m"] for p in w.positions]
    assert "wdd_control_large" not in [x.code for x in r.warnings]


def test_a_pool_of_one_is_the_single_nearest_spot():
    data = join(standard(), _twin("2023-01", "2025-12", 10, 8))
    w = _run(data, wdd_pool=1).wdd
    assert (w.counts["control_before"], w.counts["control_after"]) == (120, 96)
    assert w.test.local == pytest.approx((36 - 120) - (96 - 120))
    assert " m east (" in w.control
    assert 950 <= math.hypot(*w.offset_m) <= 1050


def test_pooled_positions_are_clear_of_each_other_and_nearest_in_count():
    site = shapely.box(0, 0, 100, 100)
    rng = np.random.default_rng(7)
    x, y = rng.uniform(-3_000, 3_000, 4_000), rng.uniform(-3_000, 3_000, 4_000)
    found = same_size_controls(site, 200.0, x, y, target_before=12, k=5, step_m=50)
    assert len(found) == 5
    zones = [f.target.buffer(200) for f in found]
    for i, zone in enumerate(zones):
        assert not zone.intersects(site.buffer(200))
        assert all(not zone.intersects(other) for other in zones[i + 1 :])
        assert shapely.intersects_xy(found[i].target, x, y).sum() == found[i].before
    gaps = [abs(f.before - 12) for f in found]
    assert gaps == sorted(gaps)
    assert (
        found[0].before == same_size_control(site, 200.0, x, y, target_before=12, step_m=50).before
    )


def test_the_users_control_is_warned_about_when_far_larger():
    r = _run(standard(), wdd_control="control")
    assert r.wdd.kind == "control"
    assert (r.wdd.counts["control_before"], r.wdd.counts["control_after"]) == (1200, 1200)
    warning = next(x for x in r.warnings if x.code == "wdd_control_large")
    assert "1,200" in warning.message
    assert "120" in warning.message


def test_no_same_size_control_falls_back_and_says_so():
    r = _run(standard(), buffer_m=2_500)
    assert r.wdd.kind == "control"
    assert r.wdd.no_same_size
    assert "wdd_no_same_size_control" in [x.code for x in r.warnings]
    assert r.to_dict()["wdd"]["no_same_size_control"] is True


def test_unknown_wdd_control_is_refused():
    with pytest.raises(EvaluationInputError, match="same-size, control"):
        _run(standard(), wdd_control="district")
