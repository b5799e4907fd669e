"""A Wisbech problem on real incidents, shared by the problem tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from clearhold.accounts.roles import Role
from clearhold.places.services import site_create
from clearhold.problems.services import problem_create

TARGET = Path(__file__).resolve().parents[2] / "docs" / "wisbech-target.geojson"


@pytest.fixture
def manager(make_user, council):
    return make_user("manager", council, Role.PARTNERSHIP_MANAGER)


@pytest.fixture
def site(db, manager):
    return site_create(
        user=manager, name="West Street open space", kind="open_space", boundary=TARGET.read_text()
    )


@pytest.fixture
def problem(site, manager):
    return problem_create(
        user=manager,
        title="ASB on the West Street open space",
        start_date=dt.date(2025, 5, 7),
        sites=[site],
    )


@pytest.fixture
def constable(make_user, police, problem, manager):
    """A police officer named on the problem (enforcement)."""
    from clearhold.problems.models import MemberRole
    from clearhold.problems.services import member_add

    person = make_user("constable", police, Role.OFFICER)
    member_add(user=manager, problem=problem, person=person, role=MemberRole.ENFORCEMENT)
    return person


@pytest.fixture
def outsider(make_user, charity):
    """An officer of an organisation that is not a partner in the problem."""
    return make_user("outsider", charity, Role.OFFICER)
