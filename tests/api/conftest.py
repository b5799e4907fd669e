"""The Wisbech problem with a plan, a meeting, a person under enforcement and a closure order
with a breach, and API tokens for the people who call the API about it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache

from clearhold.api.tokens import api_token_create
from clearhold.problems.actions import action_create
from clearhold.problems.meetings import meeting_create
from clearhold.problems.models import Layer, MemberRole, Vat
from clearhold.problems.objectives import objective_create
from clearhold.problems.services import member_add, partner_add, vulnerable_person_add
from tests.powers.conftest import (  # noqa: F401  (fixtures)
    SERVED,
    closure,
    inspector,
    notice,
    order,
    prepared,
    served,
)


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def token_of(db):
    def make(user, name: str = "test script") -> str:
        return api_token_create(user=user, name=name)[1]

    return make


@pytest.fixture
def call(client):
    """``call(method, path, token=..., **query)`` → the response, JSON-decoded as ``.data``."""

    def do(method: str, path: str, *, token: str | None = None, json=None, **query):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        send = getattr(client, method.lower())
        if method.upper() == "GET":
            response = send(path, query, headers=headers)
        else:
            response = send(path, json, content_type="application/json", headers=headers)
        is_json = response.get("Content-Type", "").startswith("application/json")
        response.data = response.json() if is_json else None
        return response

    return do


@pytest.fixture
def wisbech(problem, site, manager, charity, partner_viewer, constable, order):  # noqa: F811
    """The problem, shared with a voluntary partner (no personal data), with its plan."""
    from clearhold.powers.breaches import breach_record
    from clearhold.powers.people import person_add

    partner_add(user=manager, problem=problem, organisation=charity, sees_personal_data=False)
    member_add(user=manager, problem=problem, person=partner_viewer, role=MemberRole.SUPPORT)
    member_add(
        user=manager,
        problem=problem,
        person=manager,
        role=MemberRole.LEAD,
        sees_special_category=True,
    )
    problem.offender_notes = "Two named young men deal from the gate"
    problem.save()
    fencing = action_create(
        user=manager,
        problem=problem,
        title="Fence the open space",
        layer=Layer.ENVIRONMENT,
        owner_organisation=manager.organisation,
        owner=manager,
        due_date=dt.date(2025, 6, 30),
        cost=Decimal("2800"),
        vat=Vat.PLUS_VAT,
        funder="Safer Streets",
    )
    action_create(
        user=manager,
        problem=problem,
        title="Gate",
        layer=Layer.ENVIRONMENT,
        owner_organisation=manager.organisation,
        due_date=dt.date(2025, 7, 31),
        status="done",
    )
    objective_create(
        user=manager,
        problem=problem,
        title="75% fewer ASB reports in six months",
        categories=["asb-nuisance"],
        site=site,
        baseline_from=dt.date(2024, 11, 1),
        baseline_to=dt.date(2025, 4, 1),
        target_change_pct=-75,
        deadline=dt.date(2025, 11, 30),
    )
    meeting_create(
        user=manager,
        problem=problem,
        date=dt.date(2025, 6, 2),
        attendees=[manager, partner_viewer],
        notes="Fencing agreed",
    )
    vulnerable_person_add(user=manager, problem=problem, description="An older resident")
    person = person_add(user=manager, problem=problem, name="Jay Example")
    closure = order.closure  # noqa: F811
    breach_record(
        user=constable,
        closure=closure,
        occurred_at=SERVED + dt.timedelta(days=3),
        seen="Jay Example climbing the fence",
        person=person,
    )
    return {"problem": problem, "action": fencing, "person": person, "closure": closure}


@pytest.fixture
def stranger(make_user, db):
    """An officer of an organisation with no part in the Wisbech problem."""
    from clearhold.accounts.roles import OrganisationType
    from clearhold.accounts.services import organisation_create

    elsewhere = organisation_create(name="Elsewhere Housing", kind=OrganisationType.HOUSING)
    return make_user("stranger", elsewhere)
