"""Measuring an objective asks the store for its distinct months and reporters without the
incident model's default ordering: with it, SQL's DISTINCT runs over (month, ordering columns)
and returns one row per incident (15,931 rows for 20 months on the demo store) instead of one
per month."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from clearhold.problems.objectives import objective_counts, objective_create
from tests.problems.test_objectives import fields


def test_no_distinct_query_of_the_objective_carries_an_ordering(problem, manager, site):
    objective = objective_create(user=manager, problem=problem, **fields(site))
    with CaptureQueriesContext(connection) as captured:
        objective_counts(objective)
    distinct = [q["sql"] for q in captured.captured_queries if "DISTINCT" in q["sql"]]
    assert distinct  # the months covered (the reporters query needs incidents at the site)
    assert [sql for sql in distinct if "ORDER BY" in sql] == []
