"""An operation's papers hold only what their maker may see, and are marked when they hold
personal data (issue 20; the threat of ``test_document_leaks.py``).

The papers of an operation (the closure notices in bulk as one PDF and a ZIP, the letters to
residents in street order, the schedule of orders as PDF and CSV, a court listing's evidence
bundle) are not registered document kinds, so the leak test that loops over every kind does not
make them. Reproduced here the same way: an operation taken to court (notices issued, served,
heard at a listing, orders made), with a person under enforcement and a step, a breach whose
person is described, a vulnerable person and notes on the victims and offenders; then every
restricted or special-category text field canaried (``authz.DECLARED``). A voluntary partner
officer, even giving a purpose, gets papers without any canary, marked ``personal_data=False``;
the lead's manager with a purpose gets only what each paper prints (the officers who issued
and served), marked, and never a special-category field.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import zipfile

import pytest

from clearhold.accounts.roles import Role
from clearhold.audit.models import AuditEntry
from clearhold.documents.kinds import PERSONAL_MARKING
from clearhold.documents.operation_notices import operation_notices_make
from clearhold.documents.operation_papers import (
    listing_bundle_make,
    operation_letters_make,
    operation_letters_zip_make,
    order_schedule_make,
)
from clearhold.law import UK
from clearhold.places.models import Unit
from clearhold.powers.breaches import breach_record
from clearhold.powers.models import StepKind
from clearhold.powers.people import person_add, step_record
from clearhold.problems.models import VulnerablePerson
from clearhold.problems.services import partner_add
from tests.documents.conftest import media, stored  # noqa: F401
from tests.powers.operations.papers import (
    issue_notice,
    listing_of,
    papers_details,
    serve_hear_and_order,
)
from tests.security.test_document_leaks import _squeezed, canary_everything
from tests.security.test_document_leaks import _text as text_of

pytestmark = pytest.mark.django_db

PURPOSE = "court_preparation"
USER = "Canary-accounts.user-last_name"
NEVER = (
    "Canary-powers.person-name",
    "Canary-powers.person-description",
    "Canary-powers.enforcementstep-details",
    "Canary-powers.breach-person_description",
    "Canary-problems.vulnerableperson-description",
    "Canary-problems.problem-victim_notes",
    "Canary-problems.problem-offender_notes",
)
#: What each paper prints of the canaried fields, for a maker allowed them with a purpose.
PRINTS = {
    "notices": (USER,),  # the officer who issued each notice
    "letters_pdf": (),
    "letters_zip": (),
    "letters_csv": (),
    "schedule_pdf": (),  # nobody is named in it
    "schedule_csv": (),
    "bundle": (USER,),  # who served each notice, and who prepared the bundle
}


@pytest.fixture
def court_world(
    operation,
    estate,
    manager,
    estate_inspector,
    estate_constable,
    charity,
    police,
    media,  # noqa: F811
):
    """Three blocks heard at one listing and ordered, with the people the pages hide."""
    papers_details(estate, manager)
    listing = listing_of(operation, estate_inspector)
    closures = list(operation.closures.order_by("route_position"))
    for closure in closures[:3]:
        notice = issue_notice(closure, estate_inspector)
        serve_hear_and_order(closure, notice, estate_inspector, estate_constable, listing)
    Unit.objects.create(site=closures[0].site, name="Flat 1", address="Flat 1, 1 Lanacre Avenue")
    person = person_add(user=manager, problem=estate, name="x", description="x")
    step_record(
        user=manager, person=person, kind=StepKind.CPW, on=dt.date(2023, 7, 5),
        compliance_days=7, details="x",
    )  # fmt: skip
    breach_record(
        user=estate_constable, closure=closures[0],
        occurred_at=dt.datetime(2023, 7, 10, 22, 0, tzinfo=UK),
        seen="Two people on the stairwell", person_description="x",
    )  # fmt: skip
    VulnerablePerson.objects.create(problem=estate, description="x", added_by=manager)
    estate.victim_notes, estate.offender_notes = "x", "x"
    estate.save()
    partner_add(user=manager, problem=estate, organisation=charity, sees_personal_data=False)
    # The police are named for restricted data: their inspector may see people under enforcement.
    partner_add(user=manager, problem=estate, organisation=police, sees_personal_data=True)
    canary_everything()
    return listing


def _make(user, paper: str, listing, purpose: str) -> list:
    operation = listing.operation
    if paper == "notices":
        made = operation_notices_make(user=user, operation=operation, purpose=purpose)
        return [made.pdf, made.archive]
    if paper.startswith("letters_"):
        inputs = {"description": "People gather in the stairwells at night."}
        fmt = paper.removeprefix("letters_")
        if fmt == "zip":
            return [
                operation_letters_zip_make(
                    user=user, operation=operation, inputs=inputs, purpose=purpose
                )
            ]
        return [
            operation_letters_make(
                user=user, operation=operation, fmt=fmt, inputs=inputs, purpose=purpose
            )
        ]
    if paper.startswith("schedule_"):
        fmt = paper.removeprefix("schedule_")
        return [order_schedule_make(user=user, operation=operation, fmt=fmt)]
    return [listing_bundle_make(user=user, listing=listing, purpose=purpose)]


def _files(document, tmp_path) -> list[str]:
    """The text of each file a reader gets: the document, or each PDF inside a ZIP."""
    if document.format != "zip":
        return [text_of(document, tmp_path)]
    path = tmp_path / "inner.pdf"
    found = []
    with zipfile.ZipFile(io.BytesIO(stored(document))) as archive:
        for name in archive.namelist():
            path.write_bytes(archive.read(name))
            read = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
            found.append(_squeezed(read.stdout))
    return found


def _everything(document, tmp_path) -> str:
    return "".join(_files(document, tmp_path))


@pytest.mark.parametrize("paper", list(PRINTS))
def test_an_operation_paper_holds_only_what_its_maker_may_see(
    court_world, paper, make_user, charity, manager, estate_inspector, tmp_path
):
    outreach = make_user("outreach", charity, Role.OFFICER)
    for theirs in _make(outreach, paper, court_world, PURPOSE):
        assert "Canary" not in _everything(theirs, tmp_path), (paper, theirs.format)
        assert theirs.personal_data is False, (paper, theirs.format)

    # The lead's manager, and the police inspector who may see people under enforcement, each
    # with a purpose: what the paper prints, and never a person, a note or a vulnerable person.
    for maker in (manager, estate_inspector):
        maker.refresh_from_db()  # canaried since the fixture made them
        reads = AuditEntry.objects.filter(user=maker, action="view", purpose=PURPOSE)
        before = reads.count()
        for ours in _make(maker, paper, court_world, PURPOSE):
            text = _everything(ours, tmp_path)
            for canary in PRINTS[paper]:
                assert _squeezed(canary) in text, (paper, ours.format, canary)
            for canary in NEVER:
                assert _squeezed(canary) not in text, (paper, ours.format, canary)
            assert ours.personal_data is bool(PRINTS[paper]), (paper, ours.format)
            if PRINTS[paper] and ours.format in ("pdf", "zip"):  # each notice in the ZIP too
                for each in _files(ours, tmp_path):
                    assert _squeezed(PERSONAL_MARKING) in each
        assert (reads.count() > before) is bool(PRINTS[paper]), (paper, "each read audited")
