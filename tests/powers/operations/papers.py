"""An operation's closures taken through the services to notice, service, hearing and order,
for the tests of its papers in bulk."""

from __future__ import annotations

import datetime as dt

from clearhold.documents.services import details_save
from clearhold.law import UK
from clearhold.powers.models import EngagementKind, HearingOutcome, Listing
from clearhold.powers.selectors import operation_closures
from clearhold.powers.services import (
    engagement_record,
    hearing_record,
    notice_issue,
    service_record,
)
from clearhold.powers.services_order import order_record
from tests.powers.conftest import ALL_CONTENTS, as_dicts
from tests.powers.operations.conftest import COMMUNAL

ISSUED = dt.datetime(2023, 7, 3, 9, 0, tzinfo=UK)
HEARD = dt.datetime(2023, 7, 4, 10, 0, tzinfo=UK)
COURT = "Willesden Magistrates' Court"
COURT_ADDRESS = "448 High Road, London NW10 2DZ"
MADE = dt.date(2023, 7, 4)


def papers_details(problem, user) -> None:
    """The contacts and advice every notice and letter prints (s.76(5)(g))."""
    details_save(
        user=user,
        problem=problem,
        residents_contact="Barnet Council ASB team, 020 8359 2000",
        housing_advice="Barnet Homes Housing Options, 020 8359 4800, 2 Bristol Avenue NW9",
        legal_advice="Barnet Citizens Advice, 0808 278 7838, 40 Church End NW4",
        signatory="Sam Patel, ASB Officer, Barnet Council",
    )


def issue_notice(closure, inspector, at: dt.datetime = ISSUED):
    """Inform and consult, then issue a 24-hour notice for the closure's premises."""
    for kind, who in (
        (EngagementKind.INFORM_OCCUPIERS, "Residents of the block"),
        (EngagementKind.INFORM_INTERESTED, "Barnet Homes"),
        (EngagementKind.CONSULT, "Barnet Council"),
    ):
        engagement_record(
            user=inspector, closure=closure, kind=kind, who=who, at=at - dt.timedelta(hours=2)
        )
    from clearhold.law.access import notice_mandatory_exemptions

    return notice_issue(
        user=inspector,
        closure=closure,
        hours=24,
        issued_at=at,
        contents=ALL_CONTENTS,
        exemptions=as_dicts(notice_mandatory_exemptions()),
        hearing_court=COURT,
        hearing_court_address=COURT_ADDRESS,
        hearing_at=HEARD,
    )[0]


def serve_hear_and_order(closure, notice, inspector, constable, listing=None) -> object:
    """Serve the notice, hear the application (at ``listing``) and record the order."""
    service_record(
        user=constable,
        notice=notice,
        act="a",
        served_at=notice.issued_at + dt.timedelta(hours=1),
        detail="Main door",
    )
    hearing = hearing_record(
        user=inspector,
        closure=closure,
        court=COURT,
        heard_at=HEARD,
        outcome=HearingOutcome.ORDER_MADE,
    )
    if listing is not None:
        hearing = hearing[0] if isinstance(hearing, tuple) else hearing
        hearing.listing = listing
        hearing.save(update_fields=["listing"])
    return order_record(
        user=inspector,
        closure=closure,
        made_on=MADE,
        ends_on=dt.date(2023, 10, 4),
        court=COURT,
        partial=True,
        scope="communal",
        part_description=COMMUNAL,
        exemptions=closure.operation.exemptions,
    )[0]


def listing_of(operation, user) -> Listing:
    return Listing.objects.create(
        operation=operation,
        court=COURT,
        court_address=COURT_ADDRESS,
        listed_at=HEARD,
        created_by=user,
    )


def noticed(operation, inspector, skip: int | None = None) -> list:
    """Every closure of ``operation`` with an issued notice, but the ``skip``-th (0-based)."""
    closures = operation_closures(operation)
    for n, closure in enumerate(closures):
        if n != skip:
            issue_notice(closure, inspector)
    return closures
