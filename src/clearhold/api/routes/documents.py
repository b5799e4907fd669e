"""Documents: what was generated (metadata) and the exact bytes (download), the consultation
log, the details the papers use, and the practice write-up.

Metadata are shown to whoever may see the problem's documents. The bytes of a document that
holds personal data need the right to see each class it holds and a ``purpose``; every download
is audited, as the web's download is. What a household said (``reason``, ``reply``) and the
write-up's draft are read through the one read model (``clearhold.readmodel``): personal values
only with a ``purpose``, to those the sharing record allows, each read audited. The document
details and the write-up are read, as on the web, by those who may make documents (members and
partners, not viewers).
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
from clearhold.api.schemas_records import ConsultationResponseOut, DocumentDetailsOut, WriteUpOut
from clearhold.audit.models import AuditAction
from clearhold.audit.services import audit_record
from clearhold.authz import DataClass, fields_of_class, require
from clearhold.documents.models import ConsultationResponse, GeneratedDocument, Stance
from clearhold.documents.permissions import DOCUMENT_GENERATE, DOCUMENTS_VIEW
from clearhold.documents.selectors import details_of, document_get, problem_documents
from clearhold.documents.writeup import WRITEUP_FIELDS, writeup_of, writeup_prefill
from clearhold.problems.permissions import PROBLEM_PERSONAL_DATA
from clearhold.problems.selectors import problem_get
from clearhold.readmodel import WITHHELD, Reader

router = Router(tags=["documents"])

BINARY = {"schema": {"type": "string", "format": "binary"}}
FILE_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "csv": "text/csv",
    "zip": "application/zip",  # an operation's closure notices, one PDF each
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
    """The file. One that holds personal data needs a ``purpose``; every download is audited."""
    found = document_get(user=request.auth, pk=document_id)
    held = found.classes_held
    why = purpose_required(purpose) if held else None
    for data_class in held:
        audit_restricted(
            request,
            obj=found,
            purpose=why,
            fields=fields_of_class("documents.generateddocument", DataClass.RESTRICTED),
            describe=f"downloaded {found}, which holds personal data",
            data_class=data_class,
        )
    if not held:
        audit_record(action=AuditAction.EXPORT, obj=found, detail="API download", user=request.auth)
    name = found.file.name.rsplit("/", 1)[-1]
    response = FileResponse(found.file.open("rb"), as_attachment=True, filename=name)
    response["Content-Type"] = FILE_TYPES.get(found.format, "application/octet-stream")
    response["Cache-Control"] = "private, no-store"
    return response


SAID = fields_of_class("documents.consultationresponse", DataClass.RESTRICTED)


def _said(value: Any) -> Any:
    return None if value is WITHHELD else value


def _response(response: Any) -> dict[str, Any]:
    """One response as its reader may see it (what was said: restricted)."""
    unit = response.unit
    return {
        "id": response.pk,
        "home": {
            "unit_id": unit.pk,
            "name": unit.name,
            "site_id": unit.site_id,
            "site_name": unit.site.name,
        },
        "received_on": response.received_on,
        "stance": response.stance,
        "stance_label": response.get_stance_display(),
        "reply_sent_on": response.reply_sent_on,
        "recorded_at": response.recorded_at,
        **{name: _said(getattr(response, name)) for name in SAID},
    }


@router.get(
    "/problems/{problem_id}/consultation", response=responses(Page[ConsultationResponseOut])
)
def consultation(
    request: HttpRequest,
    problem_id: Id,
    query: Query[PageQuery],
    purpose: Purpose = None,
    stance: Stance | None = None,
) -> dict:
    """What the homes said after the letters to residents, oldest first; filter by ``stance``.
    What they said and the replies need a ``purpose``: the read is audited when the page
    holds any."""
    found = problem_get(user=request.auth, pk=problem_id)
    require(request.auth, DOCUMENTS_VIEW, found)
    if purpose:
        require(request.auth, PROBLEM_PERSONAL_DATA, found)
    records = ConsultationResponse.objects.filter(problem=found).select_related(
        "problem", "unit__site"
    )  # the reader reads each response's problem: read with it, not once per response
    if stance:
        records = records.filter(stance=stance)
    channel = "API read of what households said; "
    with Reader(request.auth, purpose=purpose or "", channel=channel) as reader:
        return page(
            records.order_by("received_on", "id"), query, lambda r: _response(reader.show(r))
        )


@router.get("/problems/{problem_id}/documents/details", response=responses(DocumentDetailsOut))
def document_details(request: HttpRequest, problem_id: Id) -> dict:
    """Who residents contact, the housing and legal advice the closure notice names
    (s.76(5)(g)), and who signs the letters."""
    found = problem_get(user=request.auth, pk=problem_id)
    require(request.auth, DOCUMENT_GENERATE, found)
    details = details_of(found)
    fields = ("residents_contact", "housing_advice", "legal_advice", "signatory")
    return {
        "problem_id": found.pk,
        "recorded": details.pk is not None,
        **{name: getattr(details, name) for name in fields},
    }


@router.get("/problems/{problem_id}/write-up", response=responses(WriteUpOut))
def write_up(request: HttpRequest, problem_id: Id, purpose: Purpose = None) -> dict:
    """The practice write-up as saved; until someone saves one, the draft the web's form
    starts from (``saved`` false), drafted from what you may see: the problem's notes on the
    people involved only with a ``purpose``, to those the sharing record allows (audited)."""
    found = problem_get(user=request.auth, pk=problem_id)
    require(request.auth, DOCUMENT_GENERATE, found)
    channel = "API read of the write-up; "
    with Reader(request.auth, purpose=purpose or "", channel=channel) as reader:
        saved = reader.show(writeup_of(found))
        if saved is None:
            values = writeup_prefill(problem=found, reader=reader)
        else:
            values = {name: _said(getattr(saved, name)) for name in WRITEUP_FIELDS}
    return {
        "problem_id": found.pk,
        "saved": saved is not None,
        **values,
        "updated_at": saved.updated_at if saved else None,
        "withheld": [name for name in WRITEUP_FIELDS if values.get(name, "") is None],
    }
