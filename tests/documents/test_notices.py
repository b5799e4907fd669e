"""The closure notice and the notices after it, generated from the closure record."""

from __future__ import annotations

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
    assert "prohibits access to the premises by any person" in text  # (b)
    assert "commits an offence (s.86(1))" in text
    assert "3 months in prison" in text
    assert "under section 80" in text  # (d)
    assert served.hearing_court in text  # (e)
    assert "for up to 3 months (s.80(6))" in text
    assert "6 months in all" in text
    assert "Shelter Cambridgeshire" in text
    assert "Cambridge Law Centre" in text
    assert "People who habitually live on the premises" in text  # s.76(4)
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
