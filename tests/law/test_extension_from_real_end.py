"""Extensions counted from a date already clamped to a month's end (issue 16, item 8).

Finding: an order taking effect on 30 November for 3 months ends on 28 February (no 30th);
ClearHold added each further extension to that clamped date, so 3 months more ended on 28 May
and an application to extend to 30 May (30 November + 6 months, within s.82(7),(8)) was refused
as longer than 3 months. Reproduced with ``validate_order_extension`` (block CO-23 s.82(7)) and
``closure_deadlines(order_made=30 Nov, order_months=3, extension_months=[3])`` (28 May).

What must hold: each extension's end is the order's real end plus the months added so far,
clamped once (30 November + 3 + 3 months is 30 May), and the 6-month cap still holds.
"""

from __future__ import annotations

from datetime import date

from clearhold.law import POLICE, SUPERVISOR, extended_end, validate_order_extension
from clearhold.law.planning import closure_deadlines


def _extension(new_ends_on: date) -> list:
    return validate_order_extension(
        order_start=date(2024, 11, 30),
        current_ends_on=date(2025, 2, 28),
        court_ends_on=date(2025, 2, 28),
        new_ends_on=new_ends_on,
        applied_on=date(2025, 2, 27),
        order_applicant=POLICE,
        applicant=POLICE,
        applicant_role=SUPERVISOR,
        consultee_consulted=True,
    )


def test_extending_a_30_november_order_by_3_months_may_reach_30_may():
    assert [f for f in _extension(date(2025, 5, 30)) if f.severity == "block"] == []


def test_a_day_past_3_months_more_is_still_refused():
    refused = [f.section for f in _extension(date(2025, 5, 31)) if f.severity == "block"]
    assert "s.82(7)" in refused


def test_the_planner_counts_3_plus_3_months_from_30_november_to_30_may():
    plan = closure_deadlines(order_made=date(2024, 11, 30), order_months=3, extension_months=[3])
    assert plan.order_expires_on == date(2025, 5, 30)
    assert plan.lawful


def test_the_clamp_is_applied_once_at_the_end():
    assert extended_end(date(2025, 8, 30), date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert extended_end(date(2024, 11, 30), date(2025, 2, 28), 3) == date(2025, 5, 30)
