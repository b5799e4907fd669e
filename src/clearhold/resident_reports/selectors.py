"""Reads for residents' reports: the open pages (public), a report by its reference (public:
its status only), a page's published updates (public), and the partnership's queue."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Count, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from clearhold.authz import require
from clearhold.problems.models import Problem
from clearhold.problems.permissions import associated
from clearhold.resident_reports.models import (
    Moderation,
    ReportingPage,
    ReportUpdate,
    ResidentReport,
)
from clearhold.resident_reports.permissions import REPORTS_VIEW
from clearhold.resident_reports.references import typed


def pages_open() -> QuerySet[ReportingPage]:
    """The pages taking reports, by public name: what ``/report/`` lists."""
    return ReportingPage.objects.filter(is_open=True).order_by("public_name")


def page_open(slug: str) -> ReportingPage:
    """The open page at ``slug``, or 404 (a closed page is as good as none to the public)."""
    return get_object_or_404(pages_open().select_related("site", "problem"), slug=slug)


def report_by_reference(text: str) -> ResidentReport | None:
    """The report a resident's typed reference names, or None."""
    reference = typed(text)
    if reference is None:
        return None
    return ResidentReport.objects.select_related("page").filter(reference=reference).first()


def updates_published(page: ReportingPage) -> QuerySet[ReportUpdate]:
    return page.updates.order_by("-published_on", "-id")


def queue(*, user: Any, problem: Problem) -> QuerySet[ResidentReport]:
    """A problem's reports, those waiting to be checked first, then newest first."""
    require(user, REPORTS_VIEW, problem)
    waiting_first = Case(
        When(moderation=Moderation.WAITING, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        problem.resident_reports.select_related("page", "photo")
        .annotate(waiting_first=waiting_first)
        .order_by("waiting_first", "-received_at", "-id")
    )


def queues(*, user: Any) -> list[dict[str, Any]]:
    """The problems with a reporting page the user's organisation is in, with how many
    reports wait on each: one query for the problems and their counts, one for their pages."""
    reports = ResidentReport.objects.filter(problem=OuterRef("pk"))
    problems = (
        associated(Problem.objects.filter(reporting_pages__isnull=False), user)
        .annotate(
            waiting=_count(reports.filter(moderation=Moderation.WAITING)),
            total=_count(reports),
        )
        .prefetch_related("reporting_pages")
        .order_by("title")
    )
    return [
        {
            "problem": problem,
            "pages": list(problem.reporting_pages.all()),
            "waiting": problem.waiting,
            "total": problem.total,
        }
        for problem in problems
    ]


def _count(reports: QuerySet[ResidentReport]) -> Coalesce:
    """A correlated COUNT of ``reports`` (a subquery: the membership joins that find the
    problems would otherwise multiply the reports counted)."""
    counted = reports.order_by().values("problem").annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def report_get(*, user: Any, pk: int) -> ResidentReport:
    report = get_object_or_404(
        ResidentReport.objects.select_related("page", "problem", "page__site"), pk=pk
    )
    require(user, REPORTS_VIEW, report.problem)
    return report


EXPORT_HEADER = (
    "received", "place", "problem reported", "what happened", "where", "latitude", "longitude",
    "day", "time", "check", "status", "contact name", "contact email", "contact phone",
    "may contact",
)  # fmt: skip


def export_rows(reader: Any, reports: QuerySet[ResidentReport]) -> list[list[Any]]:
    """The reports as CSV rows, every value read through ``reader``: contact details come out
    empty for a reader the sharing record does not allow them (or who gave no purpose)."""
    from clearhold.resident_reports.categories import wording

    rows = []
    for report in reports:
        shown = reader.show(report)
        rows.append(
            [
                report.received_at.isoformat(timespec="minutes"),
                report.page.public_name,
                wording(report.category),
                shown.what_happened,
                shown.where,
                report.latitude,
                report.longitude,
                report.occurred_on.isoformat(),
                report.occurred_time.strftime("%H:%M") if report.occurred_time else "",
                report.get_moderation_display(),
                report.get_status_display(),
                str(shown.contact_name),
                str(shown.contact_email),
                str(shown.contact_phone),
                "yes" if report.contact_consent else "",
            ]
        )
    return rows
