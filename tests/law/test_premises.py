"""The Leeds v Persons Unknown check: premises must be a distinct, identifiable property."""

from __future__ import annotations

import pytest

from clearhold.law.premises import Premises, check_premises


def codes(findings):
    return [(f.code, f.severity) for f in findings]


@pytest.mark.parametrize(
    "premises",
    [
        Premises("Flat 4, Example Court, Bishop's Stortford", "dwelling"),
        Premises("Communal areas of Example House, Colindale", "communal_areas"),
        Premises("Open space behind Example Retirement Court, fenced on all sides", "land"),
    ],
)
def test_distinct_properties_pass(premises):
    assert check_premises(premises) == []


def test_an_area_is_blocked():
    assert codes(check_premises(Premises("The Example estate", "area"))) == [("PR-01", "block")]


def test_area_words_in_a_description_warn():
    findings = check_premises(Premises("Car park and surrounding streets", "land"))
    assert codes(findings) == [("PR-01", "warn")]


def test_land_without_a_boundary_and_a_huge_footprint_warn():
    findings = check_premises(
        Premises("Land at Example Lane", "land", boundary_defined=False, footprint_m2=120_000)
    )
    assert codes(findings) == [("PR-02", "warn"), ("PR-03", "warn")]


def test_missing_description_is_blocked_under_s76_5_a():
    findings = check_premises(Premises("  ", "building"))
    assert [f.section for f in findings] == ["s.76(5)(a)"]


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="Unknown kind"):
        check_premises(Premises("Somewhere", "castle"))
