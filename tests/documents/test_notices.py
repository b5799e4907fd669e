"""The closure notice and the notices after it, generated from the closure record."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
from django.test import override_settings

from clearhold.audit.models import AuditAction, AuditEntry
from clearhold.documents.kinds import kind_get
from clearhold.documents.models import GeneratedDocument
from clearhold.documents.services import DocumentBlocked, document_generate
from tests.documents.conftest import pdf_page_image, pdf_pages, stored, text_of

pytestmark = pytest.mark.django_db


def _flat(text: str) -> str:
    """The text on one line; a citation the layout broke after "s." is joined again."""
    return re.sub(r"\bs\. (?=\d)", "s.", " ".join(text.split()))


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_closure_notice_holds_the_seven_contents_of_s76_5(
    served, details, inspector, fmt, tmp_path
):
    document = document_generate(
        user=inspector, kind=kind_get("closure_notice"), subject=served.closure, fmt=fmt
    )
    text = _flat(text_of(document, tmp_path))
    assert "Closure notice" in text
    assert served.closure.premises_description in text  # (a)
    assert "prohibits access to the premises for" in text  # (b)
    assert "commits an offence (s.86(1))" in text
    assert "3 months in prison" in text
    assert "under section 80" in text  # (d)
    assert served.hearing_court in text  # (e)
    assert "for up to 3 months (s.80(6))" in text
    assert "6 months in all" in text
    assert "Shelter Cambridgeshire" in text
    assert "Cambridge Law Centre" in text
    assert "People who usually live there" in text  # s.76(4)(a), in plain words
    assert "The owner of the premises" in text
    assert "Inspector" in text


def test_the_stored_document_is_the_bytes_handed_over(served, details, inspector, tmp_path):
    document = document_generate(
        user=inspector, kind=kind_get("closure_notice"), subject=served.closure, fmt="pdf"
    )
    data = stored(document)
    assert data.startswith(b"%PDF")
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.size == len(data)
    assert document.template_version.startswith("closure_notice@built-in#")
    assert document.created_by == inspector
    assert AuditEntry.objects.filter(
        action=AuditAction.EXPORT, object_id=str(document.pk), detail__contains=document.sha256
    ).exists()
    image = pdf_page_image(data, "closure-notice-page-1")
    assert image.stat().st_size > 5_000


def test_missing_advice_contacts_block_the_notice_naming_s76_5_g(served, inspector):
    with pytest.raises(DocumentBlocked) as blocked:
        document_generate(
            user=inspector, kind=kind_get("closure_notice"), subject=served.closure, fmt="pdf"
        )
    assert any(m.startswith("s.76(5)(g)") for m in blocked.value.messages)
    assert "housing and legal matters" in " ".join(blocked.value.messages)
    assert not GeneratedDocument.objects.exists()


def test_extension_notice_is_signed_by_the_superintendent(
    served, details, inspector, superintendent, tmp_path
):
    from clearhold.powers.services_notice import notice_extend
    from tests.powers.conftest import SERVED

    kind = kind_get("extension_notice")
    with pytest.raises(DocumentBlocked):
        document_generate(user=inspector, kind=kind, subject=served.closure, fmt="pdf")
    notice_extend(
        user=superintendent, notice=served, extension_hours=24, at=SERVED + dt.timedelta(hours=2)
    )
    document = document_generate(user=inspector, kind=kind, subject=served.closure, fmt="pdf")
    text = _flat(text_of(document, tmp_path))
    assert "is extended by 24 hours" in text
    assert "It now ends at 3:30pm BST on Wednesday 7 May 2025" in text
    assert "Superintendent" in text


def test_cancellation_and_variation_notices_say_what_changed(served, inspector, tmp_path):
    from clearhold.powers.services_notice import notice_cancel, notice_vary
    from tests.powers.conftest import SERVED

    notice_vary(
        user=inspector, notice=served, at=SERVED + dt.timedelta(hours=1),
        part_removed="The allotments at the north end",
    )  # fmt: skip
    varied = document_generate(
        user=inspector, kind=kind_get("variation_notice"), subject=served.closure, fmt="docx"
    )
    assert "The allotments at the north end" in text_of(varied, tmp_path)
    notice_cancel(
        user=inspector, notice=served, at=SERVED + dt.timedelta(hours=2), reason="Gate fitted"
    )
    cancelled = document_generate(
        user=inspector, kind=kind_get("cancellation_notice"), subject=served.closure, fmt="pdf"
    )
    text = _flat(text_of(cancelled, tmp_path))
    assert "is cancelled from 5:30pm BST on Monday 5 May 2025" in text
    assert "Gate fitted" in text


def test_a_48_hour_notice_names_the_superintendent_and_the_s77_2_authority(
    prepared, details, superintendent, tmp_path
):
    from tests.powers.conftest import issue

    issue(prepared, superintendent, hours=48)
    document = document_generate(
        user=superintendent,
        kind=kind_get("closure_notice"),
        subject=prepared,
        fmt="pdf",
        purpose="enforcement",
    )
    text = _flat(text_of(document, tmp_path))
    assert "for 48 hours from when it is served" in text
    assert "issued under the authority of s.77(2) for up to 48 hours" in text
    assert "Superintendent" in text


def test_a_notice_whose_allow_list_leaves_out_residents_is_blocked(served, details, inspector):
    served.exemptions = [e for e in served.exemptions if e["code"] != "residents"]
    served.save()
    with pytest.raises(DocumentBlocked) as blocked:
        document_generate(
            user=inspector, kind=kind_get("closure_notice"), subject=served.closure, fmt="pdf"
        )
    assert blocked.value.messages[0].startswith("s.76(4)")


def test_the_pdf_is_a_tagged_a4_document_with_page_numbers(served, details, inspector, tmp_path):
    import subprocess

    document = document_generate(
        user=inspector, kind=kind_get("closure_notice"), subject=served.closure, fmt="pdf"
    )
    path = tmp_path / "notice.pdf"
    path.write_bytes(stored(document))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "Tagged:          yes" in info  # headings reach assistive technology as structure
    assert "(A4)" in info
    assert f"Title:           {document.title}" in info
    pages = int(info.split("Pages:")[1].split()[0])
    assert f"Page {pages} of {pages}" in text_of(document, tmp_path)


# Issue 16, item 9: what the notice on the door must tell the people who read it -----------------


def _notice_text(user, closure, tmp_path, fmt="pdf", **kwargs) -> str:
    document = document_generate(
        user=user, kind=kind_get("closure_notice"), subject=closure, fmt=fmt, **kwargs
    )
    return _flat(text_of(document, tmp_path))


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_notice_prints_the_courts_name_and_address(served, details, inspector, fmt, tmp_path):
    text = _notice_text(inspector, served.closure, tmp_path, fmt)
    assert (
        "The application will be heard at Cambridge Magistrates' Court, The Court House, "
        "Parkside, Cambridge CB1 1JA, at 10:00am BST on Wednesday 7 May 2025." in text
    )


def test_a_court_without_an_address_is_printed_by_name_with_a_warning(served, details, inspector):
    from clearhold.documents.content.notices import closure_notice
    from clearhold.readmodel import Reader

    served.hearing_court_address = ""
    served.save()
    with Reader(inspector) as reader:
        content = closure_notice(subject=served.closure, reader=reader, inputs={})
    assert content.blocking == []
    assert content.context["hearing"]["address"] == ""
    assert any(w.startswith("s.76(5)(e)") and "address" in w for w in content.warnings)


def test_the_notice_recites_the_s76_1_test_the_issuer_was_satisfied_of(
    served, details, inspector, tmp_path
):
    text = _notice_text(inspector, served.closure, tmp_path)
    assert (
        "The police officer who issued this notice is satisfied on reasonable grounds that the "
        "use of the premises has resulted, or (if this notice is not issued) is likely soon to "
        "result, in nuisance to members of the public, or that there has been, or (if this "
        "notice is not issued) is likely soon to be, disorder near those premises associated "
        "with the use of those premises; and that this notice is necessary to prevent the "
        "nuisance or disorder from continuing, recurring or occurring (s.76(1))." in text
    )


def test_the_notice_says_anyone_affected_may_attend_and_oppose_within_48_hours(
    served, details, inspector, tmp_path
):
    text = _notice_text(inspector, served.closure, tmp_path)
    assert (
        "The court must hear the application within 48 hours of this notice being served, "
        "not counting Christmas Day (s.80(3),(4))." in text
    )
    assert "may go to the hearing and tell the court why a closure order should not be made" in text
    assert "up to 14 days so that they can do so (s.81(3))" in text


def test_the_notice_says_breaking_an_order_is_an_offence_and_what_it_risks_for_a_tenancy(
    served, details, inspector, tmp_path
):
    text = _notice_text(inspector, served.closure, tmp_path)
    assert "in breach of a closure order commits an offence (s.86(2))" in text
    assert "Up to 6 months in prison, a fine (no statutory maximum), or both" in text
    assert "(s.86(5),(6))" in text
    assert "in breach of this notice commits an offence (s.86(1))" in text  # the notice's own
    assert "for more than 48 hours gives the landlord a ground to take the home back" in text
    assert "secure tenancy under the Housing Act 1985, s.84A" in text
    assert "ground 7A of Schedule 2 to the Housing Act 1988" in text


def test_the_premises_are_printed_exactly_as_entered(served, details, inspector, site, tmp_path):
    site.address = "Onyx Court site, West Street, Wisbech PE13"
    site.save()
    text = _notice_text(inspector, served.closure, tmp_path)
    entered = served.closure.premises_description
    assert f"This notice applies to: {entered} Why this notice was issued" in text
    assert site.address not in text
    assert site.name not in text.replace(entered, "")


def test_the_signature_block_names_the_signatory_only_for_a_maker_with_a_purpose(
    served, details, inspector, manager, tmp_path
):
    without = _notice_text(inspector, served.closure, tmp_path)
    assert "Signature: ____" in without
    assert "Rank: Inspector" in without
    assert f"Rank: Inspector {inspector.organisation}" in without
    assert "Inspector Tester" not in without  # a name is restricted data
    assert "Name:" not in without
    assert _notice_text(inspector, served.closure, tmp_path, purpose="enforcement") == without
    named = _notice_text(manager, served.closure, tmp_path, purpose="enforcement")
    assert "Name: Inspector Tester" in named
    assert "Rank: Inspector" in named
    assert "Issued by a police officer of at least the rank of inspector (s.76(1))." in named


def test_a_council_48_hour_notice_is_signed_by_the_chief_executive_or_designate(
    site, problem, manager, make_user, council, details, tmp_path
):
    from clearhold.accounts.roles import Role
    from clearhold.powers.services import closure_open
    from clearhold.problems.models import MemberRole
    from clearhold.problems.services import member_add
    from tests.powers.conftest import issue

    chief = make_user("chief", council, Role.SENIOR)
    member_add(user=manager, problem=problem, person=chief, role=MemberRole.ENFORCEMENT)
    closure, _ = closure_open(
        user=chief, problem=problem, site=site, premises_kind="dwelling",
        premises_description="Flat 12, Anywhere House, 3 High Street, Wisbech PE13 1AA",
    )  # fmt: skip
    _inform_and_consult(closure, chief)
    issue(closure, chief, hours=48)
    text = _notice_text(chief, closure, tmp_path, purpose="enforcement")
    assert f"{council} is satisfied on reasonable grounds that the use of the premises" in text
    assert "Position: Chief executive officer or designate" in text
    assert (
        "signed by the chief executive officer (head of paid service) of "
        f"{council}, or a person they have designated (s.77(2)(b),(6))." in text
    )
    assert "Name: Chief Tester" in text
    assert pdf_pages(stored(GeneratedDocument.objects.latest("id")), tmp_path) == 1  # a flat's door


def _inform_and_consult(closure, user) -> None:
    from clearhold.powers.models import EngagementKind
    from clearhold.powers.services import engagement_record
    from tests.powers.conftest import ISSUED

    for kind in (
        EngagementKind.INFORM_OCCUPIERS,
        EngagementKind.INFORM_INTERESTED,
        EngagementKind.CONSULT,
    ):
        engagement_record(
            user=user, closure=closure, kind=kind, who="Someone",
            at=ISSUED - dt.timedelta(hours=3),
        )  # fmt: skip


@override_settings(DEMO_MODE=True)
def test_the_wisbech_demo_notice_fits_one_a4_page_for_the_gate(tmp_path):
    from clearhold.accounts.models import User
    from clearhold.problems.models import Problem
    from clearhold.web.demo import demo_partnership_load, demo_problem_load

    demo_partnership_load()
    demo_problem_load()
    closure = Problem.objects.get().closures.get()
    document = document_generate(
        user=User.objects.get(username="inspector"),
        kind=kind_get("closure_notice"),
        subject=closure,
        fmt="pdf",
    )
    data = stored(document)
    assert pdf_pages(data, tmp_path) == 1
    text = _flat(text_of(document, tmp_path))
    assert f"This notice applies to: {closure.premises_description} Why" in text
    assert "Cambridge Magistrates' Court, The Court House, Parkside, Cambridge CB1 1JA" in text
    pdf_page_image(data, "closure-notice-wisbech")
