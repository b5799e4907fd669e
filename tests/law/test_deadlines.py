"""The deadlines of a closure: notice end, hearing, appeal and the post-order clocks."""

from __future__ import annotations

from datetime import date, datetime

from clearhold.law.clocks import UK
from clearhold.law.deadlines import (
    appeal_deadline,
    compensation_deadline,
    continuation_ends_at,
    cost_recovery_deadline,
    hearing_deadline,
    notice_ends_at,
    order_latest_possible_end,
    possession_notice_deadline,
)


def uk(*args: int) -> datetime:
    return datetime(*args, tzinfo=UK)


def test_hearing_deadline_is_48_hours_after_service_skipping_christmas_day():
    assert hearing_deadline(uk(2025, 12, 24, 10)) == uk(2025, 12, 27, 10)
    assert hearing_deadline(uk(2025, 6, 2, 16, 45)) == uk(2025, 6, 4, 16, 45)


def test_24_hour_notice_counts_real_hours_even_over_christmas():
    start = uk(2025, 12, 24, 18)
    assert notice_ends_at(start, hours=24, senior_authority=False) == uk(2025, 12, 25, 18)


def test_48_hour_notice_disregards_christmas_day():
    start = uk(2025, 12, 24, 18)
    assert notice_ends_at(start, hours=48, senior_authority=True) == uk(2025, 12, 27, 18)


def test_extended_notice_counts_real_hours_over_christmas_day():
    start = uk(2025, 12, 24, 18)
    assert notice_ends_at(start, hours=24, extension_hours=24, senior_authority=False) == uk(
        2025, 12, 26, 18
    )


def test_continuation_by_the_court_counts_real_hours():
    assert continuation_ends_at(uk(2025, 12, 24, 12), 48) == uk(2025, 12, 26, 12)


def test_appeal_deadline_counts_the_decision_day_as_day_one():
    assert appeal_deadline(date(2025, 5, 7)) == date(2025, 5, 27)


def test_wisbech_post_order_clocks():
    # Order made 7 May 2025, extended to 7 November 2025 (closure-powers.md, issue 7).
    assert order_latest_possible_end(date(2025, 5, 7)) == date(2025, 11, 7)
    assert cost_recovery_deadline(date(2025, 11, 7)) == date(2026, 2, 6)
    assert compensation_deadline(date(2025, 11, 7)) == date(2026, 2, 6)
    assert possession_notice_deadline(date(2025, 5, 7)) == date(2025, 8, 6)


def test_possession_notice_clock_restarts_when_an_appeal_concludes():
    assert possession_notice_deadline(
        date(2025, 5, 7), appeal_concluded_on=date(2025, 6, 30)
    ) == date(2025, 9, 29)
