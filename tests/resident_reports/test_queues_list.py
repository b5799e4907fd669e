"""The list of reporting queues counts each problem's reports (waiting and in all) in the
query that finds the problems: more problems add no query, and the partners and members
that make a problem visible never multiply its reports."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clearhold.places.services import site_create
from clearhold.problems.services import problem_create
from clearhold.resident_reports.models import Moderation, ResidentReport
from clearhold.resident_reports.selectors import queues
from clearhold.resident_reports.services import reporting_page_open
from tests.conftest import WISBECH_TARGET

pytestmark = pytest.mark.django_db


def _reports(page, count: int, *, waiting: int) -> None:
    for number in range(count):
        ResidentReport.objects.create(
            page=page, problem=page.problem, reference=f"Q{ResidentReport.objects.count():09d}",
            category="drugs", what_happened="Dealing by the gate",
            occurred_on=dt.date(2025, 6, 1),
            moderation=Moderation.WAITING if number < waiting else Moderation.ACCEPTED,
        )  # fmt: skip


def _second_page(manager):
    site = site_create(
        user=manager, name="Gate", kind="open_space", boundary=WISBECH_TARGET.read_text()
    )
    problem = problem_create(
        user=manager, title="Another problem", start_date=dt.date(2025, 5, 7), sites=[site]
    )
    return reporting_page_open(
        user=manager, problem=problem, site=site, public_name="Gate", slug="gate",
        categories=["drugs"],
    )  # fmt: skip


def _listed(manager) -> tuple[dict[str, tuple[int, int]], int]:
    with CaptureQueriesContext(connection) as ran:
        rows = queues(user=manager)
    return {r["problem"].title: (r["waiting"], r["total"]) for r in rows}, len(ran)


def test_each_problem_counts_its_own_reports_and_more_problems_add_no_query(
    page, manager, constable
):
    _reports(page, 3, waiting=2)
    one, queries = _listed(manager)
    assert one == {page.problem.title: (2, 3)}
    second = _second_page(manager)
    _reports(second, 4, waiting=1)
    both, more = _listed(manager)
    assert both == {page.problem.title: (2, 3), "Another problem": (1, 4)}
    assert more == queries
