"""Done means (issue 16): for a new full closure of a flat, every paper generates from the
record through the documents page, as a user makes it, and its text (pdftotext) holds the
statutory contents the issue names for THIS flat: a full order barring all persons
(s.80(7)(a)) with no allow-list from Wisbech, the flat's address (never twice, never a site's
name where the address belongs), the grounds of s.80(5), the respondents and the people
served, the court's address, the powers of s.85 and the offence of s.86, the certificate's
acts of service, the witness statement's declaration. A paper the record cannot support for
a flat is refused, and the test reads the reason. The world is ``tests/documents/flat_case``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from clearhold.documents.content.common import day, when
from clearhold.documents.content.licensing import NO_LICENCE
from clearhold.documents.kinds import kind_get, kinds
from clearhold.documents.models import GeneratedDocument
from clearhold.law import add_months, cost_recovery_deadline, notice_ends_at
from tests.documents.conftest import docx_xml, pdf_page_image, pdf_pages, stored, text_of
from tests.documents.flat_case import (
    ADDRESS,
    COURT,
    COURT_ADDRESS,
    DESCRIPTION,
    LANDLORD,
    TENANT,
    FlatCase,
    flat_case_build,
)

pytestmark = pytest.mark.django_db

STATEMENT = "Drug dealing from Flat 4 by a county line, seen by neighbours and patrols."
#: Every kind about a closure case the flat's record supports, with the choices its form asks.
CHOICES = {
    "closure_notice": {},
    "extension_notice": {},
    "court_application": {"grounds": ["a", "b"], "statement": STATEMENT, "order_sought": "full"},
    "extension_application": {"grounds": ["a"], "statement": STATEMENT},
    "draft_order": {"plan_reference": "Plan 1, annexed"},
    "service_certificate": {},
    "door_sign": {},
    "witness_statement": {"witness": "issuer"},
    "costs_schedule": {},
    "reimbursement_application": {
        "respondent": LANDLORD, "capacity": "owner",
        "respondent_address": "Larkspur Homes Ltd, 3 Quay Street, Wisbech PE13 1AA",
    },
    "compensation_response": {
        "claimant": "The occupier of Flat 5", "capacity": "other", "amount": "300.00",
        "loss": "Could not let the spare room while the stairwell was closed.",
    },
    "discharge_application": {
        "applicant": LANDLORD, "standing": "c", "interest": "The landlord of the flat",
        "grounds": "The tenant has left and the flat is empty and secured.",
    },
    "access_application": {
        "applicant": "The occupier of Flat 5", "capacity": "occupier",
        "part": "Flat 5, Larkspur House", "access": "Past the door of Flat 4 to the stairs.",
    },
    "consultation_record": {},
    "evidence_bundle": {},
    "resident_letter": {
        "description": "People have been dealing drugs from a flat in your block.",
    },
    "consultation_log": {},
}  # fmt: skip
#: What the flat's record cannot support, and the reason the page gives.
REFUSED = {
    "cancellation_notice": "This notice has not been cancelled (s.78(2)); record the cancellation.",
    "variation_notice": "This notice has not been varied (s.78(3)); record the variation.",
    "licensing_notification": NO_LICENCE,
}
#: Not about a closure case: the review report, the practice write-up, the survey letters.
NOT_CLOSURE_PAPERS = {"review_report", "practice_write_up", "survey_letter"}
#: Papers headed with the closure's reference (CH-problem-closure).
REFERENCED = set(CHOICES) - {"door_sign", "resident_letter", "evidence_bundle", "consultation_log"}
#: What leaks from the Wisbech demo if a paper assumed the open space or its partial order.
WISBECH = ("West Street open space", "open space", "Onyx Court", "Clarion", "visitors", "gate")
DOUBLED = f"{ADDRESS}, Flat 4"


@pytest.fixture
def case(make_user, police, council) -> FlatCase:
    return flat_case_build(make_user, police, council)


@pytest.fixture
def maker(client, case, give_purpose):
    """The inspector on the documents page, having said why (court preparation)."""
    client.force_login(case.inspector)
    give_purpose(client, case.problem, "court_preparation")
    return client


def _inputs(key: str, case: FlatCase) -> dict:
    inputs = dict(CHOICES.get(key, {}))
    if key == "court_application":
        inputs["proposed_ends_on"] = add_months(case.made_on, 3).isoformat()
    if key == "compensation_response":
        inputs["lodged_on"] = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    return inputs


def generate(client, case: FlatCase, key: str, fmt: str = "pdf"):
    """Post the generate form as the page does: the document made, or the reasons refused."""
    kind = kind_get(key)
    subject = case.closure if kind.subject == "closure" else case.problem
    url = reverse("documents:generate", args=[case.problem.pk, key])
    with TestCase.captureOnCommitCallbacks(execute=True):  # a letter run's background worker
        response = client.post(url, {"of": subject.pk, "doc-format": fmt, **_inputs(key, case)})
    if response.status_code == 302:
        return GeneratedDocument.objects.latest("id"), []
    assert response.status_code == 200, (key, response.status_code)
    choices = response.context.get("choices")
    assert not (choices is not None and choices.errors), (key, choices.errors)
    return None, response.context["blocked"]


def flowing(document: GeneratedDocument, tmp_path) -> str:
    """The paper's words in reading order on one line: pdftotext without its layout, so a
    table cell's words stay together; a citation broken at a line's end ("s.\n86(2)")
    joined again. A DOCX is read as its text."""
    if document.format != "pdf":
        words = text_of(document, tmp_path)
    else:
        path = tmp_path / "paper.pdf"
        path.write_bytes(stored(document))
        words = subprocess.run(
            ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout
    return re.sub(r"\bs\. (?=\d)", "s.", " ".join(words.split()))


def read(client, case: FlatCase, key: str, tmp_path) -> tuple[GeneratedDocument, str]:
    document, blocked = generate(client, case, key)
    assert document is not None, (key, blocked)
    return document, flowing(document, tmp_path)


def test_every_kind_is_made_or_refused_for_the_flat():
    """No kind is left out of this file: a new kind must say what it does for a flat."""
    covered = set(CHOICES) | set(REFUSED) | NOT_CLOSURE_PAPERS
    assert {kind.key for kind in kinds()} == covered


@pytest.mark.parametrize("key", sorted(CHOICES))
def test_each_paper_names_the_flat_once_and_nothing_of_wisbech(maker, case, key, tmp_path):
    document, text = read(maker, case, key, tmp_path)
    assert "Flat 4, Larkspur House" in text
    if key not in ("evidence_bundle", "consultation_log"):
        assert ADDRESS in text  # the premises exactly as entered (s.76(5)(a))
    assert DOUBLED not in text  # the address never printed twice
    for leak in WISBECH:
        assert leak not in text, (key, leak)
    if key in REFERENCED:
        assert case.reference in text
    kind = kind_get(key)
    marked = "OFFICIAL-SENSITIVE" in text
    assert marked == document.personal_data, key  # marked exactly when it holds personal data
    if not kind.personal:  # a door sign and letters to "The Occupier" name no one
        assert not document.personal_data
        assert "Tester" not in text


@pytest.mark.parametrize("key", sorted(REFUSED))
def test_a_paper_the_flat_record_cannot_support_is_refused_with_its_reason(maker, case, key):
    document, blocked = generate(maker, case, key)
    assert document is None
    assert blocked == [REFUSED[key]]


def test_closure_notice(maker, case, tmp_path):
    document, text = read(maker, case, "closure_notice", tmp_path)
    own = notice_ends_at(case.served, hours=24, senior_authority=False)
    extended = notice_ends_at(case.served, hours=24, extension_hours=24, senior_authority=False)
    assert f"This notice applies to: {DESCRIPTION} Why" in text  # exactly as entered
    assert "is satisfied on reasonable grounds" in text
    assert "(s.76(1))" in text
    assert "People who usually live there" in text
    assert "The owner of the premises" in text
    assert "(s.86(1))" in text
    assert "(s.86(2))" in text
    assert f"{COURT}, {COURT_ADDRESS}, at {when(case.heard)}" in text
    assert "may go to the hearing and tell the court why a closure order should not be made" in text
    assert "s.84A" in text  # the risk to a secure tenancy
    assert "Shelter Cambridgeshire" in text
    assert "Fenland Law Centre" in text
    assert "Rank: Inspector" in text
    # The notice as issued: its own 24 hours from service, not the extension's end (s.77(4)).
    assert "issued under s.76 for up to 24 hours (s.77(1))" in text
    assert f"It ends at {when(own)}" in text
    assert when(extended) not in text
    assert pdf_pages(stored(document), tmp_path) == 1  # for the door


def test_extension_notice(maker, case, tmp_path):
    _, text = read(maker, case, "extension_notice", tmp_path)
    extended = notice_ends_at(case.served, hours=24, extension_hours=24, senior_authority=False)
    assert "section 77(4)" in text
    assert "is extended by 24 hours" in text
    assert f"It now ends at {when(extended)}" in text
    assert "Superintendent" in text


def test_court_application_asks_for_a_full_order_barring_all_persons(maker, case, tmp_path):
    document, text = read(maker, case, "court_application", tmp_path)
    pdf_page_image(stored(document), "flat-court-application", page=2)  # to be looked at
    assert "Complaint under section 80" in text
    assert f"Court {COURT}, {COURT_ADDRESS} Hearing {when(case.heard)}" in text
    assert f"Premises {DESCRIPTION} (A dwelling (house or flat))" in text
    assert (
        "a full closure order over the premises, prohibiting access to the premises by all "
        "persons, at all times and in all circumstances (s.80(7)(a)–(c))"
    ) in text
    assert (
        "No one is exempted: the order would bar everyone, including the people who live there "
        "and the owner (s.80(7)(a))."
    ) in text
    assert "as the partnership drafted them" not in text  # no allow-list
    assert f"until {day(add_months(case.made_on, 3))}" in text
    for paragraph in ("s.80(5)(a)", "s.80(5)(b)"):
        assert paragraph in text
    assert "s.80(5)(c)" not in text  # not chosen
    assert "necessary to prevent the behaviour, nuisance or disorder" in text
    assert f"{TENANT} The people who live on the premises (informed, s.76(6)(a))" in text
    assert f"{LANDLORD} Landlord or owner, as recorded for the site" in text
    assert "Given to occupiers of other parts of the building (s.79(3))" in text
    assert "Flatconstable Tester" in text  # who served
    assert "On or near" in text
    assert "Article 8" in text
    assert "ASB team agreed closure by email" in text
    assert "agreed the extension" not in text  # consulted after the hearing: not in it
    assert f"Plan of the premises: {DESCRIPTION} (blue outline)" in text
    assert "Draft closure order" in text  # exhibited


def test_extension_application(maker, case, tmp_path):
    _, text = read(maker, case, "extension_application", tmp_path)
    assert "section 82" in text
    assert f"Court {COURT}, {COURT_ADDRESS}" in text
    assert "prevent the occurrence, recurrence or continuance of" in text
    assert f"extend the order until {day(case.extension.new_ends_on)}" in text
    assert "awaiting the court's decision" in text
    assert "granted" not in text.lower()
    assert "No one: the order bars all persons (s.80(7)(a))." in text
    assert "Two men forced the boarded front door" in text  # the breach in the order's period
    assert "agreed the extension at the partnership meeting" in text  # s.82(4) consultee
    # Summoned (s.82(5)): the people served, and the flat's occupiers for the notice fixed to
    # its door; never the door itself, and nobody served called "not served".
    assert "Anyone occupying the premises" in text
    assert "Through the doors of Flats 1 to 3, 5 and 6" in text
    assert "Handed to the tenant of Flat 4 at the door" in text
    assert "An interest, not served" not in text


def test_draft_order_is_a_full_order_with_the_powers_and_the_offence(maker, case, tmp_path):
    _, text = read(maker, case, "draft_order", tmp_path)
    assert f"In {COURT}, {COURT_ADDRESS}" in text
    assert f"{DESCRIPTION}, as shown on Plan 1, annexed." in text
    assert "in respect of the whole of the premises (s.80(8)(a))" in text
    assert f"until the end of {day(add_months(case.made_on, 3))} (s.80(6))" in text
    assert (
        "Access is prohibited to all persons, at all times and in all circumstances, including "
        "people who live on the premises and the owner (s.80(7)(a))."
    ) in text
    assert "except those listed below" not in text
    for power in ("(s.85(1))", "(s.85(2)(a))", "(s.85(3))", "(s.85(4))", "(s.85(5))"):
        assert power in text
    assert "commits an offence (s.86(2))" in text
    assert "Up to 6 months in prison" in text
    assert "commits an offence (s.86(3))" in text


def test_certificate_of_service_gives_each_act_with_time_place_and_method(maker, case, tmp_path):
    _, text = read(maker, case, "service_certificate", tmp_path)
    assert "section 79" in text
    assert "a constable" in text
    assert "(s.79(1)(a))" in text
    for event in case.notice.service.all():
        assert (
            f"{event.get_act_display()} Notice served Closure notice When "
            + when(event.served_at)
            + f" Where, or to whom {event.detail} Served by Flatconstable Tester"
            in text
        )
    assert "Fixed to each normal means of access (s.79(2)(b))" in text  # not recorded, said so
    assert "if the home is part of a larger building" not in text  # s.79(3) was done


def test_certificate_lists_the_neighbours_not_served_for_a_flat(
    client, make_user, police, council, give_purpose, tmp_path
):
    """A flat is part of a building: serving the other flats (s.79(3)) is asked for if
    possible, and a certificate without it says it is not recorded."""
    case = flat_case_build(make_user, police, council, neighbours=False)
    client.force_login(case.inspector)
    give_purpose(client, case.problem, "court_preparation")
    _, text = read(client, case, "service_certificate", tmp_path)
    assert (
        "(s.79(2),(3)); none is recorded on this closure: • Fixed to each normal means of access"
    ) in text
    assert (
        "Given to occupiers of other parts of the building (s.79(3)), if the home is part of a "
        "larger building (a flat)"
    ) in text


def test_door_sign(maker, case, tmp_path):
    document, text = read(maker, case, "door_sign", tmp_path)
    assert "closed by order of the court" in text.casefold()
    assert f"{COURT} made a closure order on {day(case.made_on)}" in text
    assert "No one. The order bars everyone, including people who live here and the owner." in text
    assert "(s.86(2) of the Anti-social Behaviour, Crime and Policing Act 2014)" in text
    assert "may enter to secure these premises and repair them (s.85)" in text
    assert "(s.86(3))" in text
    assert "01354 654321" in text
    assert pdf_pages(stored(document), tmp_path) == 1
    pdf_page_image(stored(document), "flat-door-sign")  # to be looked at


def test_witness_statement(maker, case, tmp_path):
    _, text = read(maker, case, "witness_statement", tmp_path)
    assert "Criminal Justice Act 1967 s.9" in text
    assert "I make it knowing that, if it is tendered in evidence, I shall be liable" in text
    assert "Statement of Flatinspector Tester" in text
    assert "Over 18" in text
    assert f"I make this statement about the closure of {DESCRIPTION}. " in text
    assert "reported on or near West Street: 3 drugs, 1 ASB (personal)" in text
    assert f"At {when(case.issued)} I issued a closure notice under section 76" in text
    assert "It is recorded that at " in text
    assert "on or near the front door of Flat 4, officers saw the following" in text
    assert "FT/1" in text  # exhibits under the witness's initials


def test_costs_schedule_and_reimbursement_application(maker, case, tmp_path):
    _, schedule = read(maker, case, "costs_schedule", tmp_path)
    assert "s.88(1)" in schedule
    assert "£640.00" in schedule
    assert "£185.50" in schedule
    assert "£825.50 £0.00 £825.50 £825.50 Total" in schedule  # totals: net, VAT, gross, claimed
    _, text = read(maker, case, "reimbursement_application", tmp_path)
    deadline = cost_recovery_deadline(case.order.current_ends_on())
    assert f"To: {COURT}, the court that made the closure order (s.88(1)) {COURT_ADDRESS}" in text
    assert f"Respondent {LANDLORD}, owner of the premises" in text
    assert f"(s.88(3)): by {day(deadline)}" in text
    assert "(s.88(4))" in text
    assert "the local authority for the area" in text
    assert "Total claimed: £825.50" in text


def test_compensation_response(maker, case, tmp_path):
    _, text = read(maker, case, "compensation_response", tmp_path)
    assert "section 90" in text
    assert "Claimant The occupier of Flat 5" in text
    assert f"{COURT}, the magistrates' court that considered the application" in text
    assert f"(s.90(2)(a)). Its address: {COURT_ADDRESS}." in text
    assert "dismissed on" in text  # the appeal, from the record
    assert "None of the days in s.90(3) has come yet" in text  # the order is in force
    for condition in ("s.90(5)(a)", "s.90(5)(b)", "s.90(5)(c)", "s.90(5)(d)"):
        assert condition in text


def test_discharge_and_access_applications(maker, case, tmp_path):
    _, discharge = read(maker, case, "discharge_application", tmp_path)
    assert "section 83" in discharge
    assert "(s.83(2)(c))" in discharge
    assert "Who may still enter No one (s.80(7)(a))" in discharge
    assert "before the order expires (s.83(1))" in discharge
    assert "(s.83(3))" in discharge
    _, access = read(maker, case, "access_application", tmp_path)
    assert f"To {COURT} (s.87(2)(a))" in access
    assert "an occupier of Flat 5, Larkspur House" in access
    assert "Who may still enter No one (s.80(7)(a))" in access
    assert "(s.87(3))" in access


def test_consultation_record(maker, case, tmp_path):
    _, text = read(maker, case, "consultation_record", tmp_path)
    assert f"Premises {ADDRESS}. The closure notice was issued at {when(case.issued)}" in text
    for section, who in (
        ("s.76(6)(a)", TENANT),
        ("s.76(6)(b)", LANDLORD),
        ("s.76(7)", "Fenland District Council"),
        ("s.82(4)", "Fenland"),
    ):
        assert f"({section})" in text
        assert who in text
    assert "How, and what they said: Telephoned the housing manager" in text
    assert "After the notice was issued" not in text


def test_evidence_bundle(maker, case, tmp_path):
    _, text = read(maker, case, "evidence_bundle", tmp_path)
    assert f"Premises {ADDRESS} (54 square metres)" in text  # the flat's site, its address once
    assert "Larkspur House, 12 Larkspur Road, Wisbech PE13 2LX" in text  # the block
    assert "Prepared by Flatinspector Tester" in text
    assert f"Full closure order made by {COURT}" in text
    assert "Two men forced the boarded front door" in text


def test_resident_letters_say_no_one_may_go_in(maker, case, tmp_path):
    document, text = read(maker, case, "resident_letter", tmp_path)
    assert pdf_pages(stored(document), tmp_path) == 6  # a letter for each flat of the block
    assert "near 12 Larkspur Road, Wisbech PE13 2LX" in text
    assert f"A closure order covers {DESCRIPTION}." in text
    assert "No one may go in." in text
    assert "Only these people may go in" not in text  # an empty list under a full order
    assert "also applies to the people who live there" in text


def test_consultation_log(maker, case, tmp_path):
    _, text = read(maker, case, "consultation_log", tmp_path)
    assert "We wrote to 6 homes. 0 answered and 6 did not." in text
    assert "No response 6" in text


def test_every_paper_opens_as_docx_with_the_flat(maker, case):
    import docx

    for key in sorted(CHOICES):
        document, blocked = generate(maker, case, key, fmt="docx")
        assert document is not None, (key, blocked)
        data = stored(document)
        opened = docx.Document(io.BytesIO(data))
        body = " ".join(
            [p.text for p in opened.paragraphs]
            + [c.text for t in opened.tables for row in t.rows for c in row.cells]
        )
        assert "Flat 4, Larkspur House" in " ".join(body.split()), key
        assert DOUBLED not in " ".join(docx_xml(data).split()), key
