"""Property-based tests of the clocks: monotonic, never shorter than the statute, exact."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import example, given
from hypothesis import strategies as st

from clearhold.law.clocks import (
    UK,
    add_months,
    christmas_day,
    end_of_day,
    hours_after,
    instant,
    last_day_within_days,
    last_day_within_months,
    start_of_day,
)

any_time = st.datetimes(
    min_value=datetime(2014, 10, 20),
    max_value=datetime(2040, 12, 31),
    timezones=st.just(UK),
    allow_imaginary=False,
)
near_christmas = st.builds(
    lambda year, minutes: (
        datetime(year, 12, 20, tzinfo=UK).astimezone(UTC) + timedelta(minutes=minutes)
    ).astimezone(UK),
    st.integers(2014, 2040),
    st.integers(0, 12 * 24 * 60),
)
near_dst = st.builds(
    lambda year, month, minutes: (
        datetime(year, month, 24, tzinfo=UK).astimezone(UTC) + timedelta(minutes=minutes)
    ).astimezone(UK),
    st.integers(2014, 2040),
    st.sampled_from([3, 10]),
    st.integers(0, 10 * 24 * 60),
)
starts = st.one_of(any_time, near_christmas, near_dst)
hours = st.integers(0, 500)
days = st.dates(min_value=date(2014, 10, 20), max_value=date(2040, 12, 31))


def christmas_overlap(a: datetime, b: datetime) -> timedelta:
    """Time inside any 25 December (UK) within [a, b)."""
    total = timedelta(0)
    for year in range(a.astimezone(UK).year, b.astimezone(UK).year + 1):
        lo, hi = (instant(t) for t in christmas_day(year))
        total += max(timedelta(0), min(instant(b), hi) - max(instant(a), lo))
    return total


@given(starts, hours)
def test_plain_clock_is_start_plus_real_hours(start, n):
    end = hours_after(start, n, disregard_christmas=False)
    assert instant(end) - instant(start) == timedelta(hours=n)
    assert end.tzinfo is UK


@given(starts, hours)
def test_christmas_clock_counts_exactly_n_non_christmas_hours(start, n):
    end = hours_after(start, n, disregard_christmas=True)
    elapsed = instant(end) - instant(start)
    assert elapsed - christmas_overlap(start, end) == timedelta(hours=n)


@given(starts, hours)
def test_christmas_clock_never_ends_earlier_and_at_most_a_day_later(start, n):
    plain = instant(hours_after(start, n, disregard_christmas=False))
    xmas = instant(hours_after(start, n, disregard_christmas=True))
    assert plain <= xmas <= plain + timedelta(hours=24)


@given(starts, hours)
# The instant after the end is taken in UTC: a wall-clock microsecond after 00:59:59.999999 on
# the night the clocks go forward is 01:00, a time that did not happen in the UK.
@example(datetime(2015, 3, 29, 0, 59, 59, 999999, tzinfo=UK), 0)
def test_clocks_agree_when_christmas_is_not_in_the_range(start, n):
    plain = hours_after(start, n, disregard_christmas=False)
    just_after = (instant(plain) + timedelta(microseconds=1)).astimezone(UK)
    if christmas_overlap(start, plain) == timedelta(0) and not (
        christmas_overlap(start, just_after)
    ):
        assert hours_after(start, n, disregard_christmas=True) == plain


@given(starts, starts, hours, st.booleans())
def test_hour_clocks_are_monotonic_in_start(a, b, n, xmas):
    a, b = sorted((a, b), key=instant)
    assert instant(hours_after(a, n, disregard_christmas=xmas)) <= instant(
        hours_after(b, n, disregard_christmas=xmas)
    )


@given(starts, hours, hours, st.booleans())
def test_hour_clocks_are_monotonic_in_hours(start, m, n, xmas):
    m, n = sorted((m, n))
    assert instant(hours_after(start, m, disregard_christmas=xmas)) <= instant(
        hours_after(start, n, disregard_christmas=xmas)
    )


@given(days, st.integers(1, 400))
def test_within_n_days_ends_at_the_end_of_day_x_plus_n_minus_1(first, n):
    last = last_day_within_days(first, n)
    assert last == first + timedelta(days=n - 1)
    end = end_of_day(last)
    assert end == start_of_day(first + timedelta(days=n))
    assert (end.hour, end.minute, end.second, end.microsecond) == (0, 0, 0, 0)
    assert end.astimezone(UK).date() == last + timedelta(days=1)


@given(days, st.integers(1, 24))
def test_within_n_months_ends_the_day_before_the_corresponding_date_or_at_month_end(first, n):
    last = last_day_within_months(first, n)
    corresponding = add_months(first, n)
    if corresponding.day == first.day:
        assert last == corresponding - timedelta(days=1)
    else:  # no corresponding date: the period runs to the end of that month
        assert last == corresponding
        assert (last + timedelta(days=1)).day == 1


@given(days, days, st.integers(1, 24))
def test_within_n_months_is_monotonic_in_the_first_day(a, b, n):
    a, b = sorted((a, b))
    assert last_day_within_months(a, n) <= last_day_within_months(b, n)


@given(days, st.integers(0, 48))
def test_add_months_lands_in_the_right_month_and_never_past_the_day(start, n):
    end = add_months(start, n)
    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == n
    assert end.day <= start.day
    assert end.day == start.day or (end + timedelta(days=1)).day == 1


@given(days, st.integers(0, 12), st.integers(0, 12))
def test_adding_months_in_steps_never_overshoots_adding_them_at_once(start, m, n):
    assert add_months(add_months(start, m), n) <= add_months(start, m + n)
