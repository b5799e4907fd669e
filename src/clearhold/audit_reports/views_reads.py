"""The purpose page asked before the first personal data of a problem, the data protection
officer's report of who saw what (with its CSV), and the subject-access export."""

from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from clearhold.audit.models import AuditAction
from clearhold.audit.permissions import DPO_REPORT, SUBJECT_ACCESS
from clearhold.audit.purposes import Purpose
from clearhold.audit.reads import purpose_given, purpose_remember, subjects_text
from clearhold.audit.services import audit_record
from clearhold.audit_reports.dpo import ReadFilters, reads_csv_rows, reads_list
from clearhold.audit_reports.forms import PurposeForm, ReadReportForm, SubjectSearchForm
from clearhold.audit_reports.subject_access import subject_access_export, subject_get, subjects_find
from clearhold.authz import permission_required, problem_in_url
from clearhold.problems.models import Problem
from clearhold.problems.permissions import PROBLEM_VIEW
from clearhold.problems.selectors import problem_get
from clearhold.readmodel import Reader
from clearhold.toolkit.csvstream import csv_response


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed and target.startswith("/") else fallback


@permission_required(PROBLEM_VIEW, problem_in_url(Problem, "problem_pk"))
def read_purpose(request: HttpRequest, problem_pk: int) -> HttpResponse:
    problem = problem_get(user=request.user, pk=problem_pk)
    target = _safe_next(request, problem.get_absolute_url())
    form = PurposeForm(request.POST or None, initial=purpose_given(request, problem))
    if request.method == "POST" and form.is_valid():
        purpose_remember(request, problem, form.cleaned_data["purpose"], form.cleaned_data["note"])
        return redirect(target)
    shown = Reader(request.user, log=False).show(problem)  # its title: public, before a purpose
    return render(request, "audit/purpose.html", {"problem": shown, "form": form, "next": target})


def _report_filters(request: HttpRequest) -> tuple[ReadReportForm, ReadFilters]:
    form = ReadReportForm(request.GET or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return form, ReadFilters(
            date_from=data["date_from"],
            date_to=data["date_to"],
            organisation=data["organisation"],
            data_class=data["data_class"],
        )
    return form, ReadFilters()


@require_GET
@permission_required(DPO_REPORT)
def reads_report(request: HttpRequest) -> HttpResponse:
    form, filters = _report_filters(request)
    page = Paginator(reads_list(filters=filters), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "audit/reads.html", {"form": form, "page": page, "query": query.urlencode()}
    )


@require_GET
@permission_required(DPO_REPORT)
def reads_report_csv(request: HttpRequest) -> StreamingHttpResponse:
    _, filters = _report_filters(request)
    entries = reads_list(filters=filters)
    audit_record(
        action=AuditAction.EXPORT,
        object_type="audit.auditentry",
        object_repr=f"report of {entries.count()} reads of personal data",
        detail=request.get_full_path()[:500],
    )
    return csv_response(  # who read what, by name: personal data
        "clearhold-personal-data-reads.csv",
        reads_csv_rows(entries.iterator(chunk_size=2000)),
        personal=True,
    )


@require_GET
@permission_required(SUBJECT_ACCESS)
def subject_access(request: HttpRequest) -> HttpResponse:
    form = SubjectSearchForm(request.GET or None)
    found = subjects_find(text=form.cleaned_data["name"]) if form.is_valid() else []
    return render(
        request,
        "audit/subject_access.html",
        {"form": form, "found": found, "searched": form.is_bound},
    )


@require_GET
@permission_required(SUBJECT_ACCESS)
def subject_access_download(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    subject = subject_get(kind=kind, pk=pk)
    export = subject_access_export(subject=subject)
    audit_record(
        action=AuditAction.EXPORT,
        obj=subject,
        object_repr=f"subject-access export: {subject}",
        detail="subject-access export of everything held and who saw it",
        data_class="special" if kind == "vulnerable" else "restricted",
        fields=sorted(export["held"]["record"]),
        purpose=Purpose.SUBJECT_ACCESS,
        problem_pk=subject.problem_id,
        subjects=subjects_text([subject]),
    )
    response = HttpResponse(
        json.dumps(export, indent=2, ensure_ascii=False), content_type="application/json"
    )
    name = f"subject-access-{kind}-{subject.pk}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
