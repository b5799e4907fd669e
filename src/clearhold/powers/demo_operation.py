"""Operation Dakota as the demo runs it: closure orders on the communal areas of 49 blocks of
the Grahame Park estate (Barnet), made in July 2023 for three months and extended.

The number of orders, the communal scope, the allow-list and the dates (orders from July 2023,
three months, extended) are the case's; the blocks are illustrative (the real block list is not
public) and so are the times of engagement, notice, service and hearing, chosen inside the law
so every clock can be seen: 24-hour notices issued at 14:00 on 3 July 2023 and served that
afternoon in walking order, one listing at 10:00 on 4 July while every notice is still in force.
Every step goes through the per-closure services inside ``run_for_each``, so each premises is
checked as a single closure would be, and a refusal for one block stops the demo with its reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from django.core.exceptions import ValidationError

from clearhold.law import UK
from clearhold.law.access import exemptions_from_codes, notice_mandatory_exemptions
from clearhold.law.notices import CONTENT_RULES
from clearhold.powers.batch import BatchResult, run_for_each
from clearhold.powers.models import EngagementKind, HearingOutcome, Listing, OrderScope
from clearhold.powers.selectors import operation_closures
from clearhold.powers.services import (
    engagement_record,
    hearing_record,
    notice_issue,
    service_record,
)
from clearhold.powers.services_operation import PremisesPick, operation_create
from clearhold.powers.services_operation_court import listing_create
from clearhold.powers.services_order import extension_apply, extension_decide, order_record
from clearhold.powers.state import notice_of, order_of

NAME = "Operation Dakota"
COURT = "Willesden Magistrates' Court"
COURT_ADDRESS = "448 High Road, Willesden, London NW10 2DZ"
COMMUNAL = "the stairwells, corridors, landings and shared routes of the block"
HOUSING = "Barnet Homes"
COUNCIL = "Barnet Council"
ALLOWED = (
    "residents",
    "residents_visitors",
    "housing_staff",
    "council_staff",
    "contractors",
    "emergency_services",
)
MADE_ON = dt.date(2023, 7, 4)
ENDS_ON = dt.date(2023, 10, 4)
EXTENDED_TO = dt.date(2024, 1, 4)


def _at(day: int, month: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2023, month, day, hour, minute, tzinfo=UK)


def allow_list() -> list[dict]:
    """Who may still use the communal areas: residents and their invited visitors, Barnet
    Homes and Barnet Council staff, maintenance contractors, the emergency services."""
    exemptions = exemptions_from_codes(
        ALLOWED,
        organisation_by_code={
            "housing_staff": HOUSING,
            "council_staff": COUNCIL,
            "contractors": HOUSING,
        },
    )
    return [asdict(e) for e in exemptions]


def _each(closures: list[Any], step: Any) -> BatchResult:
    """One step for every closure; a refusal for any block stops the demo with its reasons."""
    result = run_for_each(closures, step, premises=lambda c: c.site.name)
    if result.refused:
        raise ValidationError([f"{o.premises}: {'; '.join(o.refused)}" for o in result.refused])
    return result


def _engage(inspector: Any, closure: Any) -> Any:
    for kind, who, how in (
        (
            EngagementKind.INFORM_OCCUPIERS,
            f"Residents of {closure.site.name}",
            "Letter to every flat",
        ),
        (EngagementKind.INFORM_INTERESTED, HOUSING, "Email to the estate manager"),
        (EngagementKind.CONSULT, COUNCIL, "Community safety team agreed at the tasking meeting"),
    ):
        engagement_record(
            user=inspector, closure=closure, kind=kind, who=who, at=_at(28, 6, 10), how=how
        )
    return closure


def _notice(inspector: Any, closure: Any) -> Any:
    return notice_issue(
        user=inspector,
        closure=closure,
        hours=24,
        issued_at=_at(3, 7, 14),
        contents=list(CONTENT_RULES),
        exemptions=[asdict(e) for e in notice_mandatory_exemptions()],
        hearing_court=COURT,
        hearing_court_address=COURT_ADDRESS,
        hearing_at=_at(4, 7, 10),
    )


def _serve(constable: Any, closure: Any) -> Any:
    """Fixed at the block's main door, then at each door to its stairwells (s.79(2)(a),(b)),
    four minutes a block along the walking route from 14:15."""
    start = _at(3, 7, 14, 15) + dt.timedelta(minutes=4 * (closure.route_position - 1))
    notice = notice_of(closure)
    service_record(
        user=constable, notice=notice, act="a", served_at=start,
        detail="Fixed to the main entrance door",
    )  # fmt: skip
    return service_record(
        user=constable, notice=notice, act="b", served_at=start + dt.timedelta(minutes=2),
        detail="Fixed to each door to the stairwells and the bin store",
    )  # fmt: skip


def _hear(inspector: Any, listing: Listing, closure: Any) -> Any:
    """The court hears each application in turn, two minutes apart, in walking order."""
    heard_at = listing.listed_at + dt.timedelta(minutes=2 * (closure.route_position - 1))
    hearing, warnings = hearing_record(
        user=inspector, closure=closure, court=COURT, heard_at=heard_at,
        outcome=HearingOutcome.ORDER_MADE,
    )  # fmt: skip
    hearing.listing = listing
    hearing.save(update_fields=["listing"])
    return hearing, warnings


def _order(inspector: Any, closure: Any) -> Any:
    return order_record(
        user=inspector,
        closure=closure,
        made_on=MADE_ON,
        ends_on=ENDS_ON,
        court=COURT,
        partial=True,
        exemptions=allow_list(),
        scope=OrderScope.COMMUNAL,
        part_description=COMMUNAL,
    )


def _extend(inspector: Any, closure: Any) -> Any:
    """Consult the council (s.82(3)), apply before the order ends, the court grants it."""
    engagement_record(
        user=inspector, closure=closure, kind=EngagementKind.CONSULT_EXTENSION, who=COUNCIL,
        at=_at(20, 9, 10), how="Partnership tasking meeting agreed the extension",
    )  # fmt: skip
    extension, _ = extension_apply(
        user=inspector, order=order_of(closure), applied_on=dt.date(2023, 9, 25),
        new_ends_on=EXTENDED_TO,
    )  # fmt: skip
    return extension_decide(
        user=inspector, extension=extension, granted=True, on=dt.date(2023, 10, 2)
    )


def _listing(operation: Any, inspector: Any) -> Listing:
    """The one court listing that hears every application of the operation."""
    return listing_create(
        user=inspector,
        operation=operation,
        court=COURT,
        court_address=COURT_ADDRESS,
        listed_at=_at(4, 7, 10),
    )


def demo_operation_load(*, problem: Any, blocks: list[Any], inspector: Any, constable: Any) -> Any:
    """Run Operation Dakota on ``blocks`` (in walking order) from notice to extended orders."""
    operation, result = operation_create(
        user=inspector,
        problem=problem,
        name=NAME,
        picks=[PremisesPick(site=block) for block in blocks],
        part_description=COMMUNAL,
        exemptions=allow_list(),
        notice_hours=24,
        order_months=3,
    )
    if operation is None:
        raise ValidationError([f"{o.premises}: {'; '.join(o.refused)}" for o in result.refused])
    closures = operation_closures(operation)
    _each(closures, lambda c: _engage(inspector, c))
    _each(closures, lambda c: _notice(inspector, c))
    _each(closures, lambda c: _serve(constable, c))
    listing = _listing(operation, inspector)
    _each(closures, lambda c: _hear(inspector, listing, c))
    _each(closures, lambda c: _order(inspector, c))
    _each(closures, lambda c: _extend(inspector, c))
    return operation
