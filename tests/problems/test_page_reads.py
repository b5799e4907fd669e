"""The problem page reads each record it shows once: the problem (its guard's read is the
view's). Taking a record already read never skips the rule: the selector asks it again."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clearhold.authz import Refused
from clearhold.problems.models import Problem
from clearhold.problems.selectors import problem_get
from clearhold.problems.services import problem_create

PROBLEM_READ = 'SELECT "problems_problem"."id"'


def test_the_problem_page_reads_the_problem_once(client, manager, problem):
    client.force_login(manager)
    url = reverse("problems:detail", args=[problem.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as ran:
        assert client.get(url).status_code == 200
    reads = [q["sql"] for q in ran.captured_queries if q["sql"].startswith(PROBLEM_READ)]
    assert len(reads) == 1, reads


def test_the_guarded_problem_is_taken_when_it_is_the_one_asked(manager, problem, site):
    other = problem_create(
        user=manager, title="Another problem", start_date=problem.start_date, sites=[site]
    )
    assert problem_get(user=manager, pk=problem.pk, loaded=problem) is problem
    found = problem_get(user=manager, pk=other.pk, loaded=problem)
    assert found.pk == other.pk
    assert found is not problem


def test_a_guarded_problem_is_still_checked(outsider, problem):
    loaded = Problem.objects.get(pk=problem.pk)
    with pytest.raises(Refused):
        problem_get(user=outsider, pk=problem.pk, loaded=loaded)
