"""Administrators' search and CSV export of the audit trail (read-only: there is no edit view)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from clearhold.audit.models import AuditAction
from clearhold.audit.permissions import AUDIT_EXPORT, AUDIT_VIEW
from clearhold.audit.services import audit_record
from clearhold.audit_reports.forms import AuditSearchForm
from clearhold.audit_reports.selectors import AuditFilters, audit_csv_rows, audit_entry_list
from clearhold.authz import permission_required
from clearhold.toolkit.csvstream import csv_response


def _filters(request: HttpRequest) -> tuple[AuditSearchForm, AuditFilters]:
    form = AuditSearchForm(request.GET or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return form, AuditFilters(
            text=data["text"],
            action=data["action"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
    return form, AuditFilters()


@require_GET
@permission_required(AUDIT_VIEW)
def audit_search(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    page = Paginator(audit_entry_list(filters=filters), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/search.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@require_GET
@permission_required(AUDIT_EXPORT)
def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    _, filters = _filters(request)
    entries = audit_entry_list(filters=filters)
    audit_record(
        action=AuditAction.EXPORT,
        object_type="audit.auditentry",
        object_repr=f"{entries.count()} audit entries",
        detail=request.get_full_path()[:500],
    )
    rows = audit_csv_rows(entries.iterator(chunk_size=2000))
    return csv_response("clearhold-audit.csv", rows, personal=True)  # names, addresses
