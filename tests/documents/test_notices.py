"""The closure notice and the notices after it, generated from the closure record."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from clearhold.audit.models import AuditAction, AuditEntry
from clearhold.documents.kinds import kind_get
from clearhold.documents.models import GeneratedDocument
from clearhold.documents.services import DocumentBlocked, document_generate
from tests.documents.conftest import pdf_page_image, stored, text_of

pytestmark = pytest.mark.django_db


def _flat(text: str) -> str:
    return " ".join(text.split())


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
    assert "It now ends at 3:30pm on Wednesday 7 May 2025" in text
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
    assert "is cancelled from 5:30pm on Monday 5 May 2025" in text
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
