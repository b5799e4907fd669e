"""An operation's closures taken through the services, one premises at a time: informed and
consulted, a notice issued, served (each at its own time), heard and an order made. A test
module imports ``operation_orders`` (or the helpers) by name from here.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from clearhold.law import UK, add_months
from clearhold.powers.models import EngagementKind, HearingOutcome
from clearhold.powers.selectors import operation_closures
from clearhold.powers.services import engagement_record, hearing_record, service_record
from clearhold.powers.services_order import order_record
from tests.powers.conftest import issue, wisbech_exemptions

COURT = "Willesden Magistrates' Court"


def serve(closure, inspector, constable, *, issued: dt.datetime, served: dt.datetime):
    """Inform and consult two hours before ``issued``, issue with a hearing 30 hours after
    issue, and serve at ``served``; the notice."""
    for kind in (
        EngagementKind.INFORM_OCCUPIERS,
        EngagementKind.INFORM_INTERESTED,
        EngagementKind.CONSULT,
    ):
        engagement_record(
            user=inspector,
            closure=closure,
            kind=kind,
            who="Barnet Homes",
            at=issued - dt.timedelta(hours=2),
        )
    notice, _ = issue(
        closure,
        inspector,
        issued_at=issued,
        hearing_at=issued + dt.timedelta(hours=30),
        hearing_court=COURT,
    )
    service_record(user=constable, notice=notice, act="a", served_at=served, detail="Door")
    return notice


def make_order(closure, inspector, notice):
    """The court makes a three-month partial order at the booked hearing."""
    hearing_record(
        user=inspector,
        closure=closure,
        court=COURT,
        heard_at=notice.hearing_at,
        outcome=HearingOutcome.ORDER_MADE,
    )
    made = notice.hearing_at.astimezone(UK).date()
    return order_record(
        user=inspector,
        closure=closure,
        made_on=made,
        ends_on=add_months(made, 3),
        court=COURT,
        partial=True,
        exemptions=wisbech_exemptions(),
    )[0]


def orders_in_force(closures, inspector, constable) -> list:
    """Each closure to an order made a day ago and in force now (served in walking order,
    ten minutes apart)."""
    now = timezone.now().astimezone(UK).replace(second=0, microsecond=0)
    issued = now - dt.timedelta(days=3)
    orders = []
    for n, closure in enumerate(closures):
        served = issued + dt.timedelta(hours=1, minutes=10 * n)
        notice = serve(closure, inspector, constable, issued=issued, served=served)
        orders.append(make_order(closure, inspector, notice))
    return orders


@pytest.fixture
def operation_orders(operation, estate_inspector, estate_constable) -> list:
    """An order in force now on every premises of the operation, in walking order."""
    closures = operation_closures(operation)
    return orders_in_force(closures, estate_inspector, estate_constable)
