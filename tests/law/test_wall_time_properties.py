"""Property tests of turning a typed UK wall time into an instant: never a silent guess.

A time in the hour repeated when the clocks go back names two instants and ``wall_time``
asks which; a time in the hour skipped when they go forward names none and is refused; every
other time names exactly one. Extensions added month by month clamp once (``extended_end``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearhold.law.clocks import (
    UK,
    AmbiguousTimeError,
    NonexistentTimeError,
    add_months,
    extended_end,
    instant,
    months_from,
    wall_time,
    wall_time_readings,
)

walls = st.datetimes(min_value=datetime(2014, 1, 1), max_value=datetime(2040, 12, 31))
near_changes = st.builds(
    lambda year, month, minutes: datetime(year, month, 24) + timedelta(minutes=minutes),
    st.integers(2014, 2040),
    st.sampled_from([3, 10]),
    st.integers(0, 8 * 24 * 60),
)
any_wall = st.one_of(walls, near_changes)
instants = st.datetimes(
    min_value=datetime(2014, 1, 1), max_value=datetime(2040, 12, 31), timezones=st.just(UTC)
)


def _last_sunday(year: int, month: int) -> date:
    day = date(year, month, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


def _in_repeated_hour(wall: datetime) -> bool:
    return wall.date() == _last_sunday(wall.year, 10) and wall.hour == 1


def _in_skipped_hour(wall: datetime) -> bool:
    return wall.date() == _last_sunday(wall.year, 3) and wall.hour == 1


@given(any_wall)
def test_each_reading_shows_the_wall_time_typed_and_they_are_an_hour_apart(wall):
    readings = wall_time_readings(wall)
    for reading in readings:
        assert reading.replace(tzinfo=None, fold=0) == wall
    if len(readings) == 2:
        first, second = readings
        assert instant(second) - instant(first) == timedelta(hours=1)
        assert (first.utcoffset(), second.utcoffset()) == (timedelta(hours=1), timedelta(0))


@given(any_wall)
def test_two_readings_exactly_in_the_repeated_hour_none_in_the_skipped_hour(wall):
    expected = 2 if _in_repeated_hour(wall) else 0 if _in_skipped_hour(wall) else 1
    assert len(wall_time_readings(wall)) == expected


@given(any_wall)
def test_wall_time_asks_instead_of_guessing(wall):
    readings = wall_time_readings(wall)
    if len(readings) == 2:
        with pytest.raises(AmbiguousTimeError) as asked:
            wall_time(wall)
        assert asked.value.readings == readings
        assert "UTC+01:00" in str(asked.value)
        assert "UTC+00:00" in str(asked.value)
        assert [instant(wall_time(wall, which=i)) for i in (0, 1)] == [instant(r) for r in readings]
    elif not readings:
        with pytest.raises(NonexistentTimeError):
            wall_time(wall)
    else:
        assert instant(wall_time(wall)) == instant(readings[0])


@given(instants)
def test_every_real_instant_is_one_of_the_readings_of_its_own_wall_time(moment):
    local = moment.astimezone(UK)
    readings = wall_time_readings(local.replace(tzinfo=None, fold=0))
    assert moment in [instant(r) for r in readings]


days = st.dates(min_value=date(2014, 10, 20), max_value=date(2040, 12, 31))


@given(days, st.integers(1, 3), st.lists(st.integers(1, 3), max_size=3))
def test_extensions_clamp_once_from_the_order_start(start, months, extensions):
    end = add_months(start, months)
    total = months
    for more in extensions:
        end = extended_end(start, end, more)
        total += more
        assert end == add_months(start, total)
        assert months_from(start, end) == total
