"""Opening a problem, who may see what, the last lead, units and the timeline."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from clearhold.accounts.roles import Role
from clearhold.audit.models import AuditAction, AuditEntry
from clearhold.places.models import Unit
from clearhold.problems.models import Member, MemberRole, Problem
from clearhold.problems.services import add_months, member_add, member_remove, partner_add
from clearhold.problems.sharing_services import recipient_set
from clearhold.problems.timeline import problem_timeline


def test_opening_a_problem_schedules_reviews_and_makes_the_opener_lead(problem, manager):
    assert [(r.months, r.due_date) for r in problem.reviews.all()] == [
        (3, dt.date(2025, 8, 7)),
        (6, dt.date(2025, 11, 7)),
        (12, dt.date(2026, 5, 7)),
    ]
    assert problem.members.get().role == MemberRole.LEAD
    assert problem.partners.get().organisation == manager.organisation


def test_month_arithmetic_clamps_to_the_month_end():
    assert add_months(dt.date(2025, 11, 30), 3) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2023, 11, 30), 3) == dt.date(2024, 2, 29)


def test_open_problem_page_creates_it(client, manager, site):
    client.force_login(manager)
    response = client.post(
        "/problems/new/", {"title": "West Street", "sites": [site.pk], "start_date": "2025-05-07"}
    )
    problem = Problem.objects.get()
    assert response["Location"] == f"/problems/{problem.pk}/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "West Street open space" in page.content.decode()


def test_bad_start_date_is_named_and_nothing_saved(client, manager):
    client.force_login(manager)
    page = client.post("/problems/new/", {"title": "X", "start_date": "2025-02-30"})
    assert "Enter the date the work started as a real date" in page.content.decode()
    assert not Problem.objects.exists()


def test_an_organisation_not_on_the_problem_cannot_see_it_by_list_or_url(
    client, problem, make_user, police
):
    outsider = make_user("outsider", police, Role.OFFICER)
    client.force_login(outsider)
    assert problem.title not in client.get("/problems/").content.decode()
    for path in (
        f"/problems/{problem.pk}/",
        f"/problems/{problem.pk}/timeline/",
        f"/problems/{problem.pk}/analysis/",
    ):
        response = client.get(path)
        assert response.status_code == 403, path
        assert "not shared with you" in response.content.decode()
    assert AuditEntry.objects.filter(action=AuditAction.REFUSED, username="outsider").count() == 3


def test_a_partner_without_personal_data_sees_roles_not_names(
    client, problem, manager, make_user, charity, give_purpose
):
    worker = make_user("worker", charity, Role.OFFICER)
    partner_add(user=manager, problem=problem, organisation=charity, sees_personal_data=False)
    client.force_login(worker)
    page = client.get(f"/problems/{problem.pk}/").content.decode()
    assert "Manager Tester" not in page
    assert f"a named member of {manager.organisation}" in page
    partner_add(user=manager, problem=problem, organisation=charity, sees_personal_data=True)
    # Names are personal data: shown once the worker has said why they need them.
    assert "Manager Tester" not in client.get(f"/problems/{problem.pk}/").content.decode()
    give_purpose(client, problem)
    assert "Manager Tester" in client.get(f"/problems/{problem.pk}/").content.decode()


def test_vulnerable_people_only_for_named_members_and_every_view_audited(
    client, problem, manager, make_user, police, give_purpose
):
    officer = make_user("pc", police, Role.OFFICER)
    partner_add(user=manager, problem=problem, organisation=police)
    member_add(user=manager, problem=problem, person=officer, role=MemberRole.ENFORCEMENT)
    client.force_login(officer)
    assert client.get(f"/problems/{problem.pk}/vulnerable/").status_code == 403
    # Named as a person is not enough: the sharing record must name the organisation first.
    with pytest.raises(ValidationError, match="sharing record"):
        member_add(
            user=manager,
            problem=problem,
            person=officer,
            role=MemberRole.ENFORCEMENT,
            sees_special_category=True,
        )
    assert client.get(f"/problems/{problem.pk}/vulnerable/").status_code == 403
    recipient_set(
        user=manager, problem=problem, organisation=police, data_class="special", receives=True
    )
    member_add(
        user=manager,
        problem=problem,
        person=officer,
        role=MemberRole.ENFORCEMENT,
        sees_special_category=True,
    )
    added = client.post(
        f"/problems/{problem.pk}/vulnerable/", {"description": "Older resident, lives alone"}
    )
    assert added.status_code == 302
    assert client.get(f"/problems/{problem.pk}/vulnerable/").url.startswith("/audit/purpose/")
    give_purpose(client, problem, "safeguarding")
    page = client.get(f"/problems/{problem.pk}/vulnerable/")
    assert "Older resident, lives alone" in page.content.decode()
    views = AuditEntry.objects.filter(
        action=AuditAction.VIEW, username="pc", data_class="special", purpose="safeguarding"
    )
    assert views.count() == 1
    client.force_login(manager)
    assert client.get(f"/problems/{problem.pk}/vulnerable/").status_code == 403


def test_the_last_lead_cannot_be_removed(problem, manager):
    lead = problem.members.get()
    with pytest.raises(ValidationError, match="must keep a lead"):
        member_remove(user=manager, member=lead)
    assert Member.objects.filter(pk=lead.pk).exists()


def test_removing_the_last_lead_through_the_page_says_why(client, problem, manager):
    client.force_login(manager)
    lead = problem.members.get()
    page = client.post(f"/problems/{problem.pk}/members/{lead.pk}/remove/", follow=True)
    assert "must keep a lead" in page.content.decode()
    assert problem.members.count() == 1


def test_a_partner_viewer_cannot_change_the_analysis(
    client, problem, manager, partner_viewer, charity
):
    partner_add(user=manager, problem=problem, organisation=charity, sees_personal_data=False)
    client.force_login(partner_viewer)
    assert client.get(f"/problems/{problem.pk}/").status_code == 200
    response = client.post(
        f"/problems/{problem.pk}/analysis/", {"stage": "closed", "phase": "build"}
    )
    assert response.status_code == 403
    problem.refresh_from_db()
    assert problem.stage == "scan"


def test_analysis_form_saves_the_triangle_and_risks(client, problem, manager):
    client.force_login(manager)
    client.post(
        f"/problems/{problem.pk}/analysis/",
        {
            "stage": "analyse",
            "phase": "clear",
            "place_notes": "Unlit path behind the flats",
            "risk_intimidation": "on",
        },
    )
    problem.refresh_from_db()
    assert (problem.stage, problem.place_notes, problem.risk_intimidation) == (
        "analyse",
        "Unlit path behind the flats",
        True,
    )


def test_units_import_is_all_or_nothing(client, site, manager):
    client.force_login(manager)
    good = b"name,address,residents\nFlat 1,Onyx Court,2\nFlat 2,Onyx Court,1\n"
    client.post(f"/sites/{site.pk}/units/import/", {"units": SimpleUploadedFile("u.csv", good)})
    assert Unit.objects.filter(site=site).count() == 2
    bad = b"name,address,residents\nFlat 3,Onyx Court,2\nFlat 4,Onyx Court,two\n"
    page = client.post(
        f"/sites/{site.pk}/units/import/", {"units": SimpleUploadedFile("u.csv", bad)}, follow=True
    )
    assert "Row 3: residents must be a whole number" in page.content.decode()
    assert Unit.objects.filter(site=site).count() == 2
    headless = b"flat,residents\nFlat 9,1\n"
    page = client.post(
        f"/sites/{site.pk}/units/import/",
        {"units": SimpleUploadedFile("u.csv", headless)},
        follow=True,
    )
    assert "no “name” column" in page.content.decode()
    assert "2 units, 3 residents" in page.content.decode()


def test_timeline_holds_incidents_by_month_and_reviews(problem, fenland):
    events = problem_timeline(problem=problem)
    kinds = {e.kind for e in events}
    assert {"incidents", "review", "problem"} <= kinds
    assert events == sorted(events, key=lambda e: (e.date, e.kind), reverse=True)
    june = next(e for e in events if e.kind == "incidents" and e.date == dt.date(2025, 6, 1))
    assert "at the site in June 2025" in june.title
