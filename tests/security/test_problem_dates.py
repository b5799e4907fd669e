"""A problem's dates out of range (security probe, issue 21).

Reproduced: a partnership manager opened a problem starting in 9999 (its 12-month review's due
date overflowed: a server error, after the problem row was written), recorded a meeting in 9999
(its next meeting, a month on, overflowed) and, through the API, an action due on 31 December
9999, after which the calendar feed failed for everyone who owns it (the all-day event's end,
the next day, does not exist).

What must hold: the services refuse such dates by field (so the forms, the API and the CLI
all do) and store nothing; the calendar and the pages still answer for a date stored earlier.
"""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clearhold.problems.actions import action_create
from clearhold.problems.meetings import meeting_create
from clearhold.problems.models import Action, Layer, Meeting, Problem
from clearhold.problems.objectives import objective_create
from clearhold.problems.services import problem_create

pytestmark = pytest.mark.django_db

FAR = dt.date(9999, 12, 31)


def test_problem_starting_in_9999_refused_and_not_stored(manager):
    before = Problem.objects.count()
    with pytest.raises(ValidationError) as refused:
        problem_create(user=manager, title="Far", start_date=dt.date(9999, 6, 1))
    assert "years ahead" in refused.value.message_dict["start_date"][0]
    assert Problem.objects.count() == before


def test_problem_form_refuses_year_one(client, manager):
    client.force_login(manager)
    response = client.post(
        reverse("problems:new"), {"title": "Old", "start_date": "0001-01-01", "summary": ""}
    )
    assert response.status_code == 200
    assert "on or after 1 January 1900" in " ".join(response.context["form"].errors["start_date"])
    assert not Problem.objects.filter(title="Old").exists()


def test_meeting_in_9999_refused(problem, manager):
    with pytest.raises(ValidationError) as refused:
        meeting_create(user=manager, problem=problem, date=dt.date(9999, 12, 15))
    assert "years ahead" in refused.value.message_dict["date"][0]
    assert not Meeting.objects.exists()


def test_action_due_in_9999_refused_by_the_service(problem, manager):
    with pytest.raises(ValidationError) as refused:
        action_create(
            user=manager,
            problem=problem,
            title="Far",
            layer=Layer.ENFORCEMENT,
            owner_organisation=manager.organisation,
            due_date=FAR,
        )
    assert "years ahead" in refused.value.message_dict["due_date"][0]
    assert not Action.objects.exists()


def test_action_due_in_9999_refused_by_the_api(client, problem, manager):
    from clearhold.api.tokens import api_token_create

    token = api_token_create(user=manager, name="probe")[1]
    response = client.post(
        f"/api/problems/{problem.pk}/actions",
        {
            "title": "Far",
            "layer": "environment",
            "owner_organisation_id": manager.organisation_id,
            "due_date": "9999-12-31",
        },
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 422
    assert "years ahead" in response.json()["errors"]["due_date"][0]
    assert not Action.objects.exists()


def test_objective_deadline_in_9999_refused(problem, manager, site):
    with pytest.raises(ValidationError) as refused:
        objective_create(
            user=manager,
            problem=problem,
            title="Far",
            categories=["asb-unclassified"],
            site=site,
            baseline_from=dt.date(2024, 1, 1),
            baseline_to=dt.date(2024, 12, 1),
            target_change_pct=-75,
            deadline=FAR,
        )
    assert "years ahead" in refused.value.message_dict["deadline"][0]


def test_calendar_and_pages_answer_for_an_action_stored_due_in_9999(client, problem, manager):
    Action.objects.create(
        problem=problem,
        title="Stored before the refusal",
        layer=Layer.ENFORCEMENT,
        owner_organisation=manager.organisation,
        owner=manager,
        due_date=FAR,
    )
    client.force_login(manager)
    calendar = client.get(reverse("problems:calendar"))
    assert calendar.status_code == 200
    events = icalendar.Calendar.from_ical(calendar.content).walk("VEVENT")
    assert any("Stored before the refusal" in str(e["summary"]) for e in events)
    for name in ("problems:detail", "problems:timeline"):
        assert client.get(reverse(name, args=[problem.pk])).status_code == 200
    assert client.get(reverse("problems:dashboard")).status_code == 200
