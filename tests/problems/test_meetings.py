"""Meetings: decisions that create actions, all or nothing; the next meeting a month on."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clearhold.accounts.roles import Role
from clearhold.audit.models import AuditEntry
from clearhold.authz import Refused
from clearhold.problems.actions import actions_section
from clearhold.problems.meetings import meeting_create
from clearhold.problems.models import Action, Layer, Meeting

MEETING_DAY = dt.date(2025, 6, 4)


def _row(organisation, **changes):
    row = {
        "title": "Install lighting",
        "layer": Layer.ENVIRONMENT,
        "owner_organisation": organisation,
        "due_date": dt.date(2025, 8, 1),
    }
    return row | changes


def test_meeting_creates_its_decided_actions(problem, manager, constable, council, police):
    meeting = meeting_create(
        user=manager,
        problem=problem,
        date=MEETING_DAY,
        attendees=[manager, constable],
        notes="Reports down since the fence went up.",
        decisions="Light the path; patrol weekly.",
        new_actions=[_row(council), _row(police, title="Weekly patrol", layer=Layer.ENFORCEMENT)],
    )
    assert set(meeting.attendees.all()) == {manager, constable}
    titles = sorted(meeting.decided_actions.values_list("title", flat=True))
    assert titles == ["Install lighting", "Weekly patrol"]
    assert all(a.problem == problem for a in meeting.decided_actions.all())


def test_next_meeting_defaults_to_one_calendar_month_later(problem, manager):
    meeting = meeting_create(user=manager, problem=problem, date=dt.date(2026, 1, 31))
    assert meeting.next_meeting == dt.date(2026, 2, 28)


def test_next_meeting_can_be_chosen_but_not_before_the_meeting(problem, manager):
    meeting = meeting_create(
        user=manager, problem=problem, date=MEETING_DAY, next_meeting=dt.date(2025, 6, 25)
    )
    assert meeting.next_meeting == dt.date(2025, 6, 25)
    with pytest.raises(ValidationError) as refused:
        meeting_create(user=manager, problem=problem, date=MEETING_DAY, next_meeting=MEETING_DAY)
    assert "next_meeting" in refused.value.message_dict


def test_one_bad_action_row_saves_nothing(problem, manager, council):
    rows = [_row(council), _row(council, title="Gate", due_date=dt.date(2025, 1, 1))]
    with pytest.raises(ValidationError) as refused:
        meeting_create(user=manager, problem=problem, date=MEETING_DAY, new_actions=rows)
    assert list(refused.value.message_dict) == ["new_actions-1-due_date"]
    assert not Meeting.objects.exists()
    assert not Action.objects.exists()


def test_row_errors_name_the_row_and_field(problem, manager, council, charity):
    rows = [_row(charity), _row(council, title="")]
    with pytest.raises(ValidationError) as refused:
        meeting_create(user=manager, problem=problem, date=MEETING_DAY, new_actions=rows)
    assert set(refused.value.message_dict) == {
        "new_actions-0-owner_organisation",
        "new_actions-1-title",
    }


def test_attendees_must_belong_to_the_partnership(problem, manager, outsider):
    with pytest.raises(ValidationError) as refused:
        meeting_create(user=manager, problem=problem, date=MEETING_DAY, attendees=[outsider])
    assert "attendees" in refused.value.message_dict
    assert not Meeting.objects.exists()


def test_outsider_cannot_record_a_meeting(problem, outsider):
    with pytest.raises(Refused):
        meeting_create(user=outsider, problem=problem, date=MEETING_DAY)


def test_section_lists_meetings_and_the_next_one(problem, manager):
    meeting_create(user=manager, problem=problem, date=MEETING_DAY)
    meeting_create(user=manager, problem=problem, date=dt.date(2025, 7, 2))
    section = actions_section(problem=problem, user=manager, today=dt.date(2025, 7, 10))
    assert [m.date for m in section["meetings"]] == [dt.date(2025, 7, 2), MEETING_DAY]
    assert section["next_meeting"] == dt.date(2025, 8, 2)
    assert not section["next_meeting_past"]


# --- pages ----------------------------------------------------------------------------------


def _post(attendees=(), rows=(), **fields):
    data = {
        "date": "2025-06-04",
        "attendees": [str(a.pk) for a in attendees],
        "notes": "Notes",
        "decisions": "Decided",
        "next_meeting": "",
        "new_actions-TOTAL_FORMS": "3",
        "new_actions-INITIAL_FORMS": "0",
        "new_actions-MIN_NUM_FORMS": "0",
        "new_actions-MAX_NUM_FORMS": "3",
    }
    for i in range(3):
        row = rows[i] if i < len(rows) else {}
        for name in ("title", "layer", "owner_organisation", "due_date"):
            data[f"new_actions-{i}-{name}"] = row.get(name, "")
    return data | fields


def test_meeting_form_records_meeting_and_actions(
    client, problem, manager, constable, council, give_purpose
):
    client.force_login(manager)
    url = reverse("problems:meeting-new", args=[problem.pk])
    form = client.get(url).content.decode()
    assert "Constable" in form  # a member can be ticked as attending
    row = {
        "title": "Install lighting",
        "layer": "environment",
        "owner_organisation": str(council.pk),
        "due_date": "2025-08-01",
    }
    response = client.post(url, _post(attendees=[manager, constable], rows=[{}, row]))
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.next_meeting == dt.date(2025, 7, 4)
    assert list(meeting.decided_actions.values_list("title", flat=True)) == ["Install lighting"]
    page = client.get(response["Location"]).content.decode()
    assert "Install lighting" in page
    assert "Decided" in page
    assert "Constable" not in page  # who attended is personal data: shown with a purpose
    give_purpose(client, problem)
    assert "Constable" in client.get(response["Location"]).content.decode()
    read = AuditEntry.objects.get(action="view", object_id=str(meeting.pk))
    assert "user.first_name" in read.fields


def test_meeting_form_bad_row_shows_error_on_that_row_and_saves_nothing(
    client, problem, manager, council
):
    client.force_login(manager)
    good = {
        "title": "Lighting",
        "layer": "environment",
        "owner_organisation": str(council.pk),
        "due_date": "2025-08-01",
    }
    bad = good | {"title": "Gate", "due_date": "2025-01-01"}
    response = client.post(
        reverse("problems:meeting-new", args=[problem.pk]), _post(rows=[good, {}, bad])
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Decision 3: The due date must be on or after" in page
    assert 'href="#id_new_actions-2-due_date"' in page
    assert not Meeting.objects.exists()
    assert not Action.objects.exists()


def test_meeting_form_half_filled_row_is_an_error(client, problem, manager):
    client.force_login(manager)
    response = client.post(
        reverse("problems:meeting-new", args=[problem.pk]), _post(rows=[{"title": "Lighting"}])
    )
    page = response.content.decode()
    assert "Decision 1: Choose the layer" in page
    assert "Decision 1: Enter the due date" in page
    assert not Meeting.objects.exists()


def test_outsider_gets_403_on_meeting_pages(client, problem, manager, outsider):
    meeting = meeting_create(user=manager, problem=problem, date=MEETING_DAY)
    client.force_login(outsider)
    assert client.get(reverse("problems:meeting-new", args=[problem.pk])).status_code == 403
    assert (
        client.post(reverse("problems:meeting-new", args=[problem.pk]), _post()).status_code == 403
    )
    assert client.get(reverse("problems:meeting", args=[problem.pk, meeting.pk])).status_code == 403
    assert Meeting.objects.count() == 1


def test_partner_without_personal_data_sees_organisations_not_names(
    client, problem, manager, constable, make_user, police
):
    from clearhold.problems.sharing_selectors import receives

    # Personal data is shared on the sharing record; police are a partner but not named there.
    assert not receives(problem=problem, organisation_id=police.pk, data_class="restricted")
    colleague = make_user("colleague", police, Role.OFFICER)
    meeting = meeting_create(user=manager, problem=problem, date=MEETING_DAY, attendees=[manager])
    client.force_login(colleague)
    page = client.get(reverse("problems:meeting", args=[problem.pk, meeting.pk])).content.decode()
    attendees = page.split('data-testid="attendees"')[1].split("</dd>")[0]
    assert "Manager" not in attendees
    assert "Test District Council" in attendees


def test_an_actions_meeting_is_read_on_the_page_s_problem_not_a_second_copy(
    problem, manager, council, client
):
    """The action plan reads each action's meeting without joining the problem again: the
    meeting holds the page's problem record, and the page still links the meeting."""
    meeting = meeting_create(
        user=manager, problem=problem, date=MEETING_DAY, new_actions=[_row(council)]
    )
    with CaptureQueriesContext(connection) as ran:
        section = actions_section(problem=problem, user=manager, today=MEETING_DAY)
    (row,) = [r for group in section["action_layers"] for r in group.rows]
    assert row.action.meeting.problem is problem
    assert not [q for q in ran.captured_queries if 'JOIN "problems_problem"' in q["sql"]]
    client.force_login(manager)
    page = client.get(problem.get_absolute_url()).content.decode()
    assert reverse("problems:meeting", args=[problem.pk, meeting.pk]) in page
