"""Every time a paper prints names its zone, BST or GMT, as UK clocks showed it that day
(issue 16, papers): notices, certificates, orders, applications and the bundle's chronology
all print times through ``content.common.clock``."""

from __future__ import annotations

import calendar
import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from clearhold.documents.content.bundle_chronology import moment
from clearhold.documents.content.common import clock, when, zone

LONDON = ZoneInfo("Europe/London")
UTC = dt.UTC


def _last_sunday(year: int, month: int) -> dt.date:
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return last - dt.timedelta(days=(last.weekday() - 6) % 7)


@st.composite
def near_a_clock_change(draw) -> dt.datetime:
    """A moment within a day and a half of 01:00 UTC on the last Sunday of March or October
    (when the UK's clocks change), to the minute."""
    year = draw(st.integers(2000, 2040))
    month = draw(st.sampled_from([3, 10]))
    change = dt.datetime.combine(_last_sunday(year, month), dt.time(1, 0), tzinfo=UTC)
    return change + dt.timedelta(minutes=draw(st.integers(-36 * 60, 36 * 60)))


@given(at=near_a_clock_change())
def test_the_zone_printed_is_the_one_europe_london_kept_then(at):
    local = at.astimezone(LONDON)
    expected = local.tzname()
    assert expected in ("BST", "GMT")
    assert zone(at) == expected
    printed = when(at)
    assert printed.endswith(f" {expected} on {local:%A %-d %B %Y}")
    hour = printed.split(" ", 1)[0]
    if hour not in ("midday", "midnight"):
        assert hour == f"{local:%-I:%M%p}".lower()
    assert moment(at).endswith(f", {clock(at)}")


def test_the_clocks_go_forward_at_one_in_the_morning_gmt():
    change = dt.datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert when(change - dt.timedelta(minutes=1)) == "12:59am GMT on Sunday 29 March 2026"
    assert when(change) == "2:00am BST on Sunday 29 March 2026"


def test_the_hour_the_clocks_go_back_is_told_apart_by_its_zone():
    """01:30 happens twice on 25 October 2026: the zone says which."""
    first = dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    second = dt.datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    assert when(first) == "1:30am BST on Sunday 25 October 2026"
    assert when(second) == "1:30am GMT on Sunday 25 October 2026"


def test_winter_and_summer_examples():
    assert when(dt.datetime(2025, 12, 24, 18, 0, tzinfo=LONDON)) == (
        "6:00pm GMT on Wednesday 24 December 2025"
    )
    assert when(dt.datetime(2026, 5, 7, 10, 0, tzinfo=LONDON)) == (
        "10:00am BST on Thursday 7 May 2026"
    )
    assert (
        when(dt.datetime(2026, 1, 6, 12, 0, tzinfo=LONDON))
        == "midday GMT on Tuesday 6 January 2026"
    )
    assert moment(dt.datetime(2025, 11, 3, 9, 15, tzinfo=LONDON)) == "3 November 2025, 9:15am GMT"
