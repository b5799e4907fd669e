"""Live clocks computed from the record: the right deadline, and the right state at a moment."""

from __future__ import annotations

import datetime as dt

from clearhold.law import UK
from clearhold.powers.clocks import closure_clocks, live_clocks
from clearhold.powers.models import HearingOutcome
from clearhold.powers.services import engagement_record, hearing_record, service_record
from clearhold.powers.services_order import appeal_record, cost_record
from tests.powers.conftest import HEARD, SERVED, issue


def _by_key(closure):
    return {c.key: c for c in closure_clocks(closure)}


def test_before_service_the_booked_hearing_is_the_clock(notice):
    clocks = _by_key(notice.closure)
    assert set(clocks) == {"hearing_booked"}
    assert clocks["hearing_booked"].due == HEARD


def test_the_hearing_window_runs_from_first_service(served):
    clock = _by_key(served.closure)["hearing_by"]
    assert clock.due == dt.datetime(2025, 5, 7, 15, 30, tzinfo=UK)
    assert clock.shown == "15:30 on 7 May 2025"
    assert clock.state(SERVED + dt.timedelta(hours=1)) == "upcoming"
    assert clock.state(SERVED + dt.timedelta(hours=25)) == "due_soon"
    assert clock.state(SERVED + dt.timedelta(hours=49)) == "overdue"


def test_a_later_act_of_service_does_not_move_the_window(served, constable):
    service_record(user=constable, notice=served, act="e", served_at=SERVED + dt.timedelta(hours=5))
    assert _by_key(served.closure)["hearing_by"].due == dt.datetime(2025, 5, 7, 15, 30, tzinfo=UK)


def test_christmas_day_is_disregarded(closure, inspector, constable):
    christmas_eve = dt.datetime(2024, 12, 24, 10, 0, tzinfo=UK)
    for kind in ("inform_occupiers", "inform_interested", "consult"):
        engagement_record(
            user=inspector,
            closure=closure,
            kind=kind,
            who="Clarion",
            at=christmas_eve.replace(hour=7),
        )
    notice, _ = issue(
        closure,
        inspector,
        issued_at=christmas_eve - dt.timedelta(hours=1),
        hearing_at=dt.datetime(2024, 12, 27, 9, 0, tzinfo=UK),
    )
    service_record(user=constable, notice=notice, act="a", served_at=christmas_eve)
    assert _by_key(closure)["hearing_by"].due == dt.datetime(2024, 12, 27, 10, 0, tzinfo=UK)


def test_a_held_hearing_marks_the_window_done(served, inspector):
    hearing_record(
        user=inspector,
        closure=served.closure,
        court="Cambridge",
        heard_at=HEARD,
        outcome=HearingOutcome.ADJOURNED,
        adjourned_to=HEARD + dt.timedelta(days=7),
    )
    clocks = _by_key(served.closure)
    assert clocks["hearing_by"].state(SERVED + dt.timedelta(days=3)) == "done"
    assert clocks["adjourned_to"].due == HEARD + dt.timedelta(days=7)


def test_the_wisbech_order_clocks(order):
    clocks = _by_key(order.closure)
    assert clocks["order_ends"].day == dt.date(2025, 8, 7)
    assert clocks["extension_apply_by"].day == dt.date(2025, 8, 6)
    assert clocks["latest_possible_end"].day == dt.date(2025, 11, 7)
    assert clocks["appeal_by"].day == dt.date(2025, 5, 27)
    assert clocks["compensation_by"].day == dt.date(2025, 11, 6)
    assert "possession_notice_by" not in clocks
    assert "cost_recovery_by" not in clocks


def test_securing_costs_start_the_recovery_clock(order, inspector):
    from decimal import Decimal

    cost_record(
        user=inspector,
        closure=order.closure,
        kind="securing",
        on=dt.date(2025, 5, 8),
        amount=Decimal("1200"),
        description="Boarding the gate",
    )
    clock = _by_key(order.closure)["cost_recovery_by"]
    assert clock.day == dt.date(2025, 11, 6)
    assert clock.action


def test_a_dwelling_has_the_possession_clock_unless_an_appeal_is_pending(order, inspector):
    closure = order.closure
    closure.dwelling = True
    closure.save()
    assert _by_key(closure)["possession_notice_by"].day == dt.date(2025, 8, 6)
    appeal_record(
        user=inspector,
        closure=closure,
        decision_on=dt.date(2025, 5, 7),
        lodged_on=dt.date(2025, 5, 20),
        appellant="The tenant",
    )
    assert "possession_notice_by" not in _by_key(closure)


def test_live_clocks_leave_out_what_is_done_and_ended(order):
    now = dt.datetime(2025, 6, 1, 12, 0, tzinfo=UK)
    keys = {clock.key for clock, _ in live_clocks(order.closure, now)}
    assert "hearing_by" not in keys
    assert "appeal_by" not in keys
    assert {"order_ends", "extension_apply_by", "latest_possible_end"} <= keys
