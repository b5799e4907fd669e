"""Finding (issue 16, item 4): an appeal allowed against the making of an order stopped nothing.

Recording an appeal to the Crown Court (s.84) allowed left the order "in force": its expiry
and extension clocks ran on, the patrol access check still barred people, and the landlord's
possession clock restarted from the appeal's end, although Condition 4 is not met once the
order is overturned (Housing Act 1985 s.84A(8)(b); Housing Act 1988 s.8(4F)(b)). Any pending
appeal, even one against an extension, also hid the possession clock, though those provisions
cover appeals against the making only. Reproduced on the Wisbech order (made 7 May 2025) of a
home: appeal lodged 20 May, allowed 1 June.

What must hold: ClearHold records which decision an appeal is against; one allowed against the
making quashes the order (not in force, no expiry or extension clocks, "Order quashed on
appeal", no extension or discharge, no possession clock); one against an extension never
touches the possession clock, and, allowed, undoes that extension.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clearhold.law import UK
from clearhold.powers.clocks import closure_clocks
from clearhold.powers.models import AppealAgainst, AppealOutcome, EngagementKind
from clearhold.powers.services import engagement_record
from clearhold.powers.services_order import (
    appeal_conclude,
    appeal_record,
    extension_apply,
    extension_decide,
)
from clearhold.powers.state import in_force_at, status

ALLOWED_ON = dt.date(2025, 6, 1)


@pytest.fixture
def home_order(order):
    order.closure.dwelling = True
    order.closure.save()
    return order


def _appeal(order, user, against=AppealAgainst.MAKING, decision_on=dt.date(2025, 5, 7)):
    return appeal_record(
        user=user,
        closure=order.closure,
        against=against,
        decision_on=decision_on,
        lodged_on=decision_on + dt.timedelta(days=13),
        appellant="The tenant",
    )


def _keys(closure) -> set[str]:
    return {clock.key for clock in closure_clocks(closure)}


def _extended(order, inspector):
    engagement_record(
        user=inspector,
        closure=order.closure,
        kind=EngagementKind.CONSULT_EXTENSION,
        who="Fenland District Council",
        at=dt.datetime(2025, 7, 28, 9, tzinfo=UK),
    )
    extension, _ = extension_apply(
        user=inspector,
        order=order,
        applied_on=dt.date(2025, 7, 30),
        new_ends_on=dt.date(2025, 11, 7),
    )
    extension_decide(user=inspector, extension=extension, granted=True, on=dt.date(2025, 8, 5))
    return extension


def test_an_appeal_allowed_against_the_making_quashes_the_order(home_order, inspector):
    closure = home_order.closure
    assert {"order_ends", "extension_apply_by", "possession_notice_by"} <= _keys(closure)
    appeal = _appeal(home_order, inspector)
    appeal_conclude(user=inspector, appeal=appeal, outcome=AppealOutcome.ALLOWED, on=ALLOWED_ON)
    keys = _keys(closure)
    assert not keys & {"order_ends", "extension_apply_by", "latest_possible_end"}
    assert "possession_notice_by" not in keys
    compensation = next(c for c in closure_clocks(closure) if c.key == "compensation_by")
    assert compensation.day == dt.date(2025, 8, 31)  # 3 months starting with the quash (s.90)
    assert status(closure, dt.datetime(2025, 6, 2, 12, tzinfo=UK)) == "Order quashed on appeal"
    assert in_force_at(closure, dt.datetime(2025, 6, 1, 9, tzinfo=UK)) is None
    assert in_force_at(closure, dt.datetime(2025, 5, 31, 9, tzinfo=UK)) == "order"


def test_a_quashed_order_cannot_be_extended(home_order, inspector):
    appeal = _appeal(home_order, inspector)
    appeal_conclude(user=inspector, appeal=appeal, outcome=AppealOutcome.ALLOWED, on=ALLOWED_ON)
    with pytest.raises(ValidationError, match="quashed on appeal"):
        _extended(home_order, inspector)


def test_the_closure_page_shows_the_order_quashed(client, home_order, inspector):
    appeal = _appeal(home_order, inspector)
    appeal_conclude(user=inspector, appeal=appeal, outcome=AppealOutcome.ALLOWED, on=ALLOWED_ON)
    client.force_login(inspector)
    page = client.get(reverse("powers:closure", args=[home_order.closure.pk])).content.decode()
    assert "Order quashed on appeal" in page
    assert 'data-clock="order_ends"' not in page
    assert "Apply to extend the order (s.82)" not in page


def test_an_appeal_dismissed_restarts_the_possession_clock_from_its_end(home_order, inspector):
    appeal = _appeal(home_order, inspector)
    appeal_conclude(user=inspector, appeal=appeal, outcome=AppealOutcome.DISMISSED, on=ALLOWED_ON)
    clocks = {c.key: c for c in closure_clocks(home_order.closure)}
    assert clocks["possession_notice_by"].day == dt.date(2025, 8, 31)
    assert "order_ends" in clocks


def test_an_appeal_against_an_extension_leaves_the_possession_clock(home_order, inspector):
    _extended(home_order, inspector)
    appeal = _appeal(home_order, inspector, AppealAgainst.EXTENSION, dt.date(2025, 8, 5))
    clocks = {c.key: c for c in closure_clocks(home_order.closure)}
    assert clocks["possession_notice_by"].day == dt.date(2025, 8, 6)  # pending: still runs
    appeal_conclude(
        user=inspector, appeal=appeal, outcome=AppealOutcome.ALLOWED, on=dt.date(2025, 8, 20)
    )
    clocks = {c.key: c for c in closure_clocks(home_order.closure)}
    assert clocks["possession_notice_by"].day == dt.date(2025, 8, 6)
    assert clocks["order_ends"].day == dt.date(2025, 8, 7)  # the extension is undone
    assert status(home_order.closure, dt.datetime(2025, 8, 6, tzinfo=UK)) != (
        "Order quashed on appeal"
    )


def test_an_appeal_against_an_extension_needs_one_granted_that_day(home_order, inspector):
    with pytest.raises(ValidationError, match="No extension of the order was granted"):
        _appeal(home_order, inspector, AppealAgainst.EXTENSION, dt.date(2025, 8, 5))
