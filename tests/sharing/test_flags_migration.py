"""The old flags move into sharing records, so nobody gains or loses access by the change."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("problems", "0001_initial"), ("sharing", "0001_sharing_record")]


@pytest.mark.django_db(transaction=True)
def test_partner_and_member_flags_become_recipients_on_the_sharing_record():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    organisation = old.get_model("accounts", "Organisation")
    council = organisation.objects.create(name="Council", kind="council")
    police = organisation.objects.create(name="Police", kind="police")
    charity = organisation.objects.create(name="Charity", kind="voluntary")
    housing = organisation.objects.create(name="Housing", kind="housing")
    user = old.get_model("accounts", "User")
    nurse = user.objects.create(username="nurse", organisation=housing, role="officer")
    problem = old.get_model("problems", "Problem").objects.create(
        title="Old problem", lead_organisation=council, start_date=dt.date(2024, 1, 1)
    )
    partner = old.get_model("problems", "PartnerOrganisation")
    partner.objects.create(problem=problem, organisation=council, sees_personal_data=True)
    partner.objects.create(problem=problem, organisation=police, sees_personal_data=True)
    partner.objects.create(problem=problem, organisation=charity, sees_personal_data=False)
    partner.objects.create(problem=problem, organisation=housing, sees_personal_data=False)
    old.get_model("problems", "Member").objects.create(
        problem=problem, user=nurse, role="support", sees_special_category=True
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from clearhold.sharing.models import Recipient

    named = set(
        Recipient.objects.filter(record__problem_id=problem.pk).values_list(
            "organisation__name", "data_class"
        )
    )
    assert named == {("Police", "restricted"), ("Housing", "special")}
