"""The API applies the web's rules: another organisation's problem is refused and audited; a
voluntary partner sees the plan but no person's details; restricted data needs a purpose and
the right, and each read of it is audited."""

from __future__ import annotations

from clearhold.audit.models import AuditAction, AuditEntry
from clearhold.audit_reports.subject_access import seen_by


def refusals(user):
    return AuditEntry.objects.filter(action=AuditAction.REFUSED, user=user)


def views(user):
    return AuditEntry.objects.filter(action=AuditAction.VIEW, user=user)


def test_another_organisations_problem_is_refused_with_the_rule_and_audited(
    call, wisbech, stranger, token_of
):
    token = token_of(stranger)
    pk = wisbech["problem"].pk
    for path in (
        f"/api/problems/{pk}",
        f"/api/problems/{pk}/actions",
        f"/api/problems/{pk}/objectives",
        f"/api/problems/{pk}/meetings",
        f"/api/problems/{pk}/documents",
        f"/api/closures/{wisbech['closure'].pk}",
        f"/api/people/{wisbech['person'].pk}",
    ):
        response = call("GET", path, token=token, purpose="problem_solving")
        assert response.status_code == 403, path
        assert "not shared" in response.data["detail"]
        assert refusals(stranger).filter(object_repr=path).exists(), path
    assert call("GET", "/api/problems", token=token).data["count"] == 0
    assert call("GET", "/api/closures", token=token).data["count"] == 0


def test_a_missing_problem_is_404_not_a_refusal(call, wisbech, stranger, token_of):
    response = call("GET", "/api/problems/999999", token=token_of(stranger))
    assert response.status_code == 404
    assert not refusals(stranger).exists()


def test_partner_viewer_sees_the_plan_but_no_persons_details(
    call, wisbech, partner_viewer, token_of
):
    token = token_of(partner_viewer)
    pk = wisbech["problem"].pk
    problem = call("GET", f"/api/problems/{pk}", token=token)
    assert problem.status_code == 200
    assert problem.data["offender_notes"] is None
    assert set(problem.data["withheld"]) == {"offender_notes", "victim_notes"}
    actions = call("GET", f"/api/problems/{pk}/actions", token=token).data
    assert [a["title"] for a in actions["items"]] == ["Fence the open space", "Gate"]
    assert {a["owner_name"] for a in actions["items"]} == {None}
    objectives = call("GET", f"/api/problems/{pk}/objectives", token=token).data
    assert objectives[0]["title"] == "75% fewer ASB reports in six months"
    members = call("GET", f"/api/problems/{pk}/members", token=token).data
    assert {m["name"] for m in members} == {None}
    assert {m["user_id"] for m in members} == {None}
    meeting = call("GET", f"/api/problems/{pk}/meetings", token=token).data["items"][0]
    assert meeting["attendees"] is None
    assert "Test Outreach Trust" in meeting["attendee_organisations"]
    breaches = call("GET", f"/api/closures/{wisbech['closure'].pk}/breaches", token=token).data
    assert breaches["items"][0]["person_description"] is None
    assert breaches["items"][0]["person_id"] is None
    assert not views(partner_viewer).exists()


def test_partner_viewer_asking_for_personal_data_is_refused_and_audited(
    call, wisbech, partner_viewer, token_of
):
    token = token_of(partner_viewer)
    pk = wisbech["problem"].pk
    for path in (
        f"/api/problems/{pk}/actions",
        f"/api/problems/{pk}/members",
        f"/api/problems/{pk}/people",
        f"/api/problems/{pk}/vulnerable-people",
        f"/api/people/{wisbech['person'].pk}",
    ):
        response = call("GET", path, token=token, purpose="problem_solving")
        assert response.status_code == 403, path
        assert refusals(partner_viewer).filter(object_repr=path).exists()
    assert not views(partner_viewer).exists()


def test_restricted_fields_with_a_purpose_are_shown_and_the_read_is_audited(
    call, wisbech, manager, token_of
):
    token = token_of(manager)
    pk = wisbech["problem"].pk
    plain = call("GET", f"/api/problems/{pk}/actions", token=token).data
    assert plain["items"][0]["owner_name"] is None
    assert not views(manager).exists()
    shown = call("GET", f"/api/problems/{pk}/actions", token=token, purpose="problem_solving")
    assert shown.data["items"][0]["owner_name"] == "Manager Tester"
    entry = views(manager).get()
    assert "purpose: Problem-solving meeting" in entry.detail
    assert entry.detail.startswith("API read; ")
    assert "user.first_name" in entry.fields  # the owner's name
    assert entry.object_id == str(pk)
    assert entry.organisation == "Test District Council"
    assert (entry.purpose, entry.data_class, entry.problem_pk) == (
        "problem_solving",
        "restricted",
        pk,
    )
    problem = call("GET", f"/api/problems/{pk}", token=token, purpose="court_preparation").data
    assert problem["offender_notes"] == "Two named young men deal from the gate"
    assert problem["withheld"] == []
    special = views(manager).get(data_class="special")
    assert special.fields == ["problem.offender_notes"]
    assert special.purpose == "court_preparation"


def test_people_under_enforcement_need_a_purpose(call, wisbech, manager, token_of):
    token = token_of(manager)
    pk = wisbech["problem"].pk
    missing = call("GET", f"/api/problems/{pk}/people", token=token)
    assert missing.status_code == 422
    assert "purpose" in missing.data["errors"]
    assert not views(manager).exists()
    found = call("GET", f"/api/problems/{pk}/people", token=token, purpose="enforcement")
    assert found.status_code == 200
    assert [p["name"] for p in found.data["items"]] == ["Jay Example"]
    assert views(manager).filter(detail__contains="purpose: Enforcement").count() == 1
    # The list read names the person it showed, so their subject-access export finds it.
    assert views(manager).get().detail in [e["detail"] for e in seen_by(wisbech["person"])]


def test_special_category_needs_a_named_member(call, wisbech, manager, constable, token_of):
    pk = wisbech["problem"].pk
    path = f"/api/problems/{pk}/vulnerable-people"
    named = call("GET", path, token=token_of(manager), purpose="safeguarding")
    assert named.status_code == 200
    assert named.data[0]["description"] == "An older resident"
    entry = views(manager).get()
    assert (entry.data_class, entry.purpose) == ("special", "safeguarding")
    vulnerable = wisbech["problem"].vulnerable_people.get()
    assert entry.detail in [e["detail"] for e in seen_by(vulnerable)]
    other = call("GET", path, token=token_of(constable), purpose="safeguarding")
    assert other.status_code == 403
    assert "named" in other.data["detail"]


def test_session_callers_get_the_same_answers(client, wisbech, stranger, partner_viewer):
    pk = wisbech["problem"].pk
    client.force_login(stranger)
    assert client.get(f"/api/problems/{pk}").status_code == 403
    client.force_login(partner_viewer)
    response = client.get(f"/api/problems/{pk}/actions")
    assert response.status_code == 200
    assert response.json()["items"][0]["owner_name"] is None
