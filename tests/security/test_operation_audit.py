"""An operation's batch writes are audited per premises, as the single closure's are (issue 20).

The finding: a court listing (``powers.Listing``: the court and time at which an operation's
applications are heard) was not tracked by the audit trail, so booking one, or changing its
court or time, left no entry; every other record an operation writes is. Reproduced by booking
a listing through ``listing_create`` and looking for its entry.

What must hold: each record a batch step stores (the operation, each closure, each engagement,
notice and act of service, the listing) has its own "create" entry naming the user, one per
premises, exactly as the single-closure services leave.
"""

from __future__ import annotations

import datetime as dt

import pytest

from clearhold.audit.context import acting_as
from clearhold.audit.models import AuditEntry
from clearhold.audit.services import tracked_models
from clearhold.law import UK
from clearhold.powers.models import Listing
from clearhold.powers.selectors import operation_closures
from clearhold.powers.services_operation import (
    PremisesPick,
    engagements_record,
    notices_issue,
    operation_create,
)
from clearhold.powers.services_operation_court import listing_create, service_batch
from tests.powers.conftest import ALL_CONTENTS

pytestmark = pytest.mark.django_db

ISSUED = dt.datetime(2025, 5, 5, 14, 0, tzinfo=UK)


def created(label: str, user=None) -> list[str]:
    """The ids of the ``label`` records whose creation was audited (by ``user``, if given)."""
    found = AuditEntry.objects.filter(object_type=label, action="create")
    if user is not None:
        found = found.filter(user=user)
    return list(found.values_list("object_id", flat=True))


def test_every_model_an_operation_writes_is_tracked():
    assert Listing in tracked_models()


def test_booking_a_listing_is_audited(operation, estate_inspector):
    with acting_as(estate_inspector):
        listing = listing_create(
            user=estate_inspector,
            operation=operation,
            court="Willesden Magistrates’ Court",
            listed_at=ISSUED + dt.timedelta(days=2),
        )
    assert created("powers.listing", estate_inspector) == [str(listing.pk)]


@pytest.fixture
def three(estate, blocks, estate_inspector):
    """Three blocks under 24-hour notices, which an inspector may issue (s.77)."""
    with acting_as(estate_inspector):
        return operation_create(
            user=estate_inspector,
            problem=estate,
            name="Operation Dakota",
            picks=[PremisesPick(site=block) for block in blocks[:3]],
            notice_hours=24,
        )[0]


def test_each_premises_of_a_batch_has_its_own_entries(three, estate_inspector, estate_constable):
    operation = three
    closures = operation_closures(operation)
    assert created("powers.operation", estate_inspector) == [str(operation.pk)]
    assert sorted(created("powers.closure", estate_inspector)) == sorted(
        str(c.pk) for c in operation_closures(operation)
    )
    with acting_as(estate_inspector):
        engagements_record(
            user=estate_inspector, operation=operation, closures=closures,
            at=ISSUED - dt.timedelta(hours=2), occupiers="Residents", interested="Barnet Homes",
            consulted="Barnet Council",
        )  # fmt: skip
    assert len(created("powers.engagement", estate_inspector)) == 3 * 3
    with acting_as(estate_inspector):
        result = notices_issue(
            user=estate_inspector, operation=operation, closures=closures, issued_at=ISSUED,
            hearing_court="Willesden Magistrates’ Court", hearing_court_address="448 High Road",
            hearing_at=ISSUED + dt.timedelta(hours=20),
            contents={c.pk: ALL_CONTENTS for c in closures},
        )  # fmt: skip
    assert result.stored, [o.refused for o in result.refused]
    notices = created("powers.closurenotice", estate_inspector)
    assert sorted(notices) == sorted(str(o.done.pk) for o in result.succeeded)
    with acting_as(estate_constable):
        served = service_batch(
            user=estate_constable, operation=operation, closures=closures, act="a",
            served_at=ISSUED + dt.timedelta(hours=1),
        )  # fmt: skip
    assert served.stored
    assert len(created("powers.serviceevent", estate_constable)) == 3
