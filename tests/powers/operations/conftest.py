"""An estate of ten blocks (illustrative outlines near Grahame Park, Barnet) on one problem,
with a police inspector and constable on it, for the operation tests."""

from __future__ import annotations

import json

import pytest

from clearhold.accounts.roles import Role
from clearhold.places.services import site_create
from clearhold.powers.services_operation import PremisesPick, operation_create
from clearhold.problems.models import MemberRole
from clearhold.problems.services import member_add, partner_add, problem_create
from tests.powers.conftest import wisbech_exemptions

# Ten blocks in a row along a street, west to east, each about 40 m by 25 m.
WEST, SOUTH = -0.2480, 51.6010
STEP, WIDTH, DEPTH = 0.0008, 0.00055, 0.00022
COMMUNAL = "the stairwells, corridors, landings and shared routes"


def block_outline(n: int) -> str:
    west = WEST + n * STEP
    ring = [
        [west, SOUTH],
        [west + WIDTH, SOUTH],
        [west + WIDTH, SOUTH + DEPTH],
        [west, SOUTH + DEPTH],
        [west, SOUTH],
    ]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


@pytest.fixture
def blocks(db, manager):
    return [
        site_create(
            user=manager,
            name=f"Block {chr(ord('A') + n)}",
            kind="block",
            boundary=block_outline(n),
            address=f"{n + 1} Lanacre Avenue, London NW9 5FN",
            origin="Illustrative outline (the real block list is not public)",
        )
        for n in range(10)
    ]


@pytest.fixture
def estate(blocks, manager):
    return problem_create(
        user=manager,
        title="Burglary and ASB in the estate's blocks",
        start_date=__import__("datetime").date(2023, 7, 1),
        sites=blocks,
    )


@pytest.fixture
def estate_inspector(make_user, police, estate, manager):
    person = make_user("estate_inspector", police, Role.SUPERVISOR)
    partner_add(user=manager, problem=estate, organisation=police)
    member_add(user=manager, problem=estate, person=person, role=MemberRole.ENFORCEMENT)
    return person


@pytest.fixture
def estate_constable(make_user, police, estate, manager, estate_inspector):
    person = make_user("estate_constable", police, Role.OFFICER)
    member_add(user=manager, problem=estate, person=person, role=MemberRole.ENFORCEMENT)
    return person


@pytest.fixture
def operation(estate, blocks, estate_inspector):
    operation, result = operation_create(
        user=estate_inspector,
        problem=estate,
        name="Operation Dakota",
        picks=[PremisesPick(site=block) for block in blocks],
        part_description=COMMUNAL,
        exemptions=wisbech_exemptions(),
    )
    assert result.stored
    assert not result.refused
    return operation
