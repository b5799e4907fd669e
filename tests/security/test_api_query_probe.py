"""Probes of the API's list parameters: can a filter, a page or an ordering widen what a caller
sees, or sort a list by a field withheld from them so its order gives the value away?

Reproduced with the tokens of an officer of an organisation outside the Wisbech problem and of
a voluntary partner whose sharing record gives no personal data, sending the list routes the
filters Django's admin and django-filter would read (``problem__in``, ``problem_id__gte``), the
ordering parameters of DRF and of Django's admin (``ordering``, ``order_by``, ``sort``, ``o``)
naming the withheld person, and out-of-range pages.

What must hold (found safe): a list is always its selector's records for the caller, narrowed
and never widened by a filter; its order is the route's own (no parameter reaches
``order_by``); a page outside its bounds is refused, not answered with more.
"""

# ruff: noqa: F811  (the API tests' fixtures, imported, are parameters of the tests)
from __future__ import annotations

import datetime as dt

import pytest

from clearhold.powers.breaches import breach_record
from clearhold.powers.people import person_add
from tests.api.conftest import call, stranger, token_of, wisbech  # noqa: F401  (fixtures)
from tests.powers.conftest import SERVED

pytestmark = pytest.mark.django_db
WIDENING = [
    {"problem__in": "1,2,3"},
    {"problem_id__gte": "0"},
    {"problem__isnull": "false"},
    {"problem": "0"},
    {"limit": "200", "offset": "0"},
]
ORDERINGS = [
    {"ordering": "person__name"},
    {"ordering": "-person__name"},
    {"order_by": "person"},
    {"sort": "seen"},
    {"o": "person__date_of_birth"},
]


@pytest.mark.parametrize("query", WIDENING, ids=lambda q: ",".join(q))
def test_no_filter_shows_an_outsider_another_partnerships_closures(
    call, token_of, wisbech, stranger, query
):
    answer = call("GET", "/api/closures", token=token_of(stranger), **query)
    assert answer.status_code in (200, 422)
    if answer.status_code == 200:
        assert answer.data["count"] == 0
        assert answer.data["items"] == []
    named = call("GET", "/api/closures", token=token_of(stranger), problem=wisbech["problem"].pk)
    assert named.data["count"] == 0


@pytest.fixture
def breaches(wisbech, manager, constable):
    """Three breaches of the order (Jay, Aaron, Mia by date) whose people sort, either way,
    otherwise than their dates, so an honoured ordering would show."""
    closure = wisbech["closure"]
    for day, name in ((4, "Aaron Zed"), (5, "Mia Able")):
        breach_record(
            user=constable,
            closure=closure,
            occurred_at=SERVED + dt.timedelta(days=day),
            seen=f"{name} at the gate",
            person=person_add(user=manager, problem=wisbech["problem"], name=name),
        )
    return f"/api/closures/{closure.pk}/breaches"


@pytest.mark.parametrize("ordering", ORDERINGS, ids=lambda q: "=".join(*q.items()))
def test_no_parameter_orders_a_list_by_a_field_withheld_from_the_caller(
    call, token_of, partner_viewer, breaches, ordering
):
    token = token_of(partner_viewer)
    plain = call("GET", breaches, token=token)
    assert plain.status_code == 200
    assert plain.data["count"] == 3
    assert all(item["person_id"] is None for item in plain.data["items"])  # withheld from them
    assert all("person" in item["withheld"] for item in plain.data["items"])
    ordered = call("GET", breaches, token=token, **ordering)
    assert [i["id"] for i in ordered.data["items"]] == [i["id"] for i in plain.data["items"]]


@pytest.mark.parametrize(
    "query",
    [{"limit": "201"}, {"limit": "0"}, {"limit": "-1"}, {"offset": "-1"}, {"offset": str(2**63)}],
    ids=lambda q: "=".join(*q.items()),
)
def test_a_page_outside_its_bounds_is_refused(call, token_of, partner_viewer, breaches, query):
    answer = call("GET", breaches, token=token_of(partner_viewer), **query)
    assert answer.status_code == 422


def test_paging_through_a_list_shows_each_record_once_and_no_more(
    call, token_of, partner_viewer, breaches
):
    token = token_of(partner_viewer)
    seen = [
        item["id"]
        for offset in range(4)
        for item in call("GET", breaches, token=token, limit=1, offset=offset).data["items"]
    ]
    whole = [i["id"] for i in call("GET", breaches, token=token).data["items"]]
    assert seen == whole
    assert len(whole) == 3
