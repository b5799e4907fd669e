"""The problem page reads each record it shows once: the problem (its guard's read is the
view's), the sharing record (the partnership table, the rules and the sharing section share
one read). Taking a record already read never skips the rule: the selector asks it again."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clearhold.authz import DataClass, Refused
from clearhold.problems.models import Problem
from clearhold.problems.selectors import problem_get
from clearhold.problems.services import partner_add, problem_create
from clearhold.problems.sharing_selectors import (
    classes_by_organisation,
    receives,
    sharing_record_of,
    with_sharing_record,
)
from clearhold.problems.sharing_services import sharing_record_save

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


def _answers(problem, organisations) -> tuple:
    record = sharing_record_of(problem=problem)
    return (
        None
        if record is None
        else sorted((r.organisation_id, r.data_class) for r in record.recipients.all()),
        classes_by_organisation(problem=problem),
        {
            (o.pk, c): receives(problem=problem, organisation_id=o.pk, data_class=c)
            for o in organisations
            for c in (DataClass.RESTRICTED, DataClass.SPECIAL)
        },
    )


@pytest.mark.parametrize("named", [False, True])
def test_the_fetched_sharing_record_answers_as_the_stored_one(
    named, manager, problem, police, charity
):
    """With or without a record, the answers from the record fetched onto the problem are the
    stored record's, and asking them reads nothing more."""
    for organisation in (police, charity):
        partner_add(user=manager, problem=problem, organisation=organisation)
    if named:
        sharing_record_save(
            user=manager,
            problem=problem,
            recipients={police.pk: {DataClass.RESTRICTED, DataClass.SPECIAL}},
            lawful_basis="6_1_e",
            special_condition="sch1_10",
            agreement_reference="CSP ISA 1",
        )
    stored = _answers(Problem.objects.get(pk=problem.pk), (police, charity))
    fetched = with_sharing_record(Problem.objects.get(pk=problem.pk))
    with CaptureQueriesContext(connection) as ran:
        assert _answers(fetched, (police, charity)) == stored
    assert ran.captured_queries == []
    assert stored[2][(police.pk, DataClass.SPECIAL)] is named
