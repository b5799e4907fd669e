"""Benchmark: 500 letters to residents as one PDF (and one Word file), target < 30 s.

Data: made here, not read: a problem with one site, 500 flats with four-line addresses and a
postcode, the document details (residents' contact, signatory) and a partial closure order in
force (so every letter explains it and lists who may still go in: the longest letter), in a
throw-away SQLite store under a temporary folder (set-up not timed).

Timed, as the Generate page runs it: ``document_generate`` end to end — the letters' content
(500 units, their address lines and postcodes), the built-in template rendered per unit, one
tagged A4 PDF laid out by WeasyPrint (a page per letter; in one part per processor, joined with
their tags: ``documents/pdf_merge.py``), its sha256, the stored file and the audit entry. The
same for the Word file (docxtpl) and the mailing-house CSV.

Baselines, what a council would otherwise do with the same tools:

* PDF: the same letter rendered and converted **one letter at a time** with WeasyPrint, 500
  separate PDFs (a loop over a one-letter template). That still leaves 500 files to merge or
  print one by one; merging them needs a PDF library ClearHold does not ship (pypdf), so the
  baseline stops before merging and is a lower bound on that route's time.
* DOCX: a docxtpl mail-merge of 500 separate Word files from the house template, one per
  letter — the scripted form of a Word mail merge to individual documents.

``--page-reference-cache`` adds a run with a proposed fix for a quadratic cost in tagged PDFs
(pydyf's ``PDF.page_references`` rebuilds the tuple of every page's reference each time
WeasyPrint tags an element, so tagging is O(elements × pages)); it is patched in this process
only, and reported apart from the shipped figure.

Run: ``.venv/bin/python bench/bench_letters.py [--letters 500] [--runs 1] [--no-closure]
[--no-baseline] [--page-reference-cache]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOUNDARY = ROOT / "docs" / "wisbech-target.geojson"
TARGET_SECONDS = 30.0
WHAT = (
    "People have been gathering in the stairwells of Onyx Court at night. They have been "
    "dealing drugs and leaving needles."
)


def _setup_django() -> None:
    scratch = tempfile.mkdtemp(prefix="clearhold-bench-letters-")
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


def _problem(letters: int):
    """A partnership manager, a problem with one site of ``letters`` flats, and its details."""
    from clearhold.accounts.roles import OrganisationType, Role
    from clearhold.accounts.services import organisation_create, user_create
    from clearhold.documents.services import details_save
    from clearhold.places.models import Unit
    from clearhold.places.services import site_create
    from clearhold.problems.services import problem_create

    council = organisation_create(name="Fenland District Council", kind=OrganisationType.COUNCIL)
    manager = user_create(
        username="manager",
        password="a-long-benchmark-password-2026",
        organisation=council,
        role=Role.PARTNERSHIP_MANAGER,
        first_name="Jo",
        last_name="Smith",
    )
    site = site_create(user=manager, name="Onyx Court", kind="block", boundary=BOUNDARY.read_text())
    problem = problem_create(
        user=manager, title="ASB at Onyx Court", start_date=dt.date(2025, 5, 7), sites=[site]
    )
    address = "Flat {n}\nOnyx Court\nWest Street\nWisbech PE13 1AB"
    Unit.objects.bulk_create(
        Unit(site=site, name=f"Flat {n}", address=address.format(n=n))
        for n in range(1, letters + 1)
    )
    details_save(
        user=manager,
        problem=problem,
        residents_contact="Fenland District Council ASB team, 01354 654321, asb@fenland.example",
        housing_advice="Shelter Cambridgeshire, 0808 800 4444",
        signatory="Jo Smith, ASB Officer, Fenland District Council",
    )
    return manager, problem


def _closure_in_force(problem, manager) -> None:
    """A partial closure order made two days ago on the site, as in the powers tests: every
    letter then explains it and lists who may still go in (the longest letter)."""
    from dataclasses import asdict

    from django.utils import timezone

    from clearhold.accounts.roles import OrganisationType, Role
    from clearhold.accounts.services import organisation_create, user_create
    from clearhold.law import UK, add_months
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
    from clearhold.problems.services import member_add

    police = organisation_create(name="Cambridgeshire Constabulary", kind=OrganisationType.POLICE)
    inspector = user_create(
        username="inspector",
        password="a-long-benchmark-password-2026",
        organisation=police,
        role=Role.SUPERVISOR,
    )
    member_add(user=manager, problem=problem, person=inspector, role=MemberRole.ENFORCEMENT)
    closure, _ = closure_open(
        user=inspector,
        problem=problem,
        site=problem.sites.get(),
        premises_description="The communal stairwells and landings of Onyx Court",
        premises_kind="land",
    )
    issued = timezone.now().astimezone(UK).replace(second=0, microsecond=0) - dt.timedelta(days=3)
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
    notice, _ = notice_issue(
        user=inspector,
        closure=closure,
        hours=24,
        issued_at=issued,
        contents=[
            "identifies_premises",
            "explains_effect",
            "states_offence",
            "states_order_application",
            "hearing_when_and_where",
            "explains_order_effect",
            "housing_and_legal_advice_contacts",
        ],
        exemptions=[asdict(e) for e in notice_mandatory_exemptions()],
        hearing_court="Cambridge Magistrates' Court",
        hearing_at=heard,
    )
    service_record(user=inspector, notice=notice, act="a", served_at=issued + dt.timedelta(hours=1))
    court = "Cambridge Magistrates' Court"
    hearing_record(
        user=inspector,
        closure=closure,
        court=court,
        heard_at=heard,
        outcome=HearingOutcome.ORDER_MADE,
    )
    codes = (
        "residents",
        "residents_visitors",
        "emergency_services",
        "housing_staff",
        "council_staff",
    )
    allowed = exemptions_from_codes(
        codes,
        organisation_by_code={
            "housing_staff": "Clarion Housing",
            "council_staff": "Fenland District Council",
        },
    )
    order_record(
        user=inspector,
        closure=closure,
        made_on=heard.date(),
        ends_on=add_months(heard.date(), 3),
        court=court,
        partial=True,
        exemptions=[asdict(e) for e in allowed],
    )


def _median_time(fn: Callable[[], object], runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _generate(manager, problem, fmt: str):
    from clearhold.documents.kinds import kind_get
    from clearhold.documents.services import document_generate

    return document_generate(
        user=manager,
        kind=kind_get("resident_letter"),
        subject=problem,
        fmt=fmt,
        inputs={"description": WHAT},
    )


def _pages(document) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        with document.file.open("rb") as source:
            handle.write(source.read())
        handle.flush()
        try:
            info = subprocess.run(["pdfinfo", handle.name], capture_output=True, text=True)
        except FileNotFoundError:
            return "pages not counted (no pdfinfo)"
    pages = [line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages")]
    return f"{pages[0]} pages" if pages else "pages not counted"


def _letters_one_by_one(problem, fmt: str) -> int:
    """The baseline: each letter rendered and converted on its own (500 files, not merged)."""
    from clearhold.documents.content.letters import resident_letter
    from clearhold.documents.docx_render import html_to_docx
    from clearhold.documents.kinds import kind_get
    from clearhold.documents.pdf import html_to_pdf, page
    from clearhold.documents.templating import render

    content = resident_letter(subject=problem, user=None, inputs={"description": WHAT})
    source = kind_get("resident_letter").builtin_source()
    total = 0
    for unit in content.repeat:
        body = render(source, {**content.context, "unit": unit})
        if fmt == "pdf":
            data = html_to_pdf(page(body, title=content.title, organisation="", marking=""))
        else:
            data = html_to_docx(body, fields={"title": content.title})
        total += len(data)
    return total


def _patch_page_references() -> None:
    """The proposed fix: build the tuple of page references once per page count."""
    import pydyf

    def page_references(self):
        kids = self.pages["Kids"]
        cached = getattr(self, "_clearhold_references", None)
        if cached is None or cached[0] != len(kids):
            references = tuple(f"{number} 0 R".encode("ascii") for number in kids[::3])
            cached = self._clearhold_references = (len(kids), references)
        return cached[1]

    pydyf.PDF.page_references = property(page_references)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=500, help="homes to write to")
    parser.add_argument("--runs", type=int, default=1, help="timed runs (median reported)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the baselines")
    parser.add_argument(
        "--no-closure", action="store_true", help="letters without a closure order to explain"
    )
    parser.add_argument(
        "--page-reference-cache",
        action="store_true",
        help="also time the PDF with the proposed pydyf page-reference cache (patched here)",
    )
    args, _ = parser.parse_known_args(argv)

    _setup_django()
    manager, problem = _problem(args.letters)
    if not args.no_closure:
        _closure_in_force(problem, manager)
        from clearhold.documents.content.letters import resident_letter

        content = resident_letter(subject=problem, user=manager, inputs={"description": WHAT})
        assert content.context["closures"], "the closure order should be in force"
    print(
        f"data: {args.letters} homes at one site, built-in letter template, "
        f"{'no closure' if args.no_closure else 'a partial closure order in force'}; "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} before the runs"
    )

    pdf_seconds, document = _median_time(lambda: _generate(manager, problem, "pdf"), args.runs)
    verdict = "OK" if pdf_seconds < TARGET_SECONDS else "SLOWER THAN TARGET"
    print(
        f"clearhold letters, one PDF: median {pdf_seconds:.1f} s over {args.runs} run(s), "
        f"{_pages(document)}, {document.size / 1e6:.1f} MB "
        f"(target < {TARGET_SECONDS:.0f} s: {verdict})"
    )
    docx_seconds, document = _median_time(lambda: _generate(manager, problem, "docx"), args.runs)
    print(f"clearhold letters, one DOCX: median {docx_seconds:.1f} s, {document.size / 1e3:.0f} kB")
    csv_seconds, document = _median_time(lambda: _generate(manager, problem, "csv"), args.runs)
    print(
        f"clearhold mailing-house CSV: median {csv_seconds * 1000:.0f} ms, "
        f"{document.size / 1e3:.0f} kB"
    )

    if not args.no_baseline:
        seconds, _ = _median_time(lambda: _letters_one_by_one(problem, "pdf"), 1)
        print(
            f"baseline, WeasyPrint one letter at a time ({args.letters} PDFs, not merged): "
            f"{seconds:.1f} s; ratio baseline / clearhold: {seconds / pdf_seconds:.1f}x"
        )
        seconds, _ = _median_time(lambda: _letters_one_by_one(problem, "docx"), 1)
        print(
            f"baseline, docxtpl mail-merge to {args.letters} separate DOCX files: "
            f"{seconds:.1f} s; ratio baseline / clearhold: {seconds / docx_seconds:.1f}x"
        )

    if args.page_reference_cache:
        _patch_page_references()
        seconds, document = _median_time(lambda: _generate(manager, problem, "pdf"), args.runs)
        print(
            f"with the proposed page-reference cache (not shipped): one PDF in {seconds:.1f} s, "
            f"{_pages(document)} (target < {TARGET_SECONDS:.0f} s: "
            f"{'OK' if seconds < TARGET_SECONDS else 'SLOWER THAN TARGET'})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
