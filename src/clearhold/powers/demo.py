"""The Wisbech open-space closure as it happened: the order of 7 May 2025 for three months to
7 August, extended to 7 November 2025, exempting residents, their visitors, emergency services
and staff of Clarion Housing and Fenland District Council.

The order's dates and exemptions are the case's; the notice, service and hearing times before
it are illustrative (the case study gives only the order), chosen inside the law so every
clock can be seen: the 24-hour notice served at noon on 6 May is still in force at the 10:00
hearing on 7 May (a hearing after it ended would leave the open space open in between, and the
court could not continue it, s.81(2),(4)). Everything goes through the services, so the demo
obeys the same rules as a user.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from clearhold.law import UK
from clearhold.law.access import exemptions_from_codes, notice_mandatory_exemptions
from clearhold.law.notices import CONTENT_RULES
from clearhold.powers.models import EngagementKind, HearingOutcome
from clearhold.powers.services import (
    closure_open,
    engagement_record,
    hearing_record,
    notice_issue,
    service_record,
)
from clearhold.powers.services_order import extension_apply, extension_decide, order_record

COURT = "Cambridge Magistrates' Court"
COURT_ADDRESS = "The Court House, Parkside, Cambridge CB1 1JA"


def _at(day: int, month: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2025, month, day, hour, minute, tzinfo=UK)


def demo_closure_load(*, problem: Any, site: Any, inspector: Any, constable: Any) -> Any:
    """Enter the Wisbech closure on ``problem``; returns the closure."""
    closure, _ = closure_open(
        user=inspector,
        problem=problem,
        site=site,
        premises_description=(
            "The open space off West Street, Wisbech, between Onyx Court and John Thompson "
            "Road, within its boundary fence"
        ),
        premises_kind="land",
        boundary_defined=True,
    )
    _wisbech_notice(closure, inspector, constable)
    _wisbech_order(closure, inspector)
    return closure


def _wisbech_notice(closure: Any, inspector: Any, constable: Any) -> None:
    """The engagement before the notice (occupiers, the landlord, the council consulted), the
    24-hour notice with its hearing, and the constable's acts of service."""
    for kind, who, how in (
        (EngagementKind.INFORM_OCCUPIERS, "Residents of Onyx Court", "Letter to every flat"),
        (EngagementKind.INFORM_INTERESTED, "Clarion Housing Group", "Email to the estate manager"),
        (EngagementKind.CONSULT, "Fenland District Council", "ASB team agreed by phone"),
    ):
        engagement_record(
            user=inspector, closure=closure, kind=kind, who=who, at=_at(2, 5, 10), how=how
        )
    notice, _ = notice_issue(
        user=inspector,
        closure=closure,
        hours=24,
        issued_at=_at(6, 5, 11),
        contents=list(CONTENT_RULES),
        exemptions=[asdict(e) for e in notice_mandatory_exemptions()],
        hearing_court=COURT,
        hearing_court_address=COURT_ADDRESS,
        hearing_at=_at(7, 5, 10),
    )
    for act, minute, detail in (
        ("a", 0, "Fixed to the noticeboard at the West Street entrance"),
        ("b", 10, "Fixed to each of the three gates"),
        ("e", 40, "Handed to residents of Onyx Court"),
    ):
        service_record(
            user=constable, notice=notice, act=act, served_at=_at(6, 5, 12, minute), detail=detail
        )


def _wisbech_order(closure: Any, inspector: Any) -> None:
    """The hearing that made a three-month partial order with its exemptions, the council
    consulted on an extension, and the extension granted."""
    hearing_record(
        user=inspector,
        closure=closure,
        court=COURT,
        heard_at=_at(7, 5, 10),
        outcome=HearingOutcome.ORDER_MADE,
    )
    exemptions = exemptions_from_codes(
        ("residents", "residents_visitors", "emergency_services", "housing_staff", "council_staff"),
        organisation_by_code={
            "housing_staff": "Clarion Housing Group",
            "council_staff": "Fenland District Council",
        },
    )
    order, _ = order_record(
        user=inspector,
        closure=closure,
        made_on=dt.date(2025, 5, 7),
        ends_on=dt.date(2025, 8, 7),
        court=COURT,
        partial=True,
        exemptions=[asdict(e) for e in exemptions],
    )
    engagement_record(
        user=inspector,
        closure=closure,
        kind=EngagementKind.CONSULT_EXTENSION,
        who="Fenland District Council",
        at=_at(28, 7, 10),
        how="Partnership meeting agreed the extension",
    )
    extension, _ = extension_apply(
        user=inspector,
        order=order,
        applied_on=dt.date(2025, 7, 30),
        new_ends_on=dt.date(2025, 11, 7),
    )
    extension_decide(user=inspector, extension=extension, granted=True, on=dt.date(2025, 8, 5))
