"""Operation Dakota at court: every block's notice issued (informed and consulted first), served
along the walk, heard at one listing; helpers to drive each stage through the services."""

from __future__ import annotations

import datetime as dt

import pytest

from clearhold.powers.models import EngagementKind, HearingOutcome
from clearhold.powers.selectors import operation_closures
from clearhold.powers.services import engagement_record, service_record
from clearhold.powers.services_operation_court import HeardRow, listing_create, listing_hear
from tests.powers.conftest import HEARD, ISSUED, SERVED, issue

COURT = "Willesden Magistrates’ Court"


def prepare(closure, user) -> None:
    """Inform and consult before the notice (s.76(6),(7))."""
    before = ISSUED - dt.timedelta(hours=3)
    for kind, who in (
        (EngagementKind.INFORM_OCCUPIERS, "Residents of the block"),
        (EngagementKind.INFORM_INTERESTED, "Clarion Housing"),
        (EngagementKind.CONSULT, "London Borough of Barnet"),
    ):
        engagement_record(user=user, closure=closure, kind=kind, who=who, at=before)


@pytest.fixture
def issued(operation, estate_inspector):
    """Every block's notice issued, none served yet; the closures in walking order."""
    closures = operation_closures(operation)
    for closure in closures:
        prepare(closure, estate_inspector)
        issue(closure, estate_inspector, hearing_court=COURT)
    return operation_closures(operation)


@pytest.fixture
def served(issued, estate_constable):
    """Every block's notice fixed to its entrance, ten minutes apart along the walk."""
    for n, closure in enumerate(issued):
        at = SERVED + dt.timedelta(minutes=10 * n)
        service_record(user=estate_constable, notice=closure.notice, act="b", served_at=at)
    return issued


@pytest.fixture
def listing(operation, estate_inspector):
    return listing_create(
        user=estate_inspector,
        operation=operation,
        court=COURT,
        court_address="448 High Road, London NW10 2DZ",
        listed_at=HEARD,
    )


@pytest.fixture
def ordered(served, listing, estate_inspector):
    """Orders made for every block at the listing, as applied for (7 May to 7 August 2025)."""
    result = listing_hear(
        user=estate_inspector,
        listing=listing,
        heard_at=HEARD,
        rows=[HeardRow(closure=c, outcome=HearingOutcome.ORDER_MADE) for c in served],
    )
    assert not result.refused, result.refused
    assert result.stored
    return [closure.order for closure in served]
