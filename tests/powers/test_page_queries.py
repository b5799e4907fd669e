"""The problem page, the closures list and the dashboard run as many queries for five closures
as for one: a query per closure (an N+1) fails here, before a partnership with forty closure
orders on one estate feels it. Each closure has a notice, its service, a hearing and an order,
the records the pages summarise."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clearhold.law import add_months
from clearhold.powers.models import EngagementKind, HearingOutcome
from clearhold.powers.services import (
    closure_open,
    engagement_record,
    hearing_record,
    service_record,
)
from clearhold.powers.services_order import order_record
from tests.powers.conftest import HEARD, ISSUED, SERVED, issue, wisbech_exemptions


def _closure_with_order(number: int, *, problem, site, inspector, constable) -> None:
    closure, _ = closure_open(
        user=inspector,
        problem=problem,
        site=site,
        premises_description=f"Flat {number}, Onyx Court, Wisbech",
        premises_kind="land",
    )
    before = ISSUED - dt.timedelta(hours=3)
    for kind in (
        EngagementKind.INFORM_OCCUPIERS,
        EngagementKind.INFORM_INTERESTED,
        EngagementKind.CONSULT,
    ):
        engagement_record(user=inspector, closure=closure, kind=kind, who="Clarion", at=before)
    notice, _ = issue(closure, inspector)
    service_record(user=constable, notice=notice, act="a", served_at=SERVED, detail="Door")
    hearing_record(
        user=inspector,
        closure=closure,
        court="Cambridge Magistrates' Court",
        heard_at=HEARD,
        outcome=HearingOutcome.ORDER_MADE,
    )
    made = ISSUED.date() + dt.timedelta(days=2)
    order_record(
        user=inspector,
        closure=closure,
        made_on=made,
        ends_on=add_months(made, 3),
        court="Cambridge Magistrates' Court",
        partial=True,
        exemptions=wisbech_exemptions(),
    )


def _queries(client, url: str) -> int:
    client.get(url)  # once to fill the per-process caches (content types, sessions)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.fixture
def counts(client, manager, problem, site, inspector, constable):
    """The query count of each page with one closure, then with five."""
    client.force_login(manager)
    pages = {
        "problem": reverse("problems:detail", args=[problem.pk]),
        "closures": reverse("powers:list"),
        "dashboard": reverse("problems:dashboard"),
    }
    made = {"problem": problem, "site": site, "inspector": inspector, "constable": constable}
    _closure_with_order(1, **made)
    one = {name: _queries(client, url) for name, url in pages.items()}
    for number in range(2, 6):
        _closure_with_order(number, **made)
    five = {name: _queries(client, url) for name, url in pages.items()}
    return one, five


@pytest.mark.parametrize("page", ["problem", "closures", "dashboard"])
def test_five_closures_cost_no_more_queries_than_one(counts, page):
    one, five = counts
    assert five[page] == one[page], (
        f"{page}: {one[page]} queries with 1 closure, {five[page]} with 5"
    )
