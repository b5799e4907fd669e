"""Issue 15, medium 9: Word documents took raw XML from titles.

Found: docxtpl rendered the house template's placeholders (title, organisation, reference,
marking) with autoescape off, so a problem title holding ``</w:t></w:r><w:fldSimple
w:instr="INCLUDEPICTURE …">`` injected a field into the evidence bundle's footer, and a plain
title with ``&`` made every DOCX fail with a 500 (an XML syntax error). Reproduced by giving the
Wisbech problem, its site, the organisations and the document details such a text and making
each kind of document as DOCX.

Must hold: for every kind of document that can be made as DOCX, generation succeeds, every XML
part of the file parses, the text is there as typed (escaped in the XML), no field but the
house template's own page numbers is present, and python-docx opens the file.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from clearhold.accounts.models import Organisation, User
from clearhold.documents.docx_render import html_to_docx
from clearhold.documents.kinds import kind_get, kinds
from clearhold.documents.models import ConsultationResponse, PracticeWriteUp
from clearhold.documents.services import details_save, document_generate
from clearhold.places.models import Site
from clearhold.powers.models import Closure
from clearhold.problems.models import Problem
from tests.documents.conftest import media, stored  # noqa: F401  (fixtures)
from tests.documents.test_letters import homes
from tests.documents.test_review_report import completed, incidents, objective, plan  # noqa: F401
from tests.powers.conftest import SERVED

pytestmark = pytest.mark.django_db

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PAGE_FIELDS = {"PAGE", "NUMPAGES"}  # the house template's own footer fields
PAYLOAD = (
    'Fish & chips <b>bold</b> </w:t></w:r><w:fldSimple w:instr="INCLUDEPICTURE '
    'http://127.0.0.1/x.png \\d"><w:r><w:t>pwned</w:t></w:r></w:fldSimple><w:r><w:t>'
)
DOCX_KINDS = [kind for kind in kinds() if "docx" in kind.formats]


def xml_parts(data: bytes) -> dict[str, etree._Element]:
    """Every XML part of the body, headers and footers, parsed (a syntax error fails)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {
            name: etree.fromstring(package.read(name))
            for name in package.namelist()
            if name.startswith("word/") and name.endswith(".xml")
        }


def assert_escaped(data: bytes, expected: str = PAYLOAD) -> None:
    parts = xml_parts(data)
    fields = [
        (node.get(f"{{{W}}}instr") or node.text or "").split()
        for root in parts.values()
        for node in root.iter(f"{{{W}}}fldSimple", f"{{{W}}}instrText")
    ]
    assert {words[0] if words else "" for words in fields} <= PAGE_FIELDS, fields
    shown = "".join(
        node.text or ""
        for name, root in parts.items()
        if name.split("/")[-1].startswith(("document", "header", "footer"))
        for node in root.iter(f"{{{W}}}t")
    )
    assert expected in shown
    docx.Document(io.BytesIO(data))  # python-docx opens it


@pytest.fixture
def world(problem, site, council, police, manager):
    """The Wisbech problem, its site, both organisations and the details, all with PAYLOAD."""
    Problem.objects.filter(pk=problem.pk).update(title=PAYLOAD)
    Site.objects.filter(pk=site.pk).update(
        name=PAYLOAD,
        licence_number=PAYLOAD[:60],
        licensing_authority=PAYLOAD,
        licensing_authority_address=PAYLOAD,
    )
    Organisation.objects.filter(pk=council.pk).update(name=PAYLOAD)
    Organisation.objects.filter(pk=police.pk).update(name=f"Police {PAYLOAD}")
    fields = ("residents_contact", "housing_advice", "legal_advice", "signatory")
    details_save(user=manager, problem=problem, **dict.fromkeys(fields, PAYLOAD))


def _closure(request):
    return Closure.objects.get(pk=request.getfixturevalue("served").closure.pk)


def _extended(request):
    from clearhold.powers.services_notice import notice_extend

    senior = request.getfixturevalue("superintendent")
    notice_extend(
        user=senior,
        notice=request.getfixturevalue("served"),
        extension_hours=24,
        at=SERVED + dt.timedelta(hours=2),
    )
    return _closure(request), {}


def _cancelled(request):
    from clearhold.powers.services_notice import notice_cancel

    officer, served_notice = request.getfixturevalue("inspector"), request.getfixturevalue("served")
    notice_cancel(
        user=officer, notice=served_notice, at=SERVED + dt.timedelta(hours=2), reason=PAYLOAD
    )
    return _closure(request), {}


def _varied(request):
    from clearhold.powers.services_notice import notice_vary

    officer, served_notice = request.getfixturevalue("inspector"), request.getfixturevalue("served")
    notice_vary(
        user=officer, notice=served_notice, at=SERVED + dt.timedelta(hours=1), part_removed=PAYLOAD
    )
    return _closure(request), {}


def _court(request):
    inputs = {"grounds": ["a"], "statement": PAYLOAD, "proposed_ends_on": dt.date(2025, 8, 7),
              "order_sought": "partial", "exempt": ["housing_staff"],
              "housing_staff_organisation": PAYLOAD, "evidence_a": PAYLOAD}  # fmt: skip
    return _closure(request), inputs


def _extension_application(request):
    from clearhold.powers.services_order import extension_apply
    from tests.powers.test_workflow import _consult_council

    made, officer = request.getfixturevalue("order"), request.getfixturevalue("inspector")
    _consult_council(made, officer, dt.date(2025, 7, 28))
    extension_apply(
        user=officer, order=made, applied_on=dt.date(2025, 7, 30),
        new_ends_on=dt.date(2025, 11, 7),
    )  # fmt: skip
    return _closure(request), {"grounds": ["b"], "statement": PAYLOAD}


def _licensing(request):
    request.getfixturevalue("order")
    return _closure(request), {}


def _problem(request):
    return Problem.objects.get(pk=request.getfixturevalue("problem").pk)


def _letters(request):
    homes(request.getfixturevalue("site"), 2)
    return _problem(request), {"description": PAYLOAD}


def _consultation(request):
    (flat,) = homes(request.getfixturevalue("site"), 1)
    ConsultationResponse.objects.create(
        problem=_problem(request), unit=flat, received_on=dt.date(2025, 4, 20),
        stance="objection", reason=PAYLOAD, reply=PAYLOAD,
        recorded_by=request.getfixturevalue("manager"),
    )  # fmt: skip
    return _problem(request), {}


def _consulted(request):
    from clearhold.powers.models import Engagement, EngagementKind

    closure = _closure(request)
    Engagement.objects.create(
        closure=closure, kind=EngagementKind.CONSULT, who=PAYLOAD, how=PAYLOAD,
        at=SERVED - dt.timedelta(hours=5), recorded_by=request.getfixturevalue("inspector"),
    )  # fmt: skip
    return closure, {}


def _review(request):
    review = request.getfixturevalue("completed")
    return type(review).objects.get(pk=review.pk), {}


def _write_up(request):
    texts = ("partners", "scale", "target_group", "aim", "intended_outcome", "description")
    PracticeWriteUp.objects.create(
        problem=_problem(request),
        organisation=PAYLOAD,
        start_date=dt.date(2025, 5, 7),
        overall_impact=PAYLOAD,
        updated_by=request.getfixturevalue("manager"),
        **dict.fromkeys(texts, PAYLOAD),
    )
    return _problem(request), {}


def _witnessed(request):
    from clearhold.powers.breaches import breach_record

    made = request.getfixturevalue("order")
    breach_record(
        user=request.getfixturevalue("inspector"), closure=made.closure,
        occurred_at=SERVED + dt.timedelta(hours=2), seen=PAYLOAD, place=PAYLOAD[:150],
    )  # fmt: skip
    return _closure(request), {}


def _costed(request):
    from decimal import Decimal

    from clearhold.powers.models import ClosureCost, CostKind

    made = request.getfixturevalue("order")
    ClosureCost.objects.create(
        closure=made.closure, kind=CostKind.SECURING, on=dt.date(2025, 5, 8),
        amount=Decimal("2800"), description=PAYLOAD[:300],
        recorded_by=request.getfixturevalue("inspector"),
    )  # fmt: skip
    request.getfixturevalue("monkeypatch").setattr(
        "clearhold.documents.content.costs.today", lambda: dt.date(2025, 9, 1)
    )  # the order ended on 7 August 2025: within s.88(3)
    return _closure(request), {}


def _reimbursement(request):
    closure, _ = _costed(request)
    return closure, {"respondent": PAYLOAD[:200], "capacity": "owner",
                     "respondent_address": PAYLOAD}  # fmt: skip


def _draft_order(request):
    inputs = {"extent": "partial", "part_description": PAYLOAD, "exemptions": [],
              "ends_on": dt.date(2025, 8, 7), "plan_reference": PAYLOAD}  # fmt: skip
    return _closure(request), inputs


def _sign(request):
    from clearhold.documents.models import DocumentDetails

    request.getfixturevalue("order")
    DocumentDetails.objects.update(residents_contact=f"{PAYLOAD}\n01354 654321")
    return _closure(request), {}


def _discharge(request):
    from django.utils import timezone

    from clearhold.powers.models import ClosureOrder

    made = request.getfixturevalue("order")
    # Applied for while the order is in force (s.83(1)): the 2025 order runs on.
    ClosureOrder.objects.filter(pk=made.pk).update(
        ends_on=timezone.localdate() + dt.timedelta(days=30)
    )
    return _closure(request), {"applicant": PAYLOAD, "standing": "c", "grounds": PAYLOAD}


def _access(request):
    request.getfixturevalue("order")
    inputs = {"applicant": PAYLOAD, "capacity": "owner", "part": PAYLOAD, "access": PAYLOAD}
    return _closure(request), inputs


def _compensation(request):
    request.getfixturevalue("order")
    inputs = {"claimant": PAYLOAD[:200], "capacity": "occupier", "claimant_address": PAYLOAD,
              "amount": "1250.00", "lodged_on": "2025-09-15", "loss": PAYLOAD}  # fmt: skip
    return _closure(request), inputs


# How to make each kind of document: (who makes it, how its subject is reached).
MAKERS = {
    "closure_notice": ("inspector", lambda request: (_closure(request), {})),
    "extension_notice": ("inspector", _extended),
    "cancellation_notice": ("inspector", _cancelled),
    "variation_notice": ("inspector", _varied),
    "court_application": ("inspector", _court),
    "extension_application": ("inspector", _extension_application),
    "licensing_notification": ("inspector", _licensing),
    "draft_order": ("inspector", _draft_order),
    "service_certificate": ("inspector", lambda request: (_closure(request), {})),
    "door_sign": ("inspector", _sign),
    "discharge_application": ("inspector", _discharge),
    "access_application": ("inspector", _access),
    "evidence_bundle": ("manager", lambda request: (_problem(request), {})),
    "resident_letter": ("manager", _letters),
    "consultation_log": ("manager", _consultation),
    "consultation_record": ("inspector", _consulted),
    "review_report": ("manager", _review),
    "practice_write_up": ("manager", _write_up),
    "witness_statement": ("inspector", _witnessed),
    "costs_schedule": ("inspector", _costed),
    "reimbursement_application": ("inspector", _reimbursement),
    "compensation_response": ("inspector", _compensation),
}


@pytest.mark.parametrize("kind", DOCX_KINDS, ids=lambda kind: kind.key)
def test_every_word_document_holds_the_text_escaped(kind, request, world):
    who, make = MAKERS[kind.key]
    subject, inputs = make(request)
    user = User.objects.get(pk=request.getfixturevalue(who).pk)
    document = document_generate(user=user, kind=kind, subject=subject, fmt="docx", inputs=inputs)
    assert_escaped(stored(document))


def test_the_bundle_footer_carries_the_title_as_text(request, world, manager):
    """The reproduction of the finding: the evidence bundle's footer, which printed the field."""
    document = document_generate(
        user=User.objects.get(pk=manager.pk),
        kind=kind_get("evidence_bundle"),
        subject=_problem(request),
        fmt="docx",
    )
    footers = [root for name, root in xml_parts(stored(document)).items() if "footer" in name]
    text = "".join(node.text or "" for root in footers for node in root.iter(f"{{{W}}}t"))
    assert PAYLOAD in text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=st.text(min_size=1, max_size=60),
    organisation=st.text(max_size=40),
    body=st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc")), max_size=60),
)
def test_any_text_makes_a_word_file_that_opens(title, organisation, body):
    from html import escape

    data = html_to_docx(
        f"<p>{escape(body)}</p>",
        fields={"title": title, "organisation": organisation, "marking": title},
    )
    parts = xml_parts(data)  # every part parses
    assert "word/document.xml" in parts
    docx.Document(io.BytesIO(data))
