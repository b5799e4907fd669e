"""The documents pages: make a document, be told what blocks it, download it, who may."""

from __future__ import annotations

import pytest
from django.urls import reverse

from clearhold.audit.models import AuditAction, AuditEntry
from clearhold.documents.kinds import kind_get
from clearhold.documents.models import GeneratedDocument
from clearhold.documents.services import document_generate

pytestmark = pytest.mark.django_db


def _generate_url(problem, kind: str) -> str:
    return reverse("documents:generate", args=[problem.pk, kind])


def test_the_documents_page_offers_each_kind(client, served, inspector, problem):
    client.force_login(inspector)
    page = client.get(reverse("documents:problem", args=[problem.pk])).content.decode()
    for key in ("closure_notice", "court_application", "cancellation_notice"):
        assert f'data-kind="{key}"' in page
    assert "add the local housing and legal advice contacts" in page


def test_a_blocked_notice_names_what_is_missing_and_stores_nothing(
    client, served, inspector, problem
):
    client.force_login(inspector)
    response = client.post(
        _generate_url(problem, "closure_notice"), {"of": served.closure.pk, "doc-format": "pdf"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The closure notice cannot be made yet" in page
    assert "s.76(5)(g)" in page
    assert not GeneratedDocument.objects.exists()


def test_generate_then_download_the_notice(client, served, details, inspector, problem):
    client.force_login(inspector)
    response = client.post(
        _generate_url(problem, "closure_notice"), {"of": served.closure.pk, "doc-format": "docx"}
    )
    document = GeneratedDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#doc-{document.pk}")
    download = client.get(document.get_absolute_url())
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content).startswith(b"PK")  # a DOCX is a zip
    listing = client.get(reverse("documents:problem", args=[problem.pk])).content.decode()
    assert document.sha256[:12] in listing


def test_the_court_application_form_refuses_an_order_past_three_months(
    client, served, inspector, problem
):
    client.force_login(inspector)
    response = client.post(
        _generate_url(problem, "court_application"),
        {
            "of": served.closure.pk,
            "doc-format": "pdf",
            "grounds": ["a"],
            "statement": "Seen daily.",
            "proposed_ends_on": "2025-09-30",
        },
    )
    assert response.status_code == 200
    assert "may not exceed 3 months (s.80(6))" in response.content.decode()
    assert not GeneratedDocument.objects.exists()


def test_an_outsider_can_neither_list_nor_download(client, served, details, inspector, outsider):
    document = document_generate(
        user=inspector, kind=kind_get("closure_notice"), subject=served.closure, fmt="pdf"
    )
    client.force_login(outsider)
    problem = served.closure.problem
    assert client.get(reverse("documents:problem", args=[problem.pk])).status_code in (403, 404)
    assert client.get(document.get_absolute_url()).status_code == 403
    assert AuditEntry.objects.filter(action=AuditAction.REFUSED, username="outsider").exists()


def test_a_partner_viewer_sees_documents_but_cannot_make_them(
    client, served, details, inspector, partner_viewer, problem, manager
):
    from clearhold.problems.services import partner_add

    partner_add(
        user=manager,
        problem=problem,
        organisation=partner_viewer.organisation,
        sees_personal_data=False,
    )
    document = document_generate(
        user=inspector, kind=kind_get("closure_notice"), subject=served.closure, fmt="pdf"
    )
    client.force_login(partner_viewer)
    assert client.get(document.get_absolute_url()).status_code == 200
    response = client.post(
        _generate_url(problem, "closure_notice"), {"of": served.closure.pk, "doc-format": "pdf"}
    )
    assert response.status_code == 403
    assert GeneratedDocument.objects.count() == 1


def test_generated_documents_appear_on_the_problem_timeline(
    client, served, details, inspector, problem
):
    document = document_generate(
        user=inspector, kind=kind_get("closure_notice"), subject=served.closure, fmt="pdf"
    )
    client.force_login(inspector)
    page = client.get(reverse("problems:timeline", args=[problem.pk])).content.decode()
    assert f"Generated: {document}" in page
    assert document.template_version in page


def test_the_problem_page_links_to_its_documents(client, served, inspector, problem):
    client.force_login(inspector)
    page = client.get(problem.get_absolute_url()).content.decode()
    assert reverse("documents:problem", args=[problem.pk]) in page
    assert "Make and see documents" in page
