"""``in_order``, the sort the problem page's sections make in Python instead of an ORDER BY
(issue 21): it must give the order the database would, mixed directions and ties included."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from clearhold.problems.models import Meeting
from clearhold.toolkit.ordering import in_order


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), unique=True))
def test_property_mixed_directions_sort_as_one_key_each(pairs):
    rows = [SimpleNamespace(a=a, b=b) for a, b in pairs]
    ordered = in_order(rows, "-a", "b")
    assert [(r.a, r.b) for r in ordered] == sorted(pairs, key=lambda p: (-p[0], p[1]))


def test_the_meetings_come_as_the_database_orders_them(problem):
    day = dt.date(2025, 3, 1)
    for offset in (0, 2, 0, 1, 2):  # ties on the date, broken by the id
        Meeting.objects.create(problem=problem, date=day + dt.timedelta(days=offset))
    by_database = list(problem.meetings.order_by("-date", "-id"))
    assert in_order(problem.meetings.order_by(), "-date", "-id") == by_database
    assert in_order(problem.meetings.order_by(), "date", "id") == by_database[::-1]
