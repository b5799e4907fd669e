"""The response plan: SMART objectives and the action plan, read and written.

Writes go through the same services as the web forms (``objective_create``, ``action_create``,
``action_update``), so a bad request comes back as a 422 carrying the service's own messages
by field, and a refused or invalid write stores nothing.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Status

from clearhold.accounts.models import Organisation, User
from clearhold.api.common import (
    Id,
    PageQuery,
    Purpose,
    api_reader,
    name_of,
    org_ref,
    page,
)
from clearhold.api.errors import responses
from clearhold.api.schemas import (
    ActionChange,
    ActionIn,
    ActionOut,
    ObjectiveDetail,
    ObjectiveIn,
    ObjectiveOut,
    Page,
)
from clearhold.places.models import Site
from clearhold.problems.actions import action_create, action_update, is_overdue
from clearhold.problems.models import Action, Objective
from clearhold.problems.objectives import objective_create, objective_progress
from clearhold.problems.selectors import problem_get
from clearhold.readmodel import Reader

router = Router(tags=["response plan"])


def _objective(objective: Any) -> dict[str, Any]:
    return {
        "id": objective.pk,
        "title": objective.title,
        "categories": list(objective.categories),
        "site_id": objective.site_id,
        "baseline_from": objective.baseline_from,
        "baseline_to": objective.baseline_to,
        "target_change_pct": objective.target_change_pct,
        "deadline": objective.deadline,
        "created_at": objective.created_at,
    }


@router.get("/problems/{problem_id}/objectives", response=responses(list[ObjectiveOut]))
def objectives(request: HttpRequest, problem_id: Id) -> list[dict]:
    found = problem_get(user=request.auth, pk=problem_id)
    with Reader(request.auth) as reader:
        return [_objective(o) for o in reader.show(found.objectives.order_by("id"))]


@router.get("/problems/{problem_id}/objectives/{objective_id}", response=responses(ObjectiveDetail))
def objective(request: HttpRequest, problem_id: Id, objective_id: Id) -> dict:
    """One objective with its progress, measured now on the incident store."""
    found = problem_get(user=request.auth, pk=problem_id)
    record = get_object_or_404(
        Objective.objects.select_related("site", "problem"), pk=objective_id, problem=found
    )
    with Reader(request.auth) as reader:
        shown = _objective(reader.show(record))
    return {**shown, "progress": objective_progress(record).to_dict()}


@router.post("/problems/{problem_id}/objectives", response=responses(ObjectiveOut, status=201))
def objective_new(request: HttpRequest, problem_id: Id, payload: ObjectiveIn) -> Status:
    found = problem_get(user=request.auth, pk=problem_id)
    created = objective_create(
        user=request.auth,
        problem=found,
        title=payload.title,
        categories=payload.categories,
        site=Site.objects.filter(pk=payload.site_id).first(),
        baseline_from=payload.baseline_from,
        baseline_to=payload.baseline_to,
        target_change_pct=payload.target_change_pct,
        deadline=payload.deadline,
    )
    with Reader(request.auth) as reader:
        return Status(201, _objective(reader.show(created)))


def _action(action: Any, today) -> dict[str, Any]:
    owner_name = name_of(action.owner)
    return {
        "id": action.pk,
        "title": action.title,
        "description": action.description,
        "layer": action.layer,
        "status": action.status,
        "owner_organisation": org_ref(action.owner_organisation),
        "owner_name": owner_name,
        "withheld": ["owner_name"] if action.owner and owner_name is None else [],
        "due_date": action.due_date,
        "overdue": is_overdue(action, today),
        "cost": action.cost,
        "vat": action.vat,
        "funder": action.funder,
        "meeting_id": action.meeting_id,
        "created_at": action.created_at,
    }


@router.get("/problems/{problem_id}/actions", response=responses(Page[ActionOut]))
def actions(
    request: HttpRequest,
    problem_id: Id,
    query: Query[PageQuery],
    purpose: Purpose = None,
    status: str | None = None,
    layer: str | None = None,
) -> dict:
    """The action plan, by due date; filter by ``status`` and ``layer``. Owners' names need a
    ``purpose``."""
    found = problem_get(user=request.auth, pk=problem_id)
    records = found.actions.select_related("owner_organisation", "owner").order_by("due_date", "id")
    if status:
        records = records.filter(status=status)
    if layer:
        records = records.filter(layer=layer)
    today = timezone.localdate()
    with api_reader(request, purpose, problem=found, what=f"action owners on {found}") as reader:
        return page(reader.show(records), query, lambda a: _action(a, today))


def _action_of(request: HttpRequest, problem_id: int, action_id: int):
    found = problem_get(user=request.auth, pk=problem_id)
    return get_object_or_404(
        Action.objects.select_related("problem", "owner_organisation", "owner"),
        pk=action_id,
        problem=found,
    )


@router.get("/problems/{problem_id}/actions/{action_id}", response=responses(ActionOut))
def action(request: HttpRequest, problem_id: Id, action_id: Id, purpose: Purpose = None) -> dict:
    record = _action_of(request, problem_id, action_id)
    what = f"owner of {record}"
    with api_reader(request, purpose, problem=record.problem, what=what, about=record) as reader:
        return _action(reader.show(record), timezone.localdate())


def _organisation(pk: int | None) -> Organisation | None:
    return None if pk is None else Organisation.objects.filter(pk=pk).first()


def _person(pk: int | None) -> User | None:
    return None if pk is None else User.objects.filter(pk=pk).first()


@router.post("/problems/{problem_id}/actions", response=responses(ActionOut, status=201))
def action_new(request: HttpRequest, problem_id: Id, payload: ActionIn) -> Status:
    """Add an action; the same checks as the web form (partner owner, named member, dates).
    The reply leaves the owner's name out: read the action with a ``purpose`` to see it."""
    found = problem_get(user=request.auth, pk=problem_id)
    fields = payload.dict(exclude={"owner_organisation_id", "owner_id"})
    created = action_create(
        user=request.auth,
        problem=found,
        owner_organisation=_organisation(payload.owner_organisation_id),
        owner=_person(payload.owner_id),
        **fields,
    )
    created = Action.objects.select_related("owner_organisation", "owner").get(pk=created.pk)
    with Reader(request.auth) as reader:  # no purpose: the owner's name is left out
        return Status(201, _action(reader.show(created), timezone.localdate()))


@router.patch("/problems/{problem_id}/actions/{action_id}", response=responses(ActionOut))
def action_change(
    request: HttpRequest, problem_id: Id, action_id: Id, payload: ActionChange
) -> dict:
    """Change some of an action's fields (only those sent), e.g. ``{"status": "done"}``."""
    record = _action_of(request, problem_id, action_id)
    sent = payload.dict(exclude_unset=True)
    fields: dict[str, Any] = {
        k: v for k, v in sent.items() if k not in ("owner_organisation_id", "owner_id")
    }
    if "owner_organisation_id" in sent:
        fields["owner_organisation"] = _organisation(sent["owner_organisation_id"])
    if "owner_id" in sent:
        fields["owner"] = _person(sent["owner_id"])
    action_update(user=request.auth, action=record, **fields)
    stored = Action.objects.select_related("owner_organisation", "owner").get(pk=record.pk)
    with Reader(request.auth) as reader:
        return _action(reader.show(stored), timezone.localdate())
