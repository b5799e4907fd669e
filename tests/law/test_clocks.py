"""Clocks by hand: the worked examples of closure-powers.md and issue 7, DST and Christmas."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from clearhold.law.clocks import (
    UK,
    NaiveDatetimeError,
    NonexistentTimeError,
    add_months,
    end_of_day,
    hours_after,
    last_day_within_days,
    last_day_within_months,
    order_ends_at,
    order_ends_on,
    to_uk,
)


def uk(*args: int, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=UK, fold=fold)


# Hour clocks -----------------------------------------------------------------------------


def test_hearing_window_served_christmas_eve_morning_ends_27_december():
    # Issue 7: service at 10:00 on 24 December → hearing by 10:00 on 27 December.
    assert hours_after(uk(2025, 12, 24, 10), 48, disregard_christmas=True) == uk(2025, 12, 27, 10)


def test_without_the_christmas_rule_the_same_period_ends_26_december():
    assert hours_after(uk(2025, 12, 24, 10), 48, disregard_christmas=False) == uk(2025, 12, 26, 10)


def test_period_starting_on_christmas_day_counts_from_boxing_day():
    assert hours_after(uk(2025, 12, 25, 15), 48, disregard_christmas=True) == uk(2025, 12, 28, 0)


def test_period_ending_exactly_as_christmas_begins_is_not_extended():
    assert hours_after(uk(2025, 12, 24, 0), 24, disregard_christmas=True) == uk(2025, 12, 25, 0)


def test_period_straddling_christmas_is_extended_by_exactly_the_christmas_hours():
    assert hours_after(uk(2025, 12, 24, 12), 24, disregard_christmas=True) == uk(2025, 12, 26, 12)


def test_period_away_from_christmas_is_plain_elapsed_hours():
    start = uk(2025, 6, 10, 9, 15)
    assert hours_after(start, 48, disregard_christmas=True) == uk(2025, 6, 12, 9, 15)


def test_spring_forward_24_real_hours_end_an_hour_later_on_the_clock():
    # Clocks go forward at 01:00 GMT on Sunday 30 March 2025.
    end = hours_after(uk(2025, 3, 30, 0, 30), 24, disregard_christmas=False)
    assert end == uk(2025, 3, 31, 1, 30)
    # Same-zone subtraction in Python is wall-clock; elapsed time must be taken in UTC.
    assert end.astimezone(UTC) - uk(2025, 3, 30, 0, 30).astimezone(UTC) == timedelta(hours=24)


def test_spring_forward_served_just_before_the_gap():
    # 00:59 GMT + 1 real hour is 02:59 BST: 01:00–01:59 never happen that night.
    assert hours_after(uk(2025, 3, 30, 0, 59), 1, disregard_christmas=False) == uk(
        2025, 3, 30, 2, 59
    )


def test_fall_back_24_real_hours_end_an_hour_earlier_on_the_clock():
    # Clocks go back at 02:00 BST on Sunday 26 October 2025.
    end = hours_after(uk(2025, 10, 26, 0, 30), 24, disregard_christmas=False)
    assert end == uk(2025, 10, 26, 23, 30)
    assert end.utcoffset() == timedelta(0)


def test_fall_back_the_repeated_hour_is_told_apart_by_fold():
    first = uk(2025, 10, 26, 1, 30, fold=0)  # BST
    second = uk(2025, 10, 26, 1, 30, fold=1)  # GMT, one real hour later
    assert hours_after(first, 1, disregard_christmas=False) == second
    assert hours_after(first, 24, disregard_christmas=False) == uk(2025, 10, 27, 0, 30)
    assert hours_after(second, 24, disregard_christmas=False) == uk(2025, 10, 27, 1, 30)


def test_time_skipped_by_spring_forward_is_refused():
    # 01:30 on the last Sunday of March does not exist in UK time.
    with pytest.raises(NonexistentTimeError, match="does not exist"):
        hours_after(uk(2025, 3, 30, 1, 30), 24, disregard_christmas=False)


def test_naive_datetime_is_refused_with_a_clear_error():
    with pytest.raises(NaiveDatetimeError, match="no time zone"):
        hours_after(datetime(2025, 12, 24, 10), 48, disregard_christmas=True)


def test_other_time_zones_are_accepted_and_answered_in_uk_time():
    start = datetime(2025, 12, 24, 10, tzinfo=UTC)
    end = hours_after(start, 48, disregard_christmas=True)
    assert end == uk(2025, 12, 27, 10)
    assert end.tzinfo is UK
    paris = datetime(2025, 7, 1, 12, tzinfo=ZoneInfo("Europe/Paris"))
    assert to_uk(paris) == uk(2025, 7, 1, 11)


def test_negative_hours_are_refused():
    with pytest.raises(ValueError, match="negative"):
        hours_after(uk(2025, 1, 1), -1, disregard_christmas=False)


# "Within N days / months beginning with X" -------------------------------------------------


def test_21_days_beginning_with_the_decision_end_at_the_end_of_day_x_plus_20():
    assert last_day_within_days(date(2025, 5, 7), 21) == date(2025, 5, 27)
    assert end_of_day(date(2025, 5, 27)) == uk(2025, 5, 28, 0)


def test_three_months_beginning_with_7_may_end_at_the_end_of_6_august():
    assert last_day_within_months(date(2025, 5, 7), 3) == date(2025, 8, 6)


def test_months_beginning_with_a_day_the_end_month_lacks_run_to_the_month_end():
    assert last_day_within_months(date(2024, 11, 30), 3) == date(2025, 2, 28)
    assert last_day_within_months(date(2023, 11, 30), 3) == date(2024, 2, 29)
    assert last_day_within_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert last_day_within_months(date(2025, 2, 28), 1) == date(2025, 3, 27)


def test_end_of_day_is_midnight_uk_time_on_both_sides_of_the_clock_changes():
    assert end_of_day(date(2025, 3, 29)) == datetime(2025, 3, 30, 0, tzinfo=UTC)
    assert end_of_day(date(2025, 7, 1)) == datetime(2025, 7, 1, 23, tzinfo=UTC)


def test_day_clocks_refuse_datetimes_so_a_time_is_never_silently_dropped():
    with pytest.raises(TypeError, match="uk_date"):
        last_day_within_days(uk(2025, 5, 7, 10), 21)


# Calendar months for orders --------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2025, 5, 7), 3, date(2025, 8, 7)),  # Wisbech
        (date(2025, 8, 7), 3, date(2025, 11, 7)),  # Wisbech extension
        (date(2024, 11, 30), 3, date(2025, 2, 28)),
        (date(2023, 11, 30), 3, date(2024, 2, 29)),  # leap year
        (date(2024, 8, 31), 6, date(2025, 2, 28)),
        (date(2023, 8, 31), 6, date(2024, 2, 29)),  # leap year
        (date(2025, 10, 31), 3, date(2026, 1, 31)),  # across the year end
        (date(2025, 3, 31), 3, date(2025, 6, 30)),
    ],
)
def test_calendar_month_order_terms(start, months, end):
    assert add_months(start, months) == end
    assert order_ends_on(start, months) == end


def test_order_ends_at_the_same_uk_time_on_the_corresponding_date_across_dst():
    made = uk(2025, 5, 7, 14, 30)
    assert order_ends_at(made, 3) == uk(2025, 8, 7, 14, 30)
    winter = order_ends_at(uk(2025, 9, 1, 10), 3)
    assert winter == uk(2025, 12, 1, 10)
    assert winter.utcoffset() == timedelta(0)


def test_order_ending_in_the_spring_gap_moves_to_the_real_instant():
    assert order_ends_at(uk(2024, 12, 30, 1, 30), 3) == uk(2025, 3, 30, 2, 30)
