"""Generated documents: what was made (metadata) and the exact bytes (download).

Metadata is shown to whoever may see the problem's documents. The bytes of a document that
holds personal data need the documents app's own right and a ``purpose``, and each such
download is audited, as the web's download is.
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Query, Router

from clearhold.api.common import Id, PageQuery, Purpose, audit_restricted, page, purpose_required
from clearhold.api.errors import ERROR_CODES, Error, responses
from clearhold.api.schemas import DocumentOut, Page
from clearhold.authz import require
from clearhold.documents.models import GeneratedDocument
from clearhold.documents.permissions import DOCUMENTS_VIEW
from clearhold.documents.selectors import document_get, problem_documents
from clearhold.problems.selectors import problem_get

router = Router(tags=["documents"])

BINARY = {"schema": {"type": "string", "format": "binary"}}
FILE_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "csv": "text/csv",
}


def _document(document: GeneratedDocument) -> dict[str, Any]:
    fields = (
        "problem_id",
        "closure_id",
        "kind",
        "format",
        "title",
        "size",
        "sha256",
        "template_version",
        "personal_data",
        "created_at",
    )
    return {
        "id": document.pk,
        **{name: getattr(document, name) for name in fields},
        "download_url": reverse("api-v1:document_download", args=[document.pk]),
    }


@router.get("/problems/{problem_id}/documents", response=responses(Page[DocumentOut]))
def documents(request: HttpRequest, problem_id: Id, query: Query[PageQuery]) -> dict:
    """The documents generated on a problem, newest first."""
    found = problem_get(user=request.auth, pk=problem_id)
    require(request.auth, DOCUMENTS_VIEW, found)
    return page(problem_documents(problem=found).order_by("-created_at", "-id"), query, _document)


@router.get("/documents/{document_id}", response=responses(DocumentOut))
def document(request: HttpRequest, document_id: Id) -> dict:
    found = get_object_or_404(GeneratedDocument.objects.select_related("problem"), pk=document_id)
    require(request.auth, DOCUMENTS_VIEW, found.problem)
    return _document(found)


@router.get(
    "/documents/{document_id}/download",
    response=dict.fromkeys(ERROR_CODES, Error),
    url_name="document_download",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The file exactly as generated (its sha256 is in the metadata)",
                "content": {media: BINARY for media in FILE_TYPES.values()},
            }
        }
    },
)
def document_download(request: HttpRequest, document_id: Id, purpose: Purpose = None):
    """The file. One that holds personal data needs a ``purpose``; the download is audited."""
    found = document_get(user=request.auth, pk=document_id)
    if found.personal_data:
        why = purpose_required(purpose)
        audit_restricted(
            request,
            obj=found,
            purpose=why,
            fields=("document holding personal data",),
            describe=str(found),
        )
    name = found.file.name.rsplit("/", 1)[-1]
    response = FileResponse(found.file.open("rb"), as_attachment=True, filename=name)
    response["Content-Type"] = FILE_TYPES.get(found.format, "application/octet-stream")
    response["Cache-Control"] = "private, no-store"
    return response
