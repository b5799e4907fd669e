"""Draw page 1 of the Wisbech demo's court papers as PNG images for the README.

Loads the demo partnership into a fresh folder (never the user's ``var/``), makes each paper as
the demo's inspector for court preparation, and turns its first page into a PNG with poppler's
``pdftoppm``. Run from the repository root: ``.venv/bin/python scripts/paper_images.py``.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "docs" / "images"
STATEMENT = "Drug dealing and intimidation on the open space, seen by residents and patrols."
#: Each paper: its kind and the officer's choices (it is made from the closure or the problem,
#: as its kind says).
PAPERS = {
    "closure_notice": {},
    "court_application": {
        "grounds": ["a", "b"],
        "statement": STATEMENT,
        "order_sought": "partial",
        "exempt": ["residents", "residents_visitors", "emergency_services"],
        "proposed_ends_on": dt.date(2025, 8, 7),
    },
    "draft_order": {"plan_reference": "Plan 1, annexed"},
    "service_certificate": {},
    "witness_statement": {"witness": "issuer"},
    "door_sign": {},
    "extension_application": {"grounds": ["a"], "statement": STATEMENT},
    "evidence_bundle": {},
    "consultation_record": {},
    "access_application": {
        "applicant": "A neighbour",
        "capacity": "occupier",
        "part": "Onyx Court",
        "access": "Along the footpath.",
    },
    "compensation_response": {
        "claimant": "Wisbech Market Traders Ltd",
        "capacity": "other",
        "amount": "1250.00",
        "lodged_on": dt.date(2025, 9, 15),
    },
    "resident_letter": {
        "description": "People have been dealing drugs and threatening residents nearby."
    },
}


def _first_page(pdf: bytes, name: str) -> Path:
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "paper.pdf"
        source.write_bytes(pdf)
        target = OUT / f"paper-{name.replace('_', '-')}"
        subprocess.run(  # poppler on a file this script wrote
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", source, target],
            check=True,
        )
    return target.with_suffix(".png")


def main() -> int:
    os.environ["CLEARHOLD_VAR"] = tempfile.mkdtemp(prefix="clearhold-papers-")
    from clearhold.toolkit.bootstrap import django_setup

    django_setup(demo=True)
    from django.core.management import call_command

    from clearhold.accounts.models import User
    from clearhold.documents.kinds import kind_get
    from clearhold.documents.services import DocumentBlocked, document_generate
    from clearhold.problems.models import Problem
    from clearhold.web.demo import demo_incidents_load, demo_partnership_load, demo_problem_load

    call_command("migrate", interactive=False, verbosity=0)
    demo_partnership_load()
    demo_incidents_load()
    demo_problem_load()
    inspector = User.objects.get(username="inspector")
    problem = Problem.objects.get()
    subjects = {"closure": problem.closures.get(), "problem": problem}
    for key, inputs in PAPERS.items():
        kind = kind_get(key)
        try:
            made = document_generate(
                user=inspector, kind=kind, subject=subjects[kind.subject], fmt="pdf",
                inputs=inputs, purpose="court_preparation",
            )  # fmt: skip
        except DocumentBlocked as blocked:
            print(f"{key}: not made: {' '.join(blocked.messages)}", file=sys.stderr)
            continue
        with made.file.open("rb") as stored:
            print(_first_page(stored.read(), key))
    return 0


if __name__ == "__main__":
    sys.exit(main())
