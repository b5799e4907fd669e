"""One timeline for the operation, and the dashboard and calendar grouped by operation."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from clearhold.law import UK, instant
from clearhold.powers.models import Closure
from clearhold.powers.operation_clocks import operation_timeline, same_deadlines
from clearhold.powers.selectors import operation_closures
from clearhold.powers.services_operation import PremisesPick, operation_create
from tests.powers.operations.conftest_orders import operation_orders, orders_in_force, serve

__all__ = ["operation_orders"]  # the fixture, used by the tests below

ISSUED = dt.datetime(2023, 7, 3, 9, 0, tzinfo=UK)


def _served_in_reverse(operation, inspector, constable):
    """Block J served first, Block A last, a quarter of an hour apart."""
    closures = operation_closures(operation)
    for n, closure in enumerate(closures):
        served = ISSUED + dt.timedelta(hours=1, minutes=15 * (len(closures) - 1 - n))
        serve(closure, inspector, constable, issued=ISSUED, served=served)
    return closures


def test_the_timeline_puts_the_earliest_deadline_first(
    operation, estate_inspector, estate_constable
):
    _served_in_reverse(operation, estate_inspector, estate_constable)
    rows = operation_timeline(operation, ISSUED + dt.timedelta(hours=4))
    dues = [instant(row.clock.due) for row in rows]
    assert dues == sorted(dues)
    hearing_by = [row.premises for row in rows if row.clock.key == "hearing_by"]
    assert hearing_by == [f"Block {letter}" for letter in "JIHGFEDCBA"]
    first = next(row for row in rows if row.clock.key == "hearing_by")
    assert first.clock.due == ISSUED + dt.timedelta(hours=49)  # Block J, served at 10:00


def test_premises_served_together_share_one_heading(operation, estate_inspector, estate_constable):
    closures = operation_closures(operation)
    for n, closure in enumerate(closures):
        served = ISSUED + dt.timedelta(hours=1 if n < 7 else 2)
        serve(closure, estate_inspector, estate_constable, issued=ISSUED, served=served)
    groups = same_deadlines(operation_timeline(operation, ISSUED + dt.timedelta(hours=4)))
    hearing = [g for g in groups if g.clock.key == "hearing_by"]
    assert [len(g.rows) for g in hearing] == [7, 3]
    assert hearing[0].heading == "7 premises: Application heard by 10:00 on 5 July 2023"
    assert [row.premises for row in hearing[1].rows] == ["Block H", "Block I", "Block J"]


def test_the_operation_clocks_page_lists_every_premises(
    client, operation, estate_inspector, estate_constable, outsider
):
    closures = _served_in_reverse(operation, estate_inspector, estate_constable)
    client.force_login(estate_constable)
    page = client.get(reverse("powers:operation-clocks", args=[operation.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="operation-clocks"' in body
    for closure in closures:
        assert reverse("powers:closure", args=[closure.pk]) in body
    client.force_login(outsider)
    assert client.get(reverse("powers:operation-clocks", args=[operation.pk])).status_code == 403


def _dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("problems:dashboard")).status_code == 200
    return len(queries)


def test_the_dashboard_shows_an_operation_as_one_line(client, operation_orders, estate_inspector):
    client.force_login(estate_inspector)
    body = client.get(reverse("problems:dashboard")).content.decode()
    table = body[body.index('data-testid="closure-clocks"') :]
    assert table.count('data-testid="operation-clocks-line"') == 1
    assert table.count('<tr class="govuk-table__row" data-state') == 1  # no line per premises
    line = table[table.index('data-testid="operation-clocks-line"') :]
    assert "Operation Dakota" in line
    # The earliest clock is the order's end, the same day for all ten (made the same day).
    assert '<span data-testid="premises-due">10</span> of 10 premises' in line
    assert (
        reverse("powers:operation-clocks", args=[operation_orders[0].closure.operation_id]) in line
    )


def test_the_dashboard_asks_the_database_as_often_for_ten_premises_as_for_one(
    client, estate, blocks, estate_inspector, estate_constable
):
    client.force_login(estate_inspector)
    dakota, _ = operation_create(
        user=estate_inspector,
        problem=estate,
        name="Operation Dakota",
        picks=[PremisesPick(blocks[0])],
    )
    orders_in_force(operation_closures(dakota), estate_inspector, estate_constable)
    with_one = _dashboard_queries(client)
    more, _ = operation_create(
        user=estate_inspector,
        problem=estate,
        name="Operation More",
        picks=[PremisesPick(block) for block in blocks[1:]],
    )
    orders_in_force(operation_closures(more), estate_inspector, estate_constable)
    Closure.objects.filter(operation=more).update(operation=dakota)
    assert dakota.closures.count() == 10
    assert _dashboard_queries(client) == with_one


def test_the_calendar_names_the_operation(client, operation_orders, estate_inspector):
    client.force_login(estate_inspector)
    calendar = Calendar.from_ical(client.get(reverse("problems:calendar")).content)
    events = [e for e in calendar.walk("VEVENT") if str(e["uid"]).startswith("closure-")]
    ends = [e for e in events if "Closure order ends" in str(e["summary"])]
    assert len(ends) == 10  # one per premises: each has its own order
    assert str(ends[0]["summary"]).startswith("Operation Dakota: Closure order ends: Block")
    assert all(e["categories"].cats == ["Operation Dakota"] for e in events)
    assert len({str(e["uid"]) for e in events}) == len(events)
