"""The Barnet problem: the estate's outline and its 49 illustrative blocks, the four partners,
the reported 50% fall in burglary as an illustrative objective to check, and Operation Dakota.

The estate outline is the evaluation target of docs/evaluation-barnet.md (the five 2021 LSOAs
round the estate's centre), so the problem's Evaluate page, with the write-up's fields, gives
the figures that document quotes.
"""

from __future__ import annotations

import datetime as dt
import json

import shapely
from django.db import transaction

from clearhold.accounts.models import Organisation, User
from clearhold.places.services import site_create
from clearhold.powers.demo_operation import demo_operation_load
from clearhold.problems.models import MemberRole, Problem
from clearhold.problems.objectives import objective_create
from clearhold.problems.services import member_add, partner_add, problem_create
from clearhold.web.demo_barnet import (
    ESTATE,
    ILLUSTRATIVE,
    MET,
    ORGANISATIONS,
    PEOPLE,
    TITLE,
    block_outlines,
    estate_outline,
)

SUMMARY = (
    "Burglary and anti-social behaviour in the stairwells, corridors and landings of "
    "the estate's blocks. Under Operation Dakota the Metropolitan Police obtained 49 closure "
    "orders on the blocks' communal areas from July 2023, for three months, then extended "
    "them; the partnership reported a 50% decrease in reported burglaries. The 49 blocks in "
    "this demo are illustrative outlines: the real block list is not public."
)
# What each review found: the orders' dates are the case's, the rest is the demo's story.
REVIEW_FINDINGS = {
    3: "The 49 orders ran to 4 October 2023 and the court extended them to 4 January 2024 "
    "(s.82). Keep patrolling the blocks in walking order and log every breach against its order.",
    6: "The orders ended on 4 January 2024. Door-entry repairs and secure bin stores are to hold "
    "the communal areas without them; assess whether burglary stays at its lower level.",
    12: "A year on: police.uk burglary on the estate is about half its 2022 level, but most of "
    "that fall came before the orders (see the evaluation page and docs/evaluation-barnet.md).",
}
MEMBERS = (
    ("barnet-inspector", MemberRole.ENFORCEMENT),
    ("barnet-officer", MemberRole.ENFORCEMENT),
    ("barnet-housing", MemberRole.HOUSING),
    ("barnet-analyst", MemberRole.ANALYST),
    ("barnet-partner", MemberRole.SUPPORT),
)


def _sites(manager: User) -> tuple[object, list[object]]:
    """The estate outline (the evaluation target) and the 49 blocks in walking order."""
    outline = shapely.geometry.mapping(estate_outline())
    estate = site_create(
        user=manager,
        name=ESTATE,
        kind="other",
        boundary=json.dumps(outline),
        managing_landlord="Barnet Homes",
        address="Grahame Park, Colindale, London NW9",
        origin="Union of the 2021 LSOAs Barnet 026B, 026E, 042C, 042D and 042E (ONS)",
    )
    blocks = [
        site_create(
            user=manager,
            name=name,
            kind="block",
            boundary=boundary,
            managing_landlord="Barnet Homes",
            address="Grahame Park estate, Colindale, London NW9",
            origin=ILLUSTRATIVE,
        )
        for name, boundary in block_outlines()
    ]
    return estate, blocks


@transaction.atomic
def barnet_problem_load() -> str:
    """Create the Barnet problem and run Operation Dakota on it, unless it is already there."""
    if Problem.objects.filter(title=TITLE).exists():
        return "The Barnet estate problem and Operation Dakota are already loaded."
    people = {u.username: u for u in User.objects.filter(username__in=[p.username for p in PEOPLE])}
    manager = people["barnet-manager"]
    organisations = {
        o.name: o for o in Organisation.objects.filter(name__in=[n for n, *_ in ORGANISATIONS])
    }
    estate, blocks = _sites(manager)
    problem = problem_create(
        user=manager, title=TITLE, start_date=dt.date(2023, 7, 1), sites=[estate, *blocks],
        summary=SUMMARY,
    )  # fmt: skip
    for name in (MET, "Barnet Homes", "Colindale Communities Trust"):
        partner_add(
            user=manager,
            problem=problem,
            organisation=organisations[name],
            sees_personal_data=name != "Colindale Communities Trust",
        )
    for username, role in MEMBERS:
        member_add(user=manager, problem=problem, person=people[username], role=role)
    objective_create(
        user=manager,
        problem=problem,
        title="Illustrative objective: 50% fewer reported burglaries within a year",
        categories=["burglary"],
        site=estate,
        baseline_from=dt.date(2022, 7, 1),
        baseline_to=dt.date(2023, 6, 1),
        target_change_pct=-50,
        deadline=dt.date(2024, 7, 1),
    )
    operation = demo_operation_load(
        problem=problem,
        blocks=blocks,
        inspector=people["barnet-inspector"],
        constable=people["barnet-officer"],
    )
    from clearhold.web.demo_story import demo_story_bring_to_stage

    demo_story_bring_to_stage(problem=problem, manager=manager, findings=REVIEW_FINDINGS)
    count = operation.closures.count()
    return f"Loaded the Barnet problem with {operation.name}: {count} closure orders, extended."
