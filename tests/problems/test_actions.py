"""The action plan: services, validation, the problem-page section and its pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clearhold.authz import Refused
from clearhold.problems.actions import action_create, action_update, actions_section
from clearhold.problems.models import Action, ActionStatus, Layer, MemberRole, Vat
from clearhold.problems.services import member_add, partner_add

DUE = dt.date(2025, 7, 31)


@pytest.fixture
def wisbech_plan(problem, manager, council, police, constable):
    """The Wisbech environmental works and two no-cost actions."""
    made = [
        action_create(
            user=manager,
            problem=problem,
            title="Fence the open space",
            layer=Layer.ENVIRONMENT,
            owner_organisation=council,
            due_date=DUE,
            cost="2800",
            vat=Vat.PLUS_VAT,
            funder="Fenland District Council",
        ),
        action_create(
            user=manager,
            problem=problem,
            title="Lockable gate",
            layer=Layer.ENVIRONMENT,
            owner_organisation=council,
            due_date=DUE,
            cost=Decimal("3800"),
            vat=Vat.PLUS_VAT,
            funder="Fenland District Council",
        ),
        action_create(
            user=manager,
            problem=problem,
            title="Coffee with a cop",
            layer=Layer.HOUSING_COMMUNITY,
            owner_organisation=police,
            owner=constable,
            due_date=dt.date(2025, 6, 1),
            cost="150",
            vat=Vat.INCLUDING_VAT,
            funder="Clarion Housing",
        ),
        action_create(
            user=manager,
            problem=problem,
            title="High-visibility patrols",
            layer=Layer.ENFORCEMENT,
            owner_organisation=police,
            owner=constable,
            due_date=dt.date(2025, 6, 1),
        ),
    ]
    return made


def _action_kwargs(problem, organisation, **changes):
    kwargs = {
        "problem": problem,
        "title": "Fence the open space",
        "layer": Layer.ENVIRONMENT,
        "owner_organisation": organisation,
        "due_date": DUE,
    }
    return kwargs | changes


# --- services -------------------------------------------------------------------------------


def test_action_create_stores_cost_vat_and_funder(problem, manager, council):
    action = action_create(
        user=manager,
        **_action_kwargs(problem, council, cost="£2,800", vat=Vat.PLUS_VAT, funder="FDC"),
    )
    action.refresh_from_db()
    assert action.cost == Decimal("2800.00")
    assert action.vat == Vat.PLUS_VAT
    assert action.status == ActionStatus.PLANNED


def test_action_update_changes_status(problem, manager, council):
    action = action_create(user=manager, **_action_kwargs(problem, council))
    action_update(user=manager, action=action, status=ActionStatus.DONE)
    assert Action.objects.get(pk=action.pk).status == ActionStatus.DONE
    assert action.status == ActionStatus.DONE


def test_action_refused_due_date_before_problem_start(problem, manager, council):
    with pytest.raises(ValidationError) as refused:
        action_create(
            user=manager, **_action_kwargs(problem, council, due_date=dt.date(2025, 5, 6))
        )
    assert "due_date" in refused.value.message_dict
    assert not Action.objects.exists()


@pytest.mark.parametrize(
    "cost", ["-1", Decimal("-0.01"), "abc", "12..5", "NaN", "1e28", 1e28, "10000000000"]
)
def test_action_refused_cost_negative_not_a_number_or_too_large(problem, manager, council, cost):
    with pytest.raises(ValidationError) as refused:
        action_create(user=manager, **_action_kwargs(problem, council, cost=cost))
    assert list(refused.value.message_dict) == ["cost"]
    assert not Action.objects.exists()


def test_action_refused_owner_organisation_not_a_partner(problem, manager, charity):
    with pytest.raises(ValidationError) as refused:
        action_create(user=manager, **_action_kwargs(problem, charity))
    assert "owner_organisation" in refused.value.message_dict
    assert not Action.objects.exists()


def test_action_refused_owner_not_a_member(problem, manager, council, outsider):
    with pytest.raises(ValidationError) as refused:
        action_create(user=manager, **_action_kwargs(problem, council, owner=outsider))
    assert "owner" in refused.value.message_dict
    assert not Action.objects.exists()


def test_action_update_with_bad_input_changes_nothing(problem, manager, council):
    action = action_create(user=manager, **_action_kwargs(problem, council, cost="100"))
    with pytest.raises(ValidationError):
        action_update(user=manager, action=action, cost="-5", status=ActionStatus.DONE)
    stored = Action.objects.get(pk=action.pk)
    assert (stored.cost, stored.status) == (Decimal("100.00"), ActionStatus.PLANNED)


def test_outsider_cannot_add_actions(problem, outsider, charity):
    with pytest.raises(Refused):
        action_create(user=outsider, **_action_kwargs(problem, charity))
    assert not Action.objects.exists()


def test_partner_viewer_cannot_add_actions(problem, manager, partner_viewer, council, charity):
    partner_add(user=manager, problem=problem, organisation=charity)
    member_add(user=manager, problem=problem, person=partner_viewer, role=MemberRole.OBSERVER)
    with pytest.raises(Refused):
        action_create(user=partner_viewer, **_action_kwargs(problem, council))


# --- the section: grouping, overdue and totals ----------------------------------------------


def test_section_groups_by_layer_in_plan_order(problem, manager, wisbech_plan):
    section = actions_section(problem=problem, user=manager, today=dt.date(2025, 6, 15))
    layers = [(g.value, [r.action.title for r in g.rows]) for g in section["action_layers"]]
    assert layers == [
        ("enforcement", ["High-visibility patrols"]),
        ("environment", ["Fence the open space", "Lockable gate"]),
        ("housing_community", ["Coffee with a cop"]),
        ("partnership", []),
    ]
    assert section["action_count"] == 4


def test_section_flags_overdue_open_actions_only(problem, manager, wisbech_plan):
    action_update(user=manager, action=wisbech_plan[2], status=ActionStatus.DONE)
    section = actions_section(problem=problem, user=manager, today=dt.date(2025, 6, 15))
    overdue = {r.action.title for g in section["action_layers"] for r in g.rows if r.overdue}
    assert overdue == {"High-visibility patrols"}
    assert section["action_overdue_count"] == 1


def test_section_shows_costs_with_vat(problem, manager, wisbech_plan):
    section = actions_section(problem=problem, user=manager, today=DUE)
    environment = section["action_layers"][1]
    assert [r.cost_display for r in environment.rows] == [
        "£2,800.00 plus VAT",
        "£3,800.00 plus VAT",
    ]
    assert section["action_layers"][2].rows[0].cost_display == "£150.00 including VAT"
    assert section["action_layers"][0].rows[0].cost_display == ""


def test_totals_by_layer_keep_vat_treatments_apart(problem, manager, wisbech_plan):
    section = actions_section(problem=problem, user=manager, today=DUE)
    environment, housing = section["action_layers"][1], section["action_layers"][2]
    assert (environment.total.plus_vat, environment.total.final) == (Decimal("6600"), 0)
    assert environment.total.plus_vat_display == "£6,600.00 plus VAT"
    assert (housing.total.plus_vat, housing.total.final) == (0, Decimal("150"))
    total = section["action_total"]
    assert total.display == "£6,600.00 plus VAT and £150.00 including VAT or no VAT"
    assert total.count == 3


def test_totals_by_funder(problem, manager, wisbech_plan, council):
    action_create(
        user=manager,
        **_action_kwargs(problem, council, title="Lighting", cost="1200", vat=Vat.NO_VAT),
    )
    section = actions_section(problem=problem, user=manager, today=DUE)
    funders = {f.funder: (f.total.plus_vat, f.total.final) for f in section["action_funder_totals"]}
    assert funders == {
        "Fenland District Council": (Decimal("6600"), 0),
        "Clarion Housing": (0, Decimal("150")),
        "No funder named": (0, Decimal("1200")),
    }
    assert section["action_funder_totals"][-1].funder == "No funder named"


# --- pages ----------------------------------------------------------------------------------


def _post(**fields):
    data = {
        "title": "Fence the open space",
        "description": "",
        "layer": Layer.ENVIRONMENT,
        "owner_organisation": "",
        "owner": "",
        "due_date": "2025-07-31",
        "status": ActionStatus.PLANNED,
        "cost": "2800",
        "vat": Vat.PLUS_VAT,
        "funder": "Fenland District Council",
    }
    return data | fields


def test_problem_page_shows_the_plan_and_totals(client, problem, manager, wisbech_plan):
    client.force_login(manager)
    page = client.get(problem.get_absolute_url()).content.decode()
    assert "Action plan" in page
    assert "£2,800.00 plus VAT" in page
    assert "£6,600.00 plus VAT" in page
    assert "Costs by funder" in page


def test_add_action_page_creates_the_action(client, problem, manager, council):
    client.force_login(manager)
    url = reverse("problems:action-new", args=[problem.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _post(owner_organisation=council.pk, cost="£2,800.00"))
    assert response.status_code == 302
    assert Action.objects.get().cost == Decimal("2800.00")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"cost": "abc"}, "Enter the cost in pounds as a number"),
        ({"cost": "-10"}, "The cost cannot be negative"),
        ({"due_date": "2025-05-01"}, "The due date must be on or after the problem’s start"),
    ],
)
def test_add_action_bad_input_shows_error_summary(
    client, problem, manager, council, changes, message
):
    client.force_login(manager)
    url = reverse("problems:action-new", args=[problem.pk])
    response = client.post(url, _post(owner_organisation=council.pk, **changes))
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert message in page
    assert not Action.objects.exists()


def test_edit_action_page_changes_status(client, problem, manager, wisbech_plan, council):
    client.force_login(manager)
    action = wisbech_plan[0]
    url = reverse("problems:action-edit", args=[problem.pk, action.pk])
    assert "Fence the open space" in client.get(url).content.decode()
    response = client.post(
        url, _post(owner_organisation=council.pk, status=ActionStatus.IN_PROGRESS)
    )
    assert response.status_code == 302
    assert Action.objects.get(pk=action.pk).status == ActionStatus.IN_PROGRESS


def test_outsider_gets_403_on_action_pages(client, problem, outsider, wisbech_plan, council):
    client.force_login(outsider)
    for url in (
        reverse("problems:action-new", args=[problem.pk]),
        reverse("problems:action-edit", args=[problem.pk, wisbech_plan[0].pk]),
    ):
        assert client.get(url).status_code == 403
        assert client.post(url, _post(owner_organisation=council.pk)).status_code == 403
    assert Action.objects.count() == len(wisbech_plan)


def test_action_of_another_problem_is_not_found(client, problem, manager, wisbech_plan, site):
    from clearhold.problems.services import problem_create

    other = problem_create(
        user=manager, title="Other", start_date=dt.date(2025, 1, 1), sites=[site]
    )
    client.force_login(manager)
    url = reverse("problems:action-edit", args=[other.pk, wisbech_plan[0].pk])
    assert client.get(url).status_code == 404
