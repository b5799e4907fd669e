"""Repeat places, premises league, concentration curve and Gini."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearhold.analysis.repeats import (
    concentration,
    concentration_curve,
    gini,
    place_counts,
    premises_league,
    repeat_places,
    top_share,
)


def test_place_counts_sorts_by_count_then_key_and_drops_missing_keys():
    keys = np.array(["b", None, "a", "c", "b", "", "a", float("nan"), "c", "d"], dtype=object)
    pc = place_counts(keys)
    assert pc.keys.tolist() == ["a", "b", "c", "d"]
    assert pc.counts.tolist() == [2, 2, 2, 1]
    assert len(pc) == 4


def test_place_counts_on_integer_and_float_keys():
    assert place_counts(np.array([5, 3, 5, 5, 3, 9])).keys.tolist() == [5, 3, 9]
    assert place_counts(np.array([1.0, np.nan, 1.0])).counts.tolist() == [2]


def test_repeat_places_keeps_two_or_more():
    rp = repeat_places(np.array([7, 7, 3, 9, 9, 9, 4]))
    assert rp.keys.tolist() == [9, 7]
    assert rp.counts.tolist() == [3, 2]
    assert repeat_places(np.array([7, 7, 9, 9, 9]), min_count=3).keys.tolist() == [9]


# Check values from the lorenzgini R package (Bernasco & Steenbeek), whose standard Gini is
# DescTools::Gini(unbiased = FALSE).
@pytest.mark.parametrize(
    ("crimes", "standard", "generalised"),
    [
        ([10, 8, 2] + [0] * 7, 0.78, 0.78),
        ([5, 2, 1] + [0] * 7, 0.80, 0.75),
        ([10] + [0] * 9, 0.90, 0.90),
        ([10] + [0] * 99, 0.99, 0.90),  # 10 crimes over 100 places
    ],
)
def test_gini_matches_lorenzgini(crimes, standard, generalised):
    x = np.array(crimes)
    n_places = x.size
    assert gini(x, n_places) == pytest.approx(standard, abs=1e-12)
    assert gini(x, n_places, generalised=True) == pytest.approx(generalised, abs=1e-12)


def test_gini_limits():
    assert gini(np.full(25, 4)) == 0.0
    assert gini(np.array([30]), n_places=8) == pytest.approx(7 / 8)  # (n - 1)/n
    assert gini(np.array([30, 0, 0])) == 0.0  # active places only: one place, no inequality
    assert np.isnan(gini(np.zeros(4), n_places=4))
    with pytest.raises(ValueError, match="fewer than"):
        gini(np.array([1, 1, 1]), n_places=2)


@settings(max_examples=100, deadline=None)
@given(
    x=st.lists(st.integers(0, 1_000), min_size=1, max_size=60).filter(lambda v: sum(v) > 0),
    c=st.integers(1, 50),
    extra=st.integers(0, 100),
)
def test_gini_properties(x, c, extra):
    a = np.array(x)
    g = gini(a)
    assert 0 <= g < 1
    assert gini(a * c) == pytest.approx(g, abs=1e-12)  # scale-free
    assert gini(np.random.default_rng(0).permutation(a)) == pytest.approx(g, abs=1e-12)
    n_places = int(np.count_nonzero(a)) + extra
    assert gini(a, n_places) >= g - 1e-12  # zeros only add inequality
    assert gini(a, n_places, generalised=True) <= gini(a, n_places) + 1e-12


def test_gini_equals_twice_the_area_between_the_curve_and_the_diagonal():
    x = np.array([9, 4, 4, 2, 1, 1, 1, 0, 0, 0])
    px, py = concentration_curve(x, n_places=10)
    area = np.sum((px[1:] - px[:-1]) * (py[1:] + py[:-1]) / 2)  # trapezium rule, exact here
    assert gini(x, 10) == pytest.approx(2 * (area - 0.5))


def test_concentration_curve_and_top_share():
    px, py = concentration_curve(np.array([1, 6, 2, 1]))
    assert px.tolist() == [0, 0.25, 0.5, 0.75, 1]
    assert py.tolist() == [0, 0.6, 0.8, 0.9, 1.0]
    assert top_share(np.array([1, 6, 2, 1]), 0.25) == pytest.approx(0.6)
    assert top_share(np.array([1, 6, 2, 1]), 0.125) == pytest.approx(0.3)  # half the top place
    assert top_share(np.array([6, 2]), 0.5, n_places=4) == pytest.approx(1.0)


def test_concentration_summary_with_and_without_all_places():
    x = np.array([50] + [5] * 10 + [1] * 89)  # 100 active places, 189 incidents
    c = concentration(x, n_places=1_000)
    assert c.n_places_active == 100
    assert c.n_incidents == 189
    assert c.top_shares[0.01] == pytest.approx(50 / 189)
    assert c.top_shares[0.10] == pytest.approx((50 + 9 * 5) / 189)
    assert c.top_shares_all[0.10] == pytest.approx(1.0)  # 100 busiest of 1,000 hold all
    assert c.gini_all > c.gini_active
    assert c.gini_generalised == pytest.approx(1 - (1_000 / 189) * (1 - c.gini_all))
    assert concentration(x).gini_all is None


def test_premises_league_ranks_ties_together():
    keys = np.array(["u3", "u1", "u2", "u1", "u2", "u4", "u1", None], dtype=object)
    labels = np.array(["3 Rd", "1 Rd", "2 Rd", "1 Rd (alt)", "2 Rd", "4 Rd", "1 Rd", "?"])
    rows = premises_league(keys, labels, top=3)
    assert [(r.rank, r.key, r.label, r.count) for r in rows] == [
        (1, "u1", "1 Rd", 3),
        (2, "u2", "2 Rd", 2),
        (3, "u3", "3 Rd", 1),
    ]
    assert rows[0].share == pytest.approx(3 / 7)
    assert rows[2].cumulative_share == pytest.approx(6 / 7)
    all_rows = premises_league(keys, labels)
    assert [r.rank for r in all_rows] == [1, 2, 3, 3]
    assert type(premises_league(np.array([4, 4]), np.array(["a", "a"]))[0].key) is int
