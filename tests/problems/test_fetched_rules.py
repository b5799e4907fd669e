"""The rules answer from the members and partners the problem page fetched onto its problem
(``problem_for_page``) exactly as from the tables, for everyone the rules tell apart: the lead's
staff, a named member of another organisation, a partner's staff who are not named, and
someone of no partner organisation; and asking them then reads nothing more."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clearhold.accounts.roles import Role
from clearhold.authz import DataClass, can
from clearhold.problems.models import Member, MemberRole, Problem
from clearhold.problems.permissions import (
    PROBLEM_CHANGE,
    PROBLEM_MEMBERSHIP,
    PROBLEM_PERSONAL_DATA,
    PROBLEM_SPECIAL_CATEGORY,
    PROBLEM_VIEW,
)
from clearhold.problems.selectors import problem_for_page
from clearhold.problems.services import partner_add
from clearhold.problems.sharing_services import sharing_record_save

ACTIONS = (
    PROBLEM_VIEW,
    PROBLEM_CHANGE,
    PROBLEM_PERSONAL_DATA,
    PROBLEM_SPECIAL_CATEGORY,
    PROBLEM_MEMBERSHIP,
)


@pytest.fixture
def people(problem, manager, police, charity, make_user, outsider):
    """The lead's manager; a named police officer (special category, manages the
    membership); an unnamed police officer; a charity worker named, not flagged; an outsider
    whose organisation is no partner. The police are named for both data classes."""
    partner_add(user=manager, problem=problem, organisation=police)
    named = make_user("named", police, Role.OFFICER)
    unnamed = make_user("unnamed", police, Role.OFFICER)
    worker = make_user("worker", charity, Role.OFFICER)
    Member.objects.create(
        problem=problem,
        user=named,
        role=MemberRole.SUPPORT,
        sees_special_category=True,
        manages_membership=True,
    )
    Member.objects.create(problem=problem, user=worker, role=MemberRole.SUPPORT)
    sharing_record_save(
        user=manager,
        problem=problem,
        recipients={police.pk: {DataClass.RESTRICTED, DataClass.SPECIAL}},
        lawful_basis="6_1_e",
        special_condition="sch1_10",
        agreement_reference="CSP ISA 1",
    )
    return [manager, named, unnamed, worker, outsider]


def test_the_fetched_rows_answer_every_rule_as_the_tables(people, problem):
    stored = {
        (person.username, action): can(person, action, Problem.objects.get(pk=problem.pk))
        for person in people
        for action in ACTIONS
    }
    fetched = problem_for_page(Problem.objects.get(pk=problem.pk))
    with CaptureQueriesContext(connection) as ran:
        answers = {
            (person.username, action): can(person, action, fetched)
            for person in people
            for action in ACTIONS
        }
    assert answers == stored
    assert ran.captured_queries == []
    # the people differ where the rules say they do (the comparison is not of all-False)
    assert stored[("named", PROBLEM_SPECIAL_CATEGORY)]
    assert not stored[("worker", PROBLEM_SPECIAL_CATEGORY)]
    assert stored[("unnamed", PROBLEM_VIEW)]
    assert stored[("worker", PROBLEM_VIEW)]
    assert not stored[("outsider", PROBLEM_VIEW)]
    assert stored[("named", PROBLEM_MEMBERSHIP)]
    assert not stored[("unnamed", PROBLEM_MEMBERSHIP)]
