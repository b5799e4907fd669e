"""Migration problems 0003: the person who opened each problem, as its lead member, keeps the
right to change its membership; no one else gains it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("problems", "0002_partner_flag_moved_to_sharing_record")]


@pytest.mark.django_db(transaction=True)
def test_only_the_opener_of_each_problem_manages_its_membership():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    council = old.get_model("accounts", "Organisation").objects.create(
        name="Council", kind="council"
    )
    user = old.get_model("accounts", "User")
    opener = user.objects.create(username="opener", organisation=council, role="officer")
    other_lead = user.objects.create(username="otherlead", organisation=council, role="officer")
    problem = old.get_model("problems", "Problem").objects.create(
        title="Old problem", lead_organisation=council, start_date=dt.date(2024, 1, 1),
        created_by=opener,
    )  # fmt: skip
    member = old.get_model("problems", "Member")
    member.objects.create(problem=problem, user=opener, role="lead")
    member.objects.create(problem=problem, user=other_lead, role="lead")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from clearhold.problems.models import Member

    managing = set(
        Member.objects.filter(problem_id=problem.pk, manages_membership=True).values_list(
            "user__username", flat=True
        )
    )
    assert managing == {"opener"}
