"""Where residents' reports show on a problem: a section on its page with the reports waiting
to be checked and the way to its queue (or to open a public reporting page)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from clearhold.authz import can
from clearhold.problems.sections import Section, add_section
from clearhold.readmodel import Reader
from clearhold.resident_reports.models import Moderation
from clearhold.resident_reports.permissions import REPORTS_MODERATE, REPORTS_VIEW
from clearhold.toolkit.addresses import address


def problem_section(*, problem: Any, user: Any, reader: Reader | None = None) -> dict[str, Any]:
    if not can(user, REPORTS_VIEW, problem):
        return {"reports_visible": False}
    reader = reader or Reader(user, log=False)
    counted = problem.resident_reports.order_by().aggregate(
        waiting=Count("id", filter=Q(moderation=Moderation.WAITING)), total=Count("id")
    )
    return {
        "reports_visible": True,
        "reports_href": address("resident_reports:queue", args=[problem.pk]),
        "reports_pages": [reader.show(p) for p in problem.reporting_pages.filter(is_open=True)],
        "reports_waiting": counted["waiting"],
        "reports_total": counted["total"],
        "may_open_page": can(user, REPORTS_MODERATE, problem),
        "page_href": address("resident_reports:page", args=[problem.pk]),
    }


def register() -> None:
    add_section(Section("problem", "resident_reports/problem_section.html", problem_section))
