"""A Wisbech closure built through the services, step by step, for the powers tests."""

from __future__ import annotations

import datetime as dt

import pytest

from clearhold.accounts.roles import Role
from clearhold.law import UK
from clearhold.law.access import exemptions_from_codes, notice_mandatory_exemptions
from clearhold.powers.models import EngagementKind, HearingOutcome
from clearhold.powers.services import (
    closure_open,
    engagement_record,
    hearing_record,
    notice_issue,
    service_record,
)
from clearhold.powers.services_order import order_record
from clearhold.problems.models import MemberRole
from clearhold.problems.services import member_add, partner_add

ISSUED = dt.datetime(2025, 5, 5, 14, 0, tzinfo=UK)
SERVED = dt.datetime(2025, 5, 5, 15, 30, tzinfo=UK)
HEARD = dt.datetime(2025, 5, 7, 10, 0, tzinfo=UK)
ALL_CONTENTS = [
    "identifies_premises",
    "explains_effect",
    "states_offence",
    "states_order_application",
    "hearing_when_and_where",
    "explains_order_effect",
    "housing_and_legal_advice_contacts",
]
#: What the notice form needs beyond the basics: the court's address (s.76(5)(e)) and the
#: officer's word that the advice organisations on record are local (s.76(5)(g)).
ADVISED = {
    "hearing_court_address": "The Court House, Parkside, Cambridge CB1 1JA",
    "advice_is_local": "on",
}
WISBECH_CODES = (
    "residents",
    "residents_visitors",
    "emergency_services",
    "housing_staff",
    "council_staff",
)


def as_dicts(exemptions) -> list[dict]:
    from dataclasses import asdict

    return [asdict(e) for e in exemptions]


def wisbech_exemptions() -> list[dict]:
    return as_dicts(
        exemptions_from_codes(
            WISBECH_CODES,
            organisation_by_code={
                "housing_staff": "Clarion Housing",
                "council_staff": "Fenland District Council",
            },
        )
    )


@pytest.fixture
def inspector(make_user, police, problem, manager):
    person = make_user("inspector", police, Role.SUPERVISOR)
    partner_add(user=manager, problem=problem, organisation=police)
    member_add(user=manager, problem=problem, person=person, role=MemberRole.ENFORCEMENT)
    return person


@pytest.fixture
def superintendent(make_user, police, problem, manager):
    person = make_user("superintendent", police, Role.SENIOR)
    partner_add(user=manager, problem=problem, organisation=police)
    member_add(user=manager, problem=problem, person=person, role=MemberRole.ENFORCEMENT)
    return person


@pytest.fixture
def advice(problem):
    """The problem's local housing and legal advice contacts, which the notice prints."""
    from clearhold.documents.models import DocumentDetails

    return DocumentDetails.objects.create(
        problem=problem,
        housing_advice="Fenland District Council Housing Options, 01354 654321",
        legal_advice="Cambridge Citizens Advice, 0808 278 7808",
    )


@pytest.fixture
def closure(problem, site, inspector):
    closure, _ = closure_open(
        user=inspector,
        problem=problem,
        site=site,
        premises_description="The open space off West Street, Wisbech, bounded by its fence",
        premises_kind="land",
    )
    return closure


@pytest.fixture
def prepared(closure, inspector):
    """Informed and consulted before issue (s.76(6),(7))."""
    before = ISSUED - dt.timedelta(hours=3)
    for kind, who in (
        (EngagementKind.INFORM_OCCUPIERS, "Residents of Onyx Court"),
        (EngagementKind.INFORM_INTERESTED, "Clarion Housing"),
        (EngagementKind.CONSULT, "Fenland District Council"),
    ):
        engagement_record(user=inspector, closure=closure, kind=kind, who=who, at=before)
    return closure


def issue(closure, user, **overrides):
    kwargs = {
        "hours": 24,
        "issued_at": ISSUED,
        "contents": ALL_CONTENTS,
        "exemptions": as_dicts(notice_mandatory_exemptions()),
        "hearing_court": "Cambridge Magistrates' Court",
        "hearing_court_address": "The Court House, Parkside, Cambridge CB1 1JA",
        "hearing_at": HEARD,
    }
    kwargs.update(overrides)
    return notice_issue(user=user, closure=closure, **kwargs)


@pytest.fixture
def notice(prepared, inspector):
    return issue(prepared, inspector)[0]


@pytest.fixture
def served(notice, constable):
    service_record(user=constable, notice=notice, act="a", served_at=SERVED, detail="Gate")
    return notice


@pytest.fixture
def order(served, inspector):
    closure = served.closure
    hearing_record(
        user=inspector,
        closure=closure,
        court="Cambridge Magistrates' Court",
        heard_at=HEARD,
        outcome=HearingOutcome.ORDER_MADE,
    )
    return order_record(
        user=inspector,
        closure=closure,
        made_on=dt.date(2025, 5, 7),
        ends_on=dt.date(2025, 8, 7),
        court="Cambridge Magistrates' Court",
        partial=True,
        exemptions=wisbech_exemptions(),
    )[0]


@pytest.fixture
def live_order(closure, inspector, constable):
    """A partial order with the Wisbech exemptions, made two days ago and in force now."""
    from django.utils import timezone

    now = timezone.now().astimezone(UK).replace(second=0, microsecond=0)
    issued = now - dt.timedelta(days=3)
    for kind in (
        EngagementKind.INFORM_OCCUPIERS,
        EngagementKind.INFORM_INTERESTED,
        EngagementKind.CONSULT,
    ):
        engagement_record(
            user=inspector,
            closure=closure,
            kind=kind,
            who="Clarion Housing",
            at=issued - dt.timedelta(hours=2),
        )
    heard = issued + dt.timedelta(hours=30)
    notice, _ = issue(closure, inspector, issued_at=issued, hearing_at=heard)
    service_record(user=constable, notice=notice, act="a", served_at=issued + dt.timedelta(hours=1))
    hearing_record(
        user=inspector,
        closure=closure,
        court="Cambridge Magistrates' Court",
        heard_at=heard,
        outcome=HearingOutcome.ORDER_MADE,
    )
    made = heard.date()
    from clearhold.law import add_months

    return order_record(
        user=inspector,
        closure=closure,
        made_on=made,
        ends_on=add_months(made, 3),
        court="Cambridge Magistrates' Court",
        partial=True,
        exemptions=wisbech_exemptions(),
    )[0]


@pytest.fixture
def flat_order_made(closure, inspector, constable):
    """A cuckooed flat whose notice was served two days ago; the court made an order today."""
    closure.premises_description = "Flat 4, Onyx Court, Wisbech"
    closure.premises_kind = "dwelling"
    closure.dwelling = True
    closure.save()
    from django.utils import timezone

    now = timezone.now().astimezone(UK).replace(second=0, microsecond=0)
    issued = now - dt.timedelta(hours=30)
    for kind in (
        EngagementKind.INFORM_OCCUPIERS,
        EngagementKind.INFORM_INTERESTED,
        EngagementKind.CONSULT,
    ):
        engagement_record(
            user=inspector, closure=closure, kind=kind, who="Clarion", at=issued - dt.timedelta(1)
        )
    heard = issued + dt.timedelta(hours=20)
    notice, _ = issue(closure, inspector, issued_at=issued, hearing_at=heard)
    service_record(user=constable, notice=notice, act="a", served_at=issued + dt.timedelta(hours=1))
    hearing_record(
        user=inspector,
        closure=closure,
        court="Cambridge Magistrates' Court",
        heard_at=heard,
        outcome=HearingOutcome.ORDER_MADE,
    )
    return closure, heard.date()
