"""The parameter table: every figure from closure-powers.md, and lookup by name and date."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from clearhold.law.parameters import (
    CHAPTER_3_IN_FORCE,
    PARAMETERS,
    Duration,
    ParameterError,
    parameter,
    parameter_names,
)

TODAY = date(2026, 7, 1)

EXPECTED = {
    "notice_max": (Duration(24, "hours"), "s.77(1)", True),
    "notice_max_senior": (Duration(48, "hours"), "s.77(2),(3)", True),
    "notice_extension_max": (Duration(24, "hours"), "s.77(4)", True),
    "notice_total_max": (Duration(48, "hours"), "s.77(2),(4)", True),
    "hearing_window": (Duration(48, "hours"), "s.80(3),(4)", True),
    "notice_continuation_max": (Duration(48, "hours"), "s.81(2)", True),
    "adjournment_max": (Duration(14, "days"), "s.81(3)", True),
    "order_max": (Duration(3, "months"), "s.80(6)", True),
    "order_extension_max": (Duration(3, "months"), "s.82(7)", True),
    "order_total_max": (Duration(6, "months"), "s.82(8)", True),
    "appeal_period": (Duration(21, "days"), "s.84(5)", True),
    "cost_recovery_period": (Duration(3, "months"), "s.88(3)", True),
    "compensation_period": (Duration(3, "months"), "s.90(3)", True),
    "possession_notice_period": (
        Duration(3, "months"),
        "Housing Act 1985 s.83ZA(7); Housing Act 1988 s.8(4F) (ACT ss.95, 97)",
        True,
    ),
    "possession_condition_closure_min": (
        Duration(48, "hours"),
        "Housing Act 1985 s.84A(6)(b); Housing Act 1988 Sch 2 Ground 7A (ACT ss.94, 97)",
        True,
    ),
    "notice_breach_max_imprisonment": (Duration(3, "months"), "s.86(1),(3),(4)", True),
    "order_breach_max_imprisonment": (Duration(6, "months"), "s.86(2),(5),(6)", False),
}


@pytest.mark.parametrize(("name", "expected"), EXPECTED.items())
def test_parameter_in_force_today_matches_the_specification(name, expected):
    value, section, verified = expected
    row = parameter(name, on=TODAY)
    assert (row.value, row.section, row.verified) == (value, section, verified)
    assert row.effective_from == CHAPTER_3_IN_FORCE
    assert row.effective_to is None
    assert row.source


def test_every_parameter_name_is_covered_by_the_expectations():
    assert set(parameter_names()) == set(EXPECTED)


def test_christmas_is_disregarded_only_where_the_act_says():
    disregarding = {row.name for row in PARAMETERS if row.disregard_christmas}
    assert disregarding == {"notice_max_senior", "hearing_window"}


def test_the_72_hour_hearing_window_is_recorded_but_not_in_force():
    rows = [row for row in PARAMETERS if row.name == "hearing_window"]
    future = [row for row in rows if row.value == Duration(72, "hours")]
    assert len(future) == 1
    assert future[0].effective_from is None
    assert not future[0].verified
    assert parameter("hearing_window", on=date(2099, 1, 1)).value == Duration(48, "hours")


def test_order_breach_51_weeks_is_not_in_force_until_commenced():
    assert parameter("order_breach_max_imprisonment", on=TODAY).value == Duration(6, "months")


def test_selecting_by_date_picks_the_row_in_force_on_that_date():
    current = parameter("hearing_window", on=TODAY)
    commenced = replace(
        current, value=Duration(72, "hours"), effective_from=date(2027, 4, 6), verified=False
    )
    superseded = replace(current, effective_to=date(2027, 4, 6))
    table = (*(r for r in PARAMETERS if r.name != "hearing_window"), superseded, commenced)

    assert parameter("hearing_window", on=date(2027, 4, 5), table=table).value.amount == 48
    assert parameter("hearing_window", on=date(2027, 4, 6), table=table).value.amount == 72
    assert parameter("hearing_window", on=date(2030, 1, 1), table=table).value.amount == 72


def test_a_later_row_wins_when_the_old_one_was_left_open_ended():
    current = parameter("hearing_window", on=TODAY)
    later = replace(current, value=Duration(72, "hours"), effective_from=date(2027, 1, 1))
    table = (current, later)
    assert parameter("hearing_window", on=date(2026, 12, 31), table=table).value.amount == 48
    assert parameter("hearing_window", on=date(2027, 1, 1), table=table).value.amount == 72


def test_unknown_name_is_a_clear_error():
    with pytest.raises(ParameterError, match="No legal parameter called 'hearing_windw'"):
        parameter("hearing_windw", on=TODAY)


def test_date_before_the_powers_began_is_a_clear_error():
    with pytest.raises(ParameterError, match="no row in force on 2014-10-19"):
        parameter("order_max", on=date(2014, 10, 19))
    assert parameter("order_max", on=date(2014, 10, 20)).value == Duration(3, "months")


def test_duration_reads_as_the_statute_writes_it():
    assert str(Duration(48, "hours")) == "48 hours"
    assert str(Duration(1, "months")) == "1 month"
