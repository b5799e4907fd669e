"""The user's dashboard and its calendar export."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from clearhold.accounts.roles import Role
from clearhold.problems.actions import action_create, action_update
from clearhold.problems.dashboard import calendar_ics, dashboard
from clearhold.problems.models import ActionStatus, Layer, MemberRole
from clearhold.problems.services import member_add, partner_add, problem_create

TODAY = dt.date(2025, 7, 15)


@pytest.fixture
def colleague(make_user, police, problem, manager):
    """Another member of the same problem, with actions of their own."""
    person = make_user("colleague", police, Role.OFFICER)
    partner_add(user=manager, problem=problem, organisation=police)
    member_add(user=manager, problem=problem, person=person, role=MemberRole.ENFORCEMENT)
    return person


@pytest.fixture
def plan(problem, manager, police, constable, colleague):
    def make(title, due, owner, status=ActionStatus.PLANNED):
        action = action_create(
            user=manager,
            problem=problem,
            title=title,
            layer=Layer.ENFORCEMENT,
            owner_organisation=police,
            owner=owner,
            due_date=due,
        )
        if status != ActionStatus.PLANNED:
            action_update(user=manager, action=action, status=status)
        return action

    return {
        "late": make("Patrol report", dt.date(2025, 7, 1), constable),
        "soon": make(
            "Dispersal order review", dt.date(2025, 7, 20), constable, ActionStatus.IN_PROGRESS
        ),
        "done": make("Leaflet drop", dt.date(2025, 6, 1), constable, ActionStatus.DONE),
        "theirs": make("Colleague's task", dt.date(2025, 7, 2), colleague),
    }


def test_dashboard_shows_my_open_actions_split_overdue_and_due(constable, plan):
    board = dashboard(user=constable, today=TODAY)
    assert [a.title for a in board["overdue_actions"]] == ["Patrol report"]
    assert [a.title for a in board["due_actions"]] == ["Dispersal order review"]


def test_dashboard_lists_problems_i_belong_to_only(
    constable, problem, manager, administrator, make_user, police, site
):
    problem_create(
        user=manager, title="Another estate", start_date=dt.date(2025, 1, 1), sites=[site]
    )
    # The constable is a named member of the Wisbech problem alone.
    assert [r["problem"].title for r in dashboard(user=constable, today=TODAY)["my_problems"]] == [
        problem.title
    ]
    # The manager opened (and so leads) both.
    assert len(dashboard(user=manager, today=TODAY)["my_problems"]) == 2
    # An administrator of the lead organisation may see both, but belongs to neither.
    assert dashboard(user=administrator, today=TODAY)["my_problems"] == []
    stranger = make_user("stranger", police, Role.OFFICER)
    board = dashboard(user=stranger, today=TODAY)
    assert board["my_problems"] == []
    assert board["overdue_actions"] == []
    assert board["reviews_due"] == []


def test_reviews_due_in_30_days_or_overdue_and_not_completed(constable, problem):
    # Reviews at 7 Aug 2025, 7 Nov 2025 and 7 May 2026.
    assert [r.review.months for r in dashboard(user=constable, today=TODAY)["reviews_due"]] == [3]
    assert dashboard(user=constable, today=dt.date(2025, 7, 7))["reviews_due"] == []
    late = dashboard(user=constable, today=dt.date(2025, 10, 20))["reviews_due"]
    assert [(r.review.months, r.overdue) for r in late] == [(3, True), (6, False)]
    problem.reviews.filter(months=3).update(completed_at=timezone.now())
    late = dashboard(user=constable, today=dt.date(2025, 10, 20))["reviews_due"]
    assert [r.review.months for r in late] == [6]


def test_dashboard_page(client, constable, plan):
    client.force_login(constable)
    page = client.get(reverse("problems:dashboard")).content.decode()
    assert "Patrol report" in page
    assert "Dispersal order review" in page
    assert "Colleague&#x27;s task" not in page
    assert "Leaflet drop" not in page
    assert "ASB on the West Street open space" in page


# --- the calendar ---------------------------------------------------------------------------


def test_calendar_parses_back_with_my_actions_and_reviews(constable, plan, problem):
    body = calendar_ics(user=constable, host="clearhold.test", base_url="https://clearhold.test")
    cal = icalendar.Calendar.from_ical(body)
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    action_uids = {f"action-{plan[k].pk}@clearhold.test" for k in ("late", "soon")}
    review_uids = {f"review-{r.pk}@clearhold.test" for r in problem.reviews.all()}
    assert set(events) == action_uids | review_uids
    late = events[f"action-{plan['late'].pk}@clearhold.test"]
    assert late.decoded("DTSTART") == dt.date(2025, 7, 1)
    assert late.decoded("DTEND") == dt.date(2025, 7, 2)
    assert str(late["SUMMARY"]) == "Action due: Patrol report"
    assert str(late["URL"]) == f"https://clearhold.test/problems/{problem.pk}/"
    three = events[f"review-{problem.reviews.get(months=3).pk}@clearhold.test"]
    assert three.decoded("DTSTART") == dt.date(2025, 8, 7)


def test_calendar_has_the_lines_outlook_needs(constable, plan):
    plan["late"].title = "Fence, gate; and lighting – a long title " + "x" * 80
    plan["late"].save()
    text = calendar_ics(user=constable, host="clearhold.test").decode()
    lines = text.split("\r\n")
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-2] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines
    assert any(line.startswith("PRODID:") for line in lines)
    assert "DTSTART;VALUE=DATE:20250701" in lines
    assert sum(line.startswith("DTSTAMP:") and line.endswith("Z") for line in lines) == text.count(
        "BEGIN:VEVENT"
    )
    assert all(len(line.encode()) <= 75 for line in lines)  # folded
    assert "SUMMARY:Action due: Fence\\, gate\\; and lighting" in text  # escaped


def test_calendar_view_serves_text_calendar(client, constable, plan):
    client.force_login(constable)
    response = client.get(reverse("problems:calendar"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    cal = icalendar.Calendar.from_ical(response.content)
    summaries = {str(e["SUMMARY"]) for e in cal.walk("VEVENT")}
    assert "Action due: Patrol report" in summaries
    assert "Action due: Colleague's task" not in summaries


def test_calendar_of_an_outsider_is_empty(client, make_user, charity, plan):
    outsider = make_user("outsider", charity, Role.OFFICER)
    client.force_login(outsider)
    cal = icalendar.Calendar.from_ical(client.get(reverse("problems:calendar")).content)
    assert cal.walk("VEVENT") == []


def test_dashboard_pages_need_sign_in(client):
    for name in ("problems:dashboard", "problems:calendar"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert "sign" in response["Location"].lower()


def test_dashboard_shows_each_objective_status_from_the_incident_store(
    client, problem, manager, site, fenland
):
    import datetime as dt

    from clearhold.problems.objectives import objective_create

    objective_create(
        user=manager,
        problem=problem,
        title="75% fewer ASB reports",
        categories=["asb-unclassified"],
        site=site,
        baseline_from=dt.date(2024, 5, 1),
        baseline_to=dt.date(2025, 4, 1),
        target_change_pct=-75,
        deadline=dt.date(2025, 11, 7),
    )
    client.force_login(manager)
    page = client.get("/problems/dashboard/")
    [row] = page.context["my_problems"]
    assert row["objectives"][0]["status"] == "off track"
    assert "75% fewer ASB reports" in page.content.decode()
