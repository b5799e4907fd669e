"""Benchmark: an operation's 49 closure notices as one PDF in street order, target < 15 s
(issue 20, item 7), beside the same 49 notices made one by one through the single-notice path.

Data: made here, through the services, not read: a council's partnership manager and a police
inspector on one problem of 49 block sites (illustrative outlines in a row, like the tests'
estate), the document details, an operation of 49 closures of the blocks' communal areas
(``operation_create``), and for each closure the informing and consulting before a notice
(s.76(6),(7)) and a 24-hour notice issued (``notice_issue``), in a throw-away SQLite store
under a temporary folder (set-up timed apart, as "set-up"). One notice is laid out untimed
first, so neither path pays WeasyPrint's start-up (font loading) alone.

Timed:

* **bulk**: ``operation_notices_make`` end to end, as the Papers page runs it: 49 notices built
  by the closure notice's builder through one reader, each filled in and laid out on its own,
  a contents page, the joined tagged PDF, the ZIP of the 49 files, both stored and audited.
* **one by one**: ``document_generate`` for the closure notice of each of the 49 closures, as
  the Generate page makes a single notice: 49 PDFs, 49 stored files and audit entries, and no
  joined PDF or contents page (the officer would still have to join them).

The two paths run alternately ``--runs`` times (each run stores its files again) and the best
of each is compared: on a shared machine a single run mostly measures the neighbours.

Run: ``.venv/bin/python bench/bench_operation_papers.py [--premises 49] [--runs 2]
[--no-single]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from dataclasses import asdict

TARGET_SECONDS = 15.0
PASSWORD = "a-long-benchmark-password-2026"
WEST, SOUTH, STEP = -0.2480, 51.6010, 0.0008
CONTENTS = [
    "identifies_premises",
    "explains_effect",
    "states_offence",
    "states_order_application",
    "hearing_when_and_where",
    "explains_order_effect",
    "housing_and_legal_advice_contacts",
]


def _setup_django() -> None:
    scratch = tempfile.mkdtemp(prefix="clearhold-bench-operation-papers-")
    os.environ.update(
        CLEARHOLD_VAR=scratch,
        CLEARHOLD_SECRET_KEY="benchmark-only",
        DJANGO_SETTINGS_MODULE="clearhold.web.settings",
    )
    os.environ.pop("DATABASE_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _outline(n: int) -> str:
    row, column = divmod(n, 10)
    west, south = WEST + column * STEP, SOUTH + row * 0.0005
    ring = [[west, south], [west + 0.00055, south], [west + 0.00055, south + 0.00022]]
    ring += [[west, south + 0.00022], [west, south]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


def _people():
    from clearhold.accounts.roles import OrganisationType, Role
    from clearhold.accounts.services import organisation_create, user_create

    council = organisation_create(name="Barnet Council", kind=OrganisationType.COUNCIL)
    police = organisation_create(name="Metropolitan Police", kind=OrganisationType.POLICE)
    manager = user_create(
        username="manager",
        password=PASSWORD,
        organisation=council,
        role=Role.PARTNERSHIP_MANAGER,
    )
    inspector = user_create(
        username="inspector", password=PASSWORD, organisation=police, role=Role.SUPERVISOR
    )
    return manager, inspector, police


def _operation(premises: int):
    """The problem of ``premises`` blocks and its operation, every notice issued."""
    from clearhold.documents.services import details_save
    from clearhold.law.access import exemptions_from_codes, notice_mandatory_exemptions
    from clearhold.places.services import site_create
    from clearhold.powers.services_operation import PremisesPick, operation_create
    from clearhold.problems.models import MemberRole
    from clearhold.problems.services import member_add, partner_add, problem_create

    manager, inspector, police = _people()
    blocks = [
        site_create(
            user=manager,
            name=f"Block {n + 1}",
            kind="block",
            boundary=_outline(n),
            address=f"{n + 1} Lanacre Avenue, London NW9 5FN",
        )
        for n in range(premises)
    ]
    problem = problem_create(
        user=manager, title="ASB in the blocks", start_date=dt.date(2023, 7, 1), sites=blocks
    )
    partner_add(user=manager, problem=problem, organisation=police)
    member_add(user=manager, problem=problem, person=inspector, role=MemberRole.ENFORCEMENT)
    details_save(
        user=manager,
        problem=problem,
        residents_contact="Barnet Council ASB team, 020 8359 2000",
        housing_advice="Barnet Homes Housing Options, 020 8359 4800",
        legal_advice="Barnet Citizens Advice, 0808 278 7838",
        signatory="Sam Patel, ASB Officer, Barnet Council",
    )
    codes = ("residents", "residents_visitors", "emergency_services", "housing_staff")
    allowed = exemptions_from_codes(codes, organisation_by_code={"housing_staff": "Barnet Homes"})
    operation, result = operation_create(
        user=inspector,
        problem=problem,
        name="Operation Dakota",
        picks=[PremisesPick(site=block) for block in blocks],
        part_description="the stairwells, corridors, landings and shared routes",
        exemptions=[asdict(e) for e in allowed],
        notice_hours=24,
    )
    if not result.stored or result.refused:
        raise SystemExit(f"The operation was refused: {result.refused}")
    _issue_all(operation, inspector, [asdict(e) for e in notice_mandatory_exemptions()])
    return operation, inspector


def _issue_all(operation, inspector, exemptions: list[dict]) -> None:
    from clearhold.law import UK
    from clearhold.powers.models import EngagementKind
    from clearhold.powers.selectors import operation_closures
    from clearhold.powers.services import engagement_record, notice_issue

    issued = dt.datetime(2023, 7, 3, 9, 0, tzinfo=UK)
    for closure in operation_closures(operation):
        for kind in (
            EngagementKind.INFORM_OCCUPIERS,
            EngagementKind.INFORM_INTERESTED,
            EngagementKind.CONSULT,
        ):
            engagement_record(
                user=inspector,
                closure=closure,
                kind=kind,
                who="Barnet Homes",
                at=issued - dt.timedelta(hours=2),
            )
        notice_issue(
            user=inspector,
            closure=closure,
            hours=24,
            issued_at=issued,
            contents=CONTENTS,
            exemptions=exemptions,
            hearing_court="Willesden Magistrates' Court",
            hearing_court_address="448 High Road, London NW10 2DZ",
            hearing_at=issued + dt.timedelta(hours=25),
        )


def _one_by_one(operation, user) -> int:
    from clearhold.documents.kinds import kind_get
    from clearhold.documents.services import document_generate
    from clearhold.powers.selectors import operation_closures

    kind = kind_get("closure_notice")
    made = [
        document_generate(user=user, kind=kind, subject=closure, fmt="pdf")
        for closure in operation_closures(operation)
    ]
    return sum(document.size for document in made)


def _warm_up(operation, user) -> None:
    """Lay out one notice untimed: the first layout in a process loads WeasyPrint's fonts
    (a few seconds), which neither timed path should carry alone."""
    from clearhold.documents.kinds import kind_get
    from clearhold.documents.selectors import template_for
    from clearhold.documents.services import document_bytes, problem_of
    from clearhold.powers.selectors import operation_closures
    from clearhold.readmodel import Reader

    kind = kind_get("closure_notice")
    closure = operation_closures(operation)[0]
    with Reader(user, log=False) as reader:
        content = kind.build(subject=closure, reader=reader, inputs={})
    document_bytes(kind, content, "pdf", "", template_for(kind, problem_of(closure)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--premises", type=int, default=49)
    parser.add_argument("--no-single", action="store_true", help="skip the one-by-one path")
    parser.add_argument("--runs", type=int, default=2, help="runs of each path, alternated")
    args = parser.parse_args()
    _setup_django()
    from clearhold.documents.operation_notices import operation_notices_make

    started = time.perf_counter()
    operation, inspector = _operation(args.premises)
    set_up = time.perf_counter() - started
    print(f"set-up: {args.premises} closures, engagements and notices in {set_up:.1f} s")

    _warm_up(operation, inspector)
    bulk, single = [], []
    for _ in range(args.runs):
        started = time.perf_counter()
        made = operation_notices_make(user=inspector, operation=operation)
        bulk.append(time.perf_counter() - started)
        if not args.no_single:
            started = time.perf_counter()
            size = _one_by_one(operation, inspector)
            single.append(time.perf_counter() - started)
    pages = made.made[-1].first_page + made.made[-1].pages - 1
    best = min(bulk)
    print(
        f"bulk: {len(made.made)} notices as one PDF ({pages} pages, {made.pdf.size:,} bytes) "
        f"and a ZIP ({made.archive.size:,} bytes): best {best:.2f} s of "
        f"{', '.join(f'{t:.2f}' for t in bulk)} "
        f"({'within' if best < TARGET_SECONDS else 'OVER'} the {TARGET_SECONDS:.0f} s target)"
    )
    if made.missing:
        print(f"missing: {', '.join(m.premises for m in made.missing)}")
    if single:
        print(
            f"one by one: {args.premises} single notices through document_generate "
            f"({size:,} bytes in all, not joined): best {min(single):.2f} s of "
            f"{', '.join(f'{t:.2f}' for t in single)}"
        )
        print(f"ratio one by one / bulk (best of each): {min(single) / best:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
