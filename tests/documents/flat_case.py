"""A new full closure of a flat, made through the app's own services, for the papers' tests.

Flat 4, Larkspur House (invented, as are every name and address here) is a cuckooed flat in a
block of six. The police inform and consult, issue a 24-hour notice that a superintendent
extends by 24 hours (s.77(4)), serve it on the door, the tenant, the landlord and the
neighbours (s.79(2),(3)), and the magistrates make a FULL order barring all persons
(s.80(7)(a)) 40 days ago. Since then the order was breached (s.86(2)), the flat secured and
repaired (s.85, for s.88), an appeal against the order dismissed (s.84) and an extension
applied for, still waiting for the court (s.82). No premises licence is recorded: a flat has
none. The dates run back from today, so that the order is in force whenever the test runs;
each time is an instant (hours from the service), so a clock change never moves a margin.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from clearhold.accounts.roles import Role
from clearhold.documents.services import details_save
from clearhold.law import UK, add_months
from clearhold.law.access import notice_mandatory_exemptions
from clearhold.places.services import site_create
from clearhold.places.units import units_import
from clearhold.powers.breaches import breach_record
from clearhold.powers.models import AppealOutcome, CostKind, EngagementKind, HearingOutcome
from clearhold.powers.services import (
    closure_open,
    engagement_record,
    hearing_record,
    notice_issue,
    service_record,
)
from clearhold.powers.services_notice import notice_extend
from clearhold.powers.services_order import (
    appeal_conclude,
    appeal_record,
    cost_record,
    extension_apply,
    order_record,
)
from clearhold.problems.models import MemberRole
from clearhold.problems.services import member_add, partner_add, problem_create
from tests.documents.conftest import add_incidents
from tests.powers.conftest import ALL_CONTENTS, as_dicts

FLAT = "Flat 4, Larkspur House"
ADDRESS = "Flat 4, Larkspur House, 12 Larkspur Road, Wisbech PE13 2LX"
#: The premises as the officer typed them for the notice (s.76(5)(a)): the flat's full address.
DESCRIPTION = ADDRESS
BLOCK_ADDRESS = "12 Larkspur Road, Wisbech PE13 2LX"
COURT = "Peterborough Magistrates' Court"
COURT_ADDRESS = "Bridge Street, Peterborough PE1 1ED"
LANDLORD = "Larkspur Homes Ltd"
TENANT = "The tenant of Flat 4"
NEIGHBOURS = "The occupiers of Flats 1 to 3, 5 and 6, Larkspur House"
COUNCIL = "Fenland District Council"
RESIDENTS_CONTACT = "Fenland District Council ASB team, 01354 654321; or the police on 101"


def _square(lon: float, lat: float, width: float, height: float) -> str:
    ring = [
        [lon, lat],
        [lon + width, lat],
        [lon + width, lat + height],
        [lon, lat + height],
        [lon, lat],
    ]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


@dataclass
class FlatCase:
    problem: Any
    closure: Any
    notice: Any
    order: Any
    extension: Any
    breach: Any
    block: Any
    site: Any
    inspector: Any
    superintendent: Any
    constable: Any
    manager: Any
    issued: dt.datetime
    served: dt.datetime
    heard: dt.datetime
    made_on: dt.date

    @property
    def reference(self) -> str:
        return f"CH-{self.problem.pk}-{self.closure.pk}"


def _people(make_user, police, council) -> dict[str, Any]:
    return {
        "manager": make_user("flatmanager", council, Role.PARTNERSHIP_MANAGER),
        "inspector": make_user("flatinspector", police, Role.SUPERVISOR),
        "superintendent": make_user("flatsuper", police, Role.SENIOR),
        "constable": make_user("flatconstable", police, Role.OFFICER),
    }


def _problem(people: dict[str, Any], police) -> tuple[Any, Any, Any]:
    """The problem at the block, with the block (six flats) and the flat as its sites."""
    manager = people["manager"]
    block = site_create(
        user=manager,
        name="Larkspur House",
        kind="block",
        boundary=_square(0.15800, 52.66500, 0.00045, 0.00014),
        address=BLOCK_ADDRESS,
        managing_landlord=LANDLORD,
    )
    units_import(
        site=block,
        data=b"name,address,residents\n"
        + "".join(
            f'Flat {n},"Flat {n}, Larkspur House, 12 Larkspur Road, Wisbech PE13 2LX",1\n'
            for n in range(1, 7)
        ).encode(),
    )
    site = site_create(
        user=manager,
        name=FLAT,
        kind="dwelling",
        boundary=_square(0.15812, 52.66504, 0.00012, 0.00006),
        address=ADDRESS,
        managing_landlord=LANDLORD,
    )
    problem = problem_create(
        user=manager,
        title="Drug dealing from Flat 4, Larkspur House",
        start_date=timezone.localdate() - dt.timedelta(days=120),
        sites=[block, site],
    )
    partner_add(user=manager, problem=problem, organisation=police, sees_personal_data=True)
    for name in ("inspector", "superintendent", "constable"):
        member_add(user=manager, problem=problem, person=people[name], role=MemberRole.ENFORCEMENT)
    return problem, block, site


def _times() -> tuple[dt.datetime, dt.datetime, dt.datetime, dt.date]:
    """Issue, service and hearing: heard at 10:00 forty days ago, 40 hours after service."""
    made_on = timezone.localdate() - dt.timedelta(days=40)
    heard = dt.datetime.combine(made_on, dt.time(10, 0), tzinfo=UK)
    served = (heard.astimezone(dt.UTC) - dt.timedelta(hours=40)).astimezone(UK)
    issued = (served.astimezone(dt.UTC) - dt.timedelta(hours=1)).astimezone(UK)
    return issued, served, heard, made_on


def _before_the_notice(closure, inspector, issued: dt.datetime) -> None:
    """Informed and consulted before issue (s.76(6),(7))."""
    before = (issued.astimezone(dt.UTC) - dt.timedelta(hours=3)).astimezone(UK)
    for kind, who, how in (
        (EngagementKind.INFORM_OCCUPIERS, TENANT, "Told at the door by PC Tester"),
        (EngagementKind.INFORM_INTERESTED, LANDLORD, "Telephoned the housing manager"),
        (EngagementKind.CONSULT, COUNCIL, "ASB team agreed closure by email"),
    ):
        engagement_record(user=inspector, closure=closure, kind=kind, who=who, at=before, how=how)


def _notice(closure, people, issued, served, heard, neighbours: bool) -> Any:
    notice, _ = notice_issue(
        user=people["inspector"],
        closure=closure,
        hours=24,
        issued_at=issued,
        contents=ALL_CONTENTS,
        exemptions=as_dicts(notice_mandatory_exemptions()),
        hearing_court=COURT,
        hearing_court_address=COURT_ADDRESS,
        hearing_at=heard,
    )
    later = served.astimezone(dt.UTC)
    for act, minutes, detail in (
        ("a", 0, "Fixed to the front door of Flat 4"),
        ("e", 5, "Handed to the tenant of Flat 4 at the door"),
        ("d", 60, "Emailed to Larkspur Homes Ltd, the landlord"),
        ("neighbours", 20, "Through the doors of Flats 1 to 3, 5 and 6"),
    ):
        if act == "neighbours" and not neighbours:
            continue
        service_record(
            user=people["constable"],
            notice=notice,
            act=act,
            served_at=(later + dt.timedelta(minutes=minutes)).astimezone(UK),
            detail=detail,
        )
    notice_extend(
        user=people["superintendent"],
        notice=notice,
        extension_hours=24,
        at=(later + dt.timedelta(hours=20)).astimezone(UK),
    )
    return notice


def _after_the_order(closure, order, people, made_on: dt.date) -> tuple[Any, Any]:
    """A breach, the costs of securing, an appeal dismissed and an extension applied for."""
    inspector, today = people["inspector"], timezone.localdate()
    breach = breach_record(
        user=people["constable"],
        closure=closure,
        occurred_at=dt.datetime.combine(made_on + dt.timedelta(days=15), dt.time(22, 30), UK),
        seen="Two men forced the boarded front door and went into the flat",
        place="The front door of Flat 4",
    )
    for kind, days, amount, what in (
        (CostKind.SECURING, 0, "640.00", "Boarding the door and windows of Flat 4"),
        (CostKind.MAINTENANCE, 16, "185.50", "Replacing the forced board on the front door"),
    ):
        cost_record(user=inspector, closure=closure, kind=kind,
                    on=made_on + dt.timedelta(days=days), amount=Decimal(amount),
                    description=what)  # fmt: skip
    appeal = appeal_record(
        user=inspector,
        closure=closure,
        decision_on=made_on,
        lodged_on=made_on + dt.timedelta(days=10),
        appellant=TENANT,
    )
    appeal_conclude(
        user=inspector,
        appeal=appeal,
        outcome=AppealOutcome.DISMISSED,
        on=made_on + dt.timedelta(days=25),
    )
    engagement_record(
        user=inspector,
        closure=closure,
        kind=EngagementKind.CONSULT_EXTENSION,
        who=COUNCIL,
        at=dt.datetime.combine(today - dt.timedelta(days=3), dt.time(11, 0), UK),
        how="ASB team agreed the extension at the partnership meeting",
    )
    extension, _ = extension_apply(
        user=inspector,
        order=order,
        applied_on=today - dt.timedelta(days=2),
        new_ends_on=add_months(order.ends_on, 2),
    )
    return breach, extension


def flat_case_build(make_user, police, council, *, neighbours: bool = True) -> FlatCase:
    """The whole world: people, problem, closure, notice, order and what followed it;
    ``neighbours=False`` leaves out serving the other flats of the block (s.79(3))."""
    people = _people(make_user, police, council)
    problem, block, site = _problem(people, police)
    inspector = people["inspector"]
    issued, served, heard, made_on = _times()
    months = [(made_on - dt.timedelta(days=d)).replace(day=1) for d in (35, 65, 95, 125)]
    add_incidents(site, months[:3], category="drugs")
    add_incidents(site, months[3:], category="asb-personal")
    details_save(
        user=people["manager"],
        problem=problem,
        residents_contact=RESIDENTS_CONTACT,
        housing_advice="Shelter Cambridgeshire, 0808 800 4444, 1 Example Road, Cambridge",
        legal_advice="Fenland Law Centre, 01945 000000, 2 Example Street, Wisbech",
        signatory="A. Officer, ASB Officer, Fenland District Council",
    )
    closure, _ = closure_open(
        user=inspector,
        problem=problem,
        site=site,
        premises_description=DESCRIPTION,
        premises_kind="dwelling",
        dwelling=True,
    )
    _before_the_notice(closure, inspector, issued)
    notice = _notice(closure, people, issued, served, heard, neighbours)
    hearing_record(
        user=inspector, closure=closure, court=COURT, heard_at=heard,
        outcome=HearingOutcome.ORDER_MADE,
    )  # fmt: skip
    order, _ = order_record(
        user=inspector,
        closure=closure,
        made_on=made_on,
        ends_on=add_months(made_on, 3),
        court=COURT,
        partial=False,
        exemptions=[],
    )
    breach, extension = _after_the_order(closure, order, people, made_on)
    return FlatCase(
        problem=problem, closure=closure, notice=notice, order=order, extension=extension,
        breach=breach, block=block, site=site, issued=issued, served=served, heard=heard,
        made_on=made_on, **people,
    )  # fmt: skip
