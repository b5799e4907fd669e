"""Benchmark: an operation of 49 closures from notices to orders, target < 10 s on SQLite.

Data: made here, not read: 49 illustrative block outlines on one estate problem (a 7 × 7 grid
near Grahame Park), a police inspector and constable on it, in a throw-away SQLite store under
a temporary folder (set-up not timed).

Timed, as the operation's pages run them, every step through the services and so through the
law core per premises: ``operation_create`` (49 closures), ``engagements_record`` (informing
and consulting, s.76(6),(7)), ``notices_issue`` (49 notices, ss.76–77), ``service_batch``
(one act each, s.79), ``listing_create`` and ``listing_hear`` (49 hearings and orders as
applied for, s.80).

Baseline, what the partnership would otherwise do with ClearHold one closure at a time: the
same 49 closures taken through the single-closure services (``closure_open``,
``engagement_record`` ×3, ``notice_issue``, ``service_record``, ``hearing_record``,
``order_record``) in a loop, in the same run on a fresh copy of the same store. The ratio
shows what batching costs over that (the savepoints and the per-premises outcomes); the
typing it saves is the point, not the seconds.

Run: ``.venv/bin/python bench/bench_operation.py [--premises 49] [--runs 1]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 10.0
WEST, SOUTH, STEP = -0.2520, 51.5990, 0.0008
SIZE = 0.0004, 0.0002
PASSWORD = "a-long-benchmark-password-2026"


def _setup_django() -> Path:
    scratch = Path(tempfile.mkdtemp(prefix="clearhold-bench-operation-"))
    os.environ.update(
        CLEARHOLD_VAR=str(scratch),
        CLEARHOLD_SECRET_KEY="benchmark-only",
        DJANGO_SETTINGS_MODULE="clearhold.web.settings",
    )
    os.environ.pop("DATABASE_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return scratch


def _outline(n: int) -> str:
    west, south = WEST + (n % 7) * STEP, SOUTH + (n // 7) * STEP
    ring = [
        [west, south],
        [west + SIZE[0], south],
        [west + SIZE[0], south + SIZE[1]],
        [west, south + SIZE[1]],
        [west, south],
    ]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


def _estate(premises: int, title: str):
    """A council manager, a police inspector and constable, and a problem of ``premises``
    blocks (the people are made once and reused)."""
    from clearhold.accounts.models import Organisation, User
    from clearhold.accounts.roles import OrganisationType, Role
    from clearhold.accounts.services import organisation_create, user_create
    from clearhold.places.services import site_create
    from clearhold.problems.models import MemberRole
    from clearhold.problems.services import member_add, partner_add, problem_create

    def person(username: str, organisation, role: str):
        found = User.objects.filter(username=username).first()
        return found or user_create(
            username=username, password=PASSWORD, organisation=organisation, role=role
        )

    council = Organisation.objects.filter(name="Barnet Council").first() or organisation_create(
        name="Barnet Council", kind=OrganisationType.COUNCIL
    )
    police = Organisation.objects.filter(name="Metropolitan Police").first() or (
        organisation_create(name="Metropolitan Police", kind=OrganisationType.POLICE)
    )
    manager = person("manager", council, Role.PARTNERSHIP_MANAGER)
    inspector = person("inspector", police, Role.SUPERVISOR)
    constable = person("constable", police, Role.OFFICER)
    blocks = [
        site_create(
            user=manager,
            name=f"{title} block {n + 1:02d}",
            kind="block",
            boundary=_outline(n),
            address=f"{n + 1} Lanacre Avenue, London NW9",
        )
        for n in range(premises)
    ]
    problem = problem_create(
        user=manager, title=title, start_date=dt.date(2023, 6, 1), sites=blocks
    )
    partner_add(user=manager, problem=problem, organisation=police)
    for officer in (inspector, constable):
        member_add(user=manager, problem=problem, person=officer, role=MemberRole.ENFORCEMENT)
    return problem, blocks, inspector, constable


def _times():
    from clearhold.law import UK

    def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
        return dt.datetime(2023, 7, day, hour, minute, tzinfo=UK)

    return {"told": at(3, 9), "issued": at(3, 14), "served": at(3, 15), "heard": at(4, 10)}


COURT = "Willesden Magistrates' Court"
ADDRESS = "448 High Road, London NW10 2DZ"


def _allow_list() -> list[dict]:
    from dataclasses import asdict

    from clearhold.law.access import exemptions_from_codes

    codes = ("residents", "residents_visitors", "emergency_services", "housing_staff")
    chosen = exemptions_from_codes(codes, organisation_by_code={"housing_staff": "Barnet Homes"})
    return [asdict(e) for e in chosen]


def run_operation(premises: int, label: str) -> float:
    """The batch route, timed: operation, engagements, notices, service, listing, orders."""
    from clearhold.law.notices import CONTENT_RULES
    from clearhold.powers.selectors import operation_closures
    from clearhold.powers.services_operation import (
        PremisesPick,
        engagements_record,
        notices_issue,
        operation_create,
    )
    from clearhold.powers.services_operation_court import (
        HeardRow,
        listing_create,
        listing_hear,
        service_batch,
    )

    problem, blocks, inspector, constable = _estate(premises, label)
    when = _times()
    started = time.perf_counter()
    operation, result = operation_create(
        user=inspector,
        problem=problem,
        name="Operation Dakota",
        picks=[PremisesPick(site=block) for block in blocks],
        part_description="the stairwells, corridors, landings and shared routes",
        exemptions=_allow_list(),
        notice_hours=24,
    )
    closures = operation_closures(operation)
    steps = [
        engagements_record(
            user=inspector,
            operation=operation,
            closures=closures,
            at=when["told"],
            occupiers="Residents of the block",
            interested="Barnet Homes",
            consulted="Barnet Council",
        ),
        notices_issue(
            user=inspector,
            operation=operation,
            closures=closures,
            issued_at=when["issued"],
            hearing_court=COURT,
            hearing_court_address=ADDRESS,
            hearing_at=when["heard"],
            contents={c.pk: list(CONTENT_RULES) for c in closures},
        ),
        service_batch(
            user=constable,
            operation=operation,
            closures=closures,
            act="a",
            served_at=when["served"],
            detail="Fixed to the main entrance door",
        ),
    ]
    listing = listing_create(
        user=inspector, operation=operation, court=COURT, listed_at=when["heard"]
    )
    rows = [HeardRow(closure=c) for c in operation_closures(operation)]
    steps.append(listing_hear(user=inspector, listing=listing, heard_at=when["heard"], rows=rows))
    elapsed = time.perf_counter() - started
    for step in [result, *steps]:
        if step.refused or not step.stored:
            sys.exit(f"A batch step was refused: {step.refused[0].refused}")
    return elapsed


def run_one_by_one(premises: int, label: str) -> float:
    """The same closures through the single-closure services, one at a time, as 49 visits to
    the single-closure pages would store them."""
    from clearhold.law import uk_date
    from clearhold.law.notices import CONTENT_RULES
    from clearhold.powers.models import EngagementKind, HearingOutcome, OrderScope
    from clearhold.powers.services import (
        closure_open,
        engagement_record,
        hearing_record,
        notice_issue,
        service_record,
    )
    from clearhold.powers.services_operation import notice_exemptions
    from clearhold.powers.services_order import order_record

    problem, blocks, inspector, constable = _estate(premises, label)
    when = _times()
    told = (
        (EngagementKind.INFORM_OCCUPIERS, "Residents of the block"),
        (EngagementKind.INFORM_INTERESTED, "Barnet Homes"),
        (EngagementKind.CONSULT, "Barnet Council"),
    )
    part = "the stairwells, corridors, landings and shared routes"
    started = time.perf_counter()
    for block in blocks:
        closure, _ = closure_open(
            user=inspector,
            problem=problem,
            site=block,
            premises_description=f"The communal areas of {block.name}, {block.address}: {part}",
            premises_kind="communal_areas",
        )
        for kind, who in told:
            engagement_record(user=inspector, closure=closure, kind=kind, who=who, at=when["told"])
        notice, _ = notice_issue(
            user=inspector,
            closure=closure,
            hours=24,
            issued_at=when["issued"],
            contents=list(CONTENT_RULES),
            exemptions=notice_exemptions(_allow_list()),
            hearing_court=COURT,
            hearing_court_address=ADDRESS,
            hearing_at=when["heard"],
        )
        service_record(user=constable, notice=notice, act="a", served_at=when["served"])
        hearing_record(
            user=inspector,
            closure=closure,
            court=COURT,
            heard_at=when["heard"],
            outcome=HearingOutcome.ORDER_MADE,
        )
        made = uk_date(when["heard"])
        order_record(
            user=inspector,
            closure=closure,
            made_on=made,
            ends_on=made + dt.timedelta(days=92),
            court=COURT,
            partial=True,
            exemptions=_allow_list(),
            scope=OrderScope.COMMUNAL,
            part_description=part,
        )
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--premises", type=int, default=49)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    scratch = _setup_django()
    try:
        batch, single = [], []
        for run in range(args.runs):
            batch.append(run_operation(args.premises, f"Batch estate {run}"))
            single.append(run_one_by_one(args.premises, f"Single estate {run}"))
        b, s = statistics.median(batch), statistics.median(single)
        print(f"{args.premises} closures, notices, service, one listing and orders (SQLite)")
        print(f"  operation (batch services):      {b:6.2f} s  (target < {TARGET_SECONDS:.0f} s)")
        print(f"  one closure at a time (baseline): {s:6.2f} s")
        print(f"  ratio baseline / batch:           {s / b:6.2f}×")
        return 0 if b < TARGET_SECONDS else 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
