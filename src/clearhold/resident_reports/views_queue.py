"""The partnership's pages for residents' reports: the queues of the user's problems, one
problem's queue, a report (accept or reject it and set its status), its photo, the "you said,
we did" updates and the site's reporting page.

Contact details and the photo are restricted data: they are read through the read model, so a
partner without the right sees that they were given but not what they are, and every view of
them is in the audit log with its purpose.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clearhold.audit.reads import purpose_needed, purpose_url
from clearhold.authz import DataClass, Refused, can, permission_required, problem_in_url
from clearhold.problems.models import Problem
from clearhold.problems.permissions import PROBLEM_PERSONAL_DATA
from clearhold.problems.selectors import problem_get
from clearhold.readmodel import WITHHELD, Reader, reader_for
from clearhold.resident_reports.categories import wording
from clearhold.resident_reports.forms import ModerationForm, ReportingPageForm, UpdateForm
from clearhold.resident_reports.models import ReportingPage, ResidentReport
from clearhold.resident_reports.permissions import REPORTS_LIST, REPORTS_MODERATE, REPORTS_VIEW
from clearhold.resident_reports.references import shown
from clearhold.resident_reports.selectors import (
    EXPORT_HEADER,
    export_rows,
    queue,
    queues,
    report_get,
)
from clearhold.resident_reports.services import (
    report_moderate,
    reporting_page_open,
    update_publish,
)
from clearhold.toolkit.csvstream import csv_lines, marked_name
from clearhold.toolkit.forms import add_validation_errors


@require_GET
@permission_required(REPORTS_LIST)
def report_queues(request: HttpRequest) -> HttpResponse:
    reader = Reader(request.user, log=False)  # names and counts: public fields only
    rows = [
        {**row, "problem": reader.show(row["problem"]), "pages": reader.show_all(row["pages"])}
        for row in queues(user=request.user)
    ]
    return render(request, "resident_reports/queues.html", {"queues": rows})


@require_GET
@permission_required(REPORTS_VIEW, problem_in_url(Problem, "problem_pk"))
def report_queue(request: HttpRequest, problem_pk: int) -> HttpResponse:
    problem = problem_get(user=request.user, pk=problem_pk)
    reader = Reader(request.user, what=f"residents' reports on {problem}", log=False)  # public
    reports = [
        {
            "report": reader.show(report),
            "category": wording(report.category),
            "has_photo": hasattr(report, "photo"),
            "has_contact": report.has_contact,  # that they were given, never what they are
        }
        for report in queue(user=request.user, problem=problem)
    ]
    context = {
        "problem": reader.show(problem),
        "reports": reports,
        "pages": [reader.show(page) for page in problem.reporting_pages.all()],
        "may_moderate": can(request.user, REPORTS_MODERATE, problem),
    }
    return render(request, "resident_reports/queue.html", context)


@require_GET
@permission_required(REPORTS_VIEW, problem_in_url(Problem, "problem_pk"))
def report_export(request: HttpRequest, problem_pk: int) -> HttpResponse:
    """The problem's reports as CSV, read through the read model: contact details only for
    those the sharing record allows, with a purpose given (the read is in the audit log)."""
    problem = problem_get(user=request.user, pk=problem_pk)
    reports = queue(user=request.user, problem=problem)
    with reader_for(request, problem, what=f"residents' reports on {problem}") as reader:
        rows = export_rows(reader, reports)
    # Built whole, not streamed: the rows are already read (the reader is closed) and few.
    response = HttpResponse("".join(csv_lines(EXPORT_HEADER, rows)), content_type="text/csv")
    name = marked_name(f"clearhold-problem-{problem.pk}-resident-reports.csv", reader.personal_data)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@permission_required(REPORTS_VIEW, problem_in_url(ResidentReport))
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_get(user=request.user, pk=pk)
    form = ModerationForm(initial={"moderation": report.moderation, "status": report.status})
    return _detail_page(request, report, form)


def _detail_page(request: HttpRequest, report: ResidentReport, form) -> HttpResponse:
    problem = report.problem
    with reader_for(request, problem, what=f"resident report {report.pk}", about=report) as reader:
        allowed = reader.allowed(DataClass.RESTRICTED, problem)
        context = {
            "report": reader.show(report),
            "has_contact": report.has_contact,  # that they were given, never what they are
            "problem": reader.show(problem),
            "category": wording(report.category),
            "reference": shown(report.reference),
            "form": form,
            "may_moderate": can(request.user, REPORTS_MODERATE, problem),
            "may_see_contact": allowed and reader.may_see(DataClass.RESTRICTED, problem),
            "purpose_link": purpose_url(problem, request.get_full_path())
            if allowed and not reader.purpose
            else "",
            "has_photo": hasattr(report, "photo"),
        }
        return render(request, "resident_reports/detail.html", context)


@require_POST
@permission_required(REPORTS_MODERATE, problem_in_url(ResidentReport))
def report_moderation(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_get(user=request.user, pk=pk)
    form = ModerationForm(request.POST)
    if form.is_valid():
        try:
            report = report_moderate(user=request.user, report=report, **form.cleaned_data)
        except ValidationError as invalid:
            add_validation_errors(form, invalid)
        else:
            messages.success(
                request,
                f"Report {shown(report.reference)}: {report.get_moderation_display().lower()}, "
                f"shown to the resident as “{report.get_status_display()}”.",
            )
            return redirect("resident_reports:queue", problem_pk=report.problem_id)
    return _detail_page(request, report, form)


@require_GET
@permission_required(REPORTS_VIEW, problem_in_url(ResidentReport))
def report_photo(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's photo, for those the sharing record lets see restricted data, with a
    purpose (each view is in the audit log)."""
    report = report_get(user=request.user, pk=pk)
    photo = getattr(report, "photo", None)
    if photo is None:
        return render(request, "resident_reports/no_photo.html", {"report": report}, status=404)
    if not can(request.user, PROBLEM_PERSONAL_DATA, report.problem):
        raise Refused("The partnership has not shared residents’ photos with your organisation.")
    ask = purpose_needed(request, report.problem)
    if ask is not None:
        return ask
    with reader_for(request, report.problem, what=f"photo of resident report {report.pk}") as r:
        stored = r.show(photo).file
        if stored is WITHHELD:
            raise Refused(
                "Residents’ photos are personal data: the partnership has not shared them."
            )
        try:
            handle = stored.open("rb")
        except FileNotFoundError:
            raise Http404("The photo's file is missing from storage.") from None
    response = FileResponse(handle, content_type=photo.content_type)
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
@permission_required(REPORTS_MODERATE, problem_in_url(Problem, "problem_pk"))
def update_new(request: HttpRequest, problem_pk: int) -> HttpResponse:
    problem = problem_get(user=request.user, pk=problem_pk)
    pages = list(problem.reporting_pages.all())
    form = UpdateForm(request.POST or None)
    if not pages:
        messages.info(request, "Open a reporting page for one of the problem’s sites first.")
        return redirect("resident_reports:page", problem_pk=problem.pk)
    page = pages[0]
    if request.method == "POST" and form.is_valid():
        update_publish(user=request.user, page=page, **form.cleaned_data)
        messages.success(request, f"Published on the reporting page for {page.public_name}.")
        return redirect("resident_reports:queue", problem_pk=problem.pk)
    reader = Reader(request.user, log=False)  # public fields only
    context = {"problem": reader.show(problem), "page": reader.show(page), "form": form}
    return render(request, "resident_reports/update_form.html", context)


@require_http_methods(["GET", "POST"])
@permission_required(REPORTS_MODERATE, problem_in_url(Problem, "problem_pk"))
def reporting_page(request: HttpRequest, problem_pk: int) -> HttpResponse:
    """Open one of the problem's sites to public reports (or change its page)."""
    problem = problem_get(user=request.user, pk=problem_pk)
    existing = ReportingPage.objects.filter(site__in=problem.sites.all()).first()
    initial = {}
    if existing is not None:
        initial = {
            "site": existing.site,
            "public_name": existing.public_name,
            "slug": existing.slug,
            "categories": existing.categories,
        }
    form = ReportingPageForm(request.POST or None, initial=initial, sites=problem.sites.all())
    if request.method == "POST" and form.is_valid():
        try:
            page = reporting_page_open(user=request.user, problem=problem, **form.cleaned_data)
        except ValidationError as invalid:
            add_validation_errors(form, invalid)
        else:
            messages.success(request, f"The reporting page for {page.public_name} is open.")
            return redirect("resident_reports:queue", problem_pk=problem.pk)
    reader = Reader(request.user, log=False)  # public fields only
    context = {"problem": reader.show(problem), "form": form, "existing": existing is not None}
    return render(request, "resident_reports/page_form.html", context)
