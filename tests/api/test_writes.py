"""Writes go through the services: the same validation messages come back as a 422, and a
refused or invalid write stores nothing."""

from __future__ import annotations

from clearhold.problems.models import Action, ActionStatus, Objective


def new_action(owner_organisation_id: int, **overrides) -> dict:
    return {
        "title": "Lighting on the path",
        "layer": "environment",
        "owner_organisation_id": owner_organisation_id,
        "due_date": "2025-09-30",
        "cost": "1200.50",
        "vat": "plus",
        **overrides,
    }


def test_create_an_action(call, wisbech, manager, token_of):
    problem = wisbech["problem"]
    response = call(
        "POST",
        f"/api/problems/{problem.pk}/actions",
        token=token_of(manager),
        json=new_action(manager.organisation_id),
    )
    assert response.status_code == 201
    assert response.data["cost"] == "1200.50"
    assert response.data["owner_name"] is None
    stored = Action.objects.get(pk=response.data["id"])
    assert (stored.title, stored.problem_id, str(stored.cost)) == (
        "Lighting on the path",
        problem.pk,
        "1200.50",
    )


def test_invalid_action_gets_the_services_messages_and_stores_nothing(
    call, wisbech, manager, stranger, token_of
):
    before = Action.objects.count()
    response = call(
        "POST",
        f"/api/problems/{wisbech['problem'].pk}/actions",
        token=token_of(manager),
        json=new_action(stranger.organisation_id, due_date="2020-01-01", cost="-5"),
    )
    assert response.status_code == 422
    errors = response.data["errors"]
    assert errors["cost"] == ["The cost cannot be negative"]
    assert Action.objects.count() == before


def test_service_rules_beyond_the_model_come_back(call, wisbech, manager, stranger, token_of):
    response = call(
        "POST",
        f"/api/problems/{wisbech['problem'].pk}/actions",
        token=token_of(manager),
        json=new_action(stranger.organisation_id, due_date="2020-01-01"),
    )
    assert response.status_code == 422
    assert response.data["errors"]["owner_organisation"] == [
        "The owner organisation must be a partner in this problem: add it as a partner first"
    ]
    assert response.data["errors"]["due_date"][0].startswith("The due date must be on or after")


def test_change_an_action_status(call, wisbech, manager, token_of):
    action = wisbech["action"]
    path = f"/api/problems/{wisbech['problem'].pk}/actions/{action.pk}"
    response = call("PATCH", path, token=token_of(manager), json={"status": "done"})
    assert response.status_code == 200
    assert response.data["status"] == "done"
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    assert action.title == "Fence the open space"


def test_partner_viewer_cannot_write(call, wisbech, partner_viewer, token_of):
    token = token_of(partner_viewer)
    problem = wisbech["problem"]
    before = Action.objects.count()
    created = call(
        "POST",
        f"/api/problems/{problem.pk}/actions",
        token=token,
        json=new_action(problem.lead_organisation_id),
    )
    assert created.status_code == 403
    assert "not viewers" in created.data["detail"]
    changed = call(
        "PATCH",
        f"/api/problems/{problem.pk}/actions/{wisbech['action'].pk}",
        token=token,
        json={"status": "cancelled"},
    )
    assert changed.status_code == 403
    assert Action.objects.count() == before
    assert Action.objects.get(pk=wisbech["action"].pk).status == ActionStatus.PLANNED


def test_objective_errors_by_field(call, wisbech, manager, site, token_of):
    path = f"/api/problems/{wisbech['problem'].pk}/objectives"
    body = {
        "title": "Fewer drug reports",
        "categories": ["no-such-category"],
        "site_id": site.pk,
        "baseline_from": "2025-04-01",
        "baseline_to": "2025-01-01",
        "target_change_pct": -150,
        "deadline": "2025-12-31",
    }
    before = Objective.objects.count()
    response = call("POST", path, token=token_of(manager), json=body)
    assert response.status_code == 422
    assert set(response.data["errors"]) == {"categories", "baseline_to", "target_change_pct"}
    assert Objective.objects.count() == before
    good = {**body, "categories": ["drugs"], "baseline_to": "2025-04-01", "target_change_pct": -50}
    made = call("POST", path, token=token_of(manager, "second"), json=good)
    assert made.status_code == 201
    assert made.data["categories"] == ["drugs"]


def test_malformed_body_is_a_clear_error(call, wisbech, manager, token_of):
    response = call(
        "POST",
        f"/api/problems/{wisbech['problem'].pk}/actions",
        token=token_of(manager),
        json={"title": "No layer"},
    )
    assert response.status_code == 422
    assert {"layer", "owner_organisation_id", "due_date"} <= set(response.data["errors"])


def test_session_writes_need_the_csrf_token(wisbech, manager):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(manager)
    response = browser.patch(
        f"/api/problems/{wisbech['problem'].pk}/actions/{wisbech['action'].pk}",
        {"status": "done"},
        content_type="application/json",
    )
    assert response.status_code in (401, 403)
    assert Action.objects.get(pk=wisbech["action"].pk).status == ActionStatus.PLANNED


def test_a_cost_too_large_to_store_is_422_not_a_crash(call, wisbech, manager, token_of):
    """schemathesis found it: a cost of 10**28 made the service's rounding overflow."""
    problem = wisbech["problem"]
    before = Action.objects.count()
    for method, path in (
        ("POST", f"/api/problems/{problem.pk}/actions"),
        ("PATCH", f"/api/problems/{problem.pk}/actions/{wisbech['action'].pk}"),
    ):
        response = call(
            method,
            path,
            token=token_of(manager),
            json=new_action(manager.organisation_id, cost="1e28"),
        )
        assert response.status_code == 422, method
        assert "cost" in response.data["errors"]
    assert Action.objects.count() == before
    wisbech["action"].refresh_from_db()
    assert wisbech["action"].cost == 2800
