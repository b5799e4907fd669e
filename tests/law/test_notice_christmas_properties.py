"""Property tests of s.77(3) for closure notices: Christmas Day is disregarded only for the
period of 48 hours of s.77(2), never for an extended or shorter notice (the narrower reading,
because breaching a notice is an offence under s.86(1); docs/law-parameters.md)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from clearhold.law.clocks import UK, christmas_day, hours_after, instant
from clearhold.law.deadlines import christmas_disregarded_for_notice, notice_ends_at

near_christmas = st.builds(
    lambda year, minutes: (
        datetime(year, 12, 22, tzinfo=UK).astimezone(UTC) + timedelta(minutes=minutes)
    ).astimezone(UK),
    st.integers(2014, 2040),
    st.integers(0, 6 * 24 * 60),
)
notice_hours = st.integers(1, 24)
extension_hours = st.integers(1, 24)


def _elapsed(start: datetime, end: datetime) -> timedelta:
    return instant(end) - instant(start)


@given(near_christmas, notice_hours, extension_hours)
def test_an_extended_notice_lasts_exactly_its_hours(start, hours, extra):
    end = notice_ends_at(start, hours=hours, extension_hours=extra, senior_authority=False)
    assert _elapsed(start, end) == timedelta(hours=hours + extra)


@given(near_christmas, st.integers(1, 47))
def test_a_senior_notice_of_fewer_than_48_hours_lasts_exactly_its_hours(start, hours):
    end = notice_ends_at(start, hours=hours, senior_authority=True)
    assert _elapsed(start, end) == timedelta(hours=hours)


@given(near_christmas)
def test_a_48_hour_notice_skips_christmas_day_and_counts_48_other_hours(start):
    end = notice_ends_at(start, hours=48, senior_authority=True)
    lo, hi = (instant(t) for t in christmas_day(start.year))
    inside = max(timedelta(0), min(instant(end), hi) - max(instant(start), lo))
    assert _elapsed(start, end) - inside == timedelta(hours=48)
    assert end == hours_after(start, 48, disregard_christmas=True)


@given(near_christmas, notice_hours, extension_hours)
def test_no_notice_outlasts_the_48_hour_notice_served_at_the_same_time(start, hours, extra):
    senior = instant(notice_ends_at(start, hours=48, senior_authority=True))
    extended = notice_ends_at(start, hours=hours, extension_hours=extra, senior_authority=False)
    assert instant(extended) <= senior


@given(st.integers(0, 48), st.integers(0, 24), st.booleans())
def test_only_the_full_48_hours_of_s77_2_disregards_christmas(hours, extra, senior):
    expected = senior and extra == 0 and hours == 48
    on = datetime(2025, 12, 24).date()
    assert (
        christmas_disregarded_for_notice(
            hours=hours, extension_hours=extra, senior_authority=senior, on=on
        )
        is expected
    )
