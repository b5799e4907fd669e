"""The retention policy's pure core: what is due, and when, as of a day."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearhold.retention.policy import (
    RULES,
    Disposal,
    Holding,
    PolicyError,
    anniversary,
    decide,
    parse_day,
    rules_with,
)

days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))
years = st.integers(min_value=1, max_value=100)
deleting = [r for r in RULES if r.disposal != Disposal.KEEP]


def one(rule, counted_from, as_of):
    holding = Holding(record=rule.record, pk=1, problem_id=1, counted_from=counted_from)
    return decide([rule], [holding], as_of)[0]


@given(counted_from=days, n=years, as_of=days, index=st.integers(0, len(deleting) - 1))
def test_due_exactly_when_the_period_has_passed(counted_from, n, as_of, index):
    rule = rules_with({deleting[index].record: n})[RULES.index(deleting[index])]
    decision = one(rule, counted_from, as_of)
    assert decision.due == (as_of >= anniversary(counted_from, n))
    if decision.due:
        assert (as_of - counted_from).days >= 365 * n
    else:
        assert (as_of - counted_from).days < 366 * n + 1


@given(counted_from=days, as_of=days, later=st.integers(0, 5000))
def test_once_due_always_due(counted_from, as_of, later):
    rule = deleting[0]
    if one(rule, counted_from, as_of).due:
        assert one(rule, counted_from, as_of + dt.timedelta(days=later)).due


@given(as_of=days)
def test_nothing_is_due_while_its_clock_has_not_started(as_of):
    for rule in RULES:
        assert not one(rule, None, as_of).due


@given(counted_from=days, as_of=days)
def test_the_audit_log_is_never_due(counted_from, as_of):
    kept = [r for r in RULES if r.disposal == Disposal.KEEP]
    assert [r.record for r in kept] == ["audit.auditentry"]
    assert not one(kept[0], counted_from, as_of).due


@given(day=days, n=years)
def test_anniversary_is_the_corresponding_date(day, n):
    later = anniversary(day, n)
    assert later.year == day.year + n
    assert (later.month, later.day) == (day.month, day.day) or (day.month, day.day) == (2, 29)


def test_29_february_runs_to_28_february_in_a_common_year():
    assert anniversary(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    assert anniversary(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 29)


def test_a_holding_without_a_rule_is_an_error():
    with pytest.raises(PolicyError, match=r"No retention rule for 'nowhere\.thing'"):
        decide(RULES, [Holding("nowhere.thing", 1, 1, dt.date(2020, 1, 1))], dt.date(2030, 1, 1))


def test_every_rule_says_what_it_holds_how_long_and_why():
    for rule in RULES:
        assert all((rule.title, rule.holds, rule.basis, rule.counted_from)), rule
        assert (rule.years is None) == (rule.disposal == Disposal.KEEP)


def test_a_council_sets_its_own_periods():
    rules = rules_with({"problems.vulnerableperson": 3})
    changed = {r.record: r for r in rules}["problems.vulnerableperson"]
    assert (changed.years, changed.source) == (3, "your settings")
    assert {r.record: r.years for r in rules}["powers.person"] == 6


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ({"powers.persons": 6}, "names powers.persons, which ClearHold does not keep"),
        ({"audit.auditentry": 6}, "always kept"),
        ({"powers.person": 0}, "whole number of years from 1 to 100, not 0"),
        ({"powers.person": "6"}, "not '6'"),
        ({"powers.person": True}, "not True"),
        ({"powers.person": 6.5}, "not 6.5"),
    ],
)
def test_bad_settings_are_refused_naming_the_setting(setting, message):
    with pytest.raises(PolicyError, match="CLEARHOLD_RETENTION_YEARS") as refused:
        rules_with(setting)
    assert message in str(refused.value)


@given(day=days)
def test_dates_round_trip(day):
    assert parse_day(day.isoformat()) == day


@pytest.mark.parametrize("text", ["2025-02-30", "2025-13-01", "tomorrow", "2025-1-1", "20250101"])
def test_impossible_dates_are_refused(text):
    with pytest.raises(
        PolicyError, match=f"--as-of must be a real date written YYYY-MM-DD, not '{text}'"
    ):
        parse_day(text)


def test_the_policy_never_imports_django():
    code = (
        "import sys\n"
        "import clearhold.retention.policy\n"
        "assert not [k for k in sys.modules if k.startswith('django')]\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
