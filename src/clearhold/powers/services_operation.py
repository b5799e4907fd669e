"""Writes for an operation: many premises closed under one name and one problem.

``operation_create`` records the shared terms and opens one closure per premises (a site of
the problem, or one unit of a site) through ``closure_open``, so each premises is checked as a
single closure would be (s.76(5)(a); premises, not an area). Premises the law refuses are named
with the reason and, unless the user chose to ``proceed`` without them, nothing is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from clearhold.authz import require
from clearhold.powers.batch import BatchResult, run_for_each
from clearhold.powers.findings import refuse
from clearhold.powers.models import Operation, OrderScope
from clearhold.powers.permissions import POWERS_RECORD, issuing_body
from clearhold.powers.services import closure_open
from clearhold.powers.terms import variation


@dataclass(frozen=True)
class PremisesPick:
    """One premises chosen for the operation: a site of the problem, or a unit of that site,
    with how the notice will describe it (blank: written from the site and the terms)."""

    site: Any
    unit: Any = None
    description: str = ""
    dwelling: bool = False
    varied: dict | None = None

    @property
    def name(self) -> str:
        return f"{self.unit.name}, {self.site.name}" if self.unit is not None else self.site.name


def describe(pick: PremisesPick, operation: Operation) -> str:
    """The premises as the notice identifies them (s.76(5)(a)), from the site and the scope."""
    if pick.description.strip():
        return pick.description.strip()
    where = pick.unit.address if pick.unit is not None and pick.unit.address else ""
    where = where or (pick.site.address or "").strip()
    name = pick.name + (f", {where}" if where else "")
    if operation.scope == OrderScope.COMMUNAL:
        part = operation.part_description.strip() or "the communal parts"
        return f"The communal areas of {name}: {part}"
    return name


def _open_one(user: Any, operation: Operation, pick: PremisesPick, position: int) -> Any:
    if pick.unit is not None and pick.unit.site_id != pick.site.pk:
        refuse(f"{pick.unit.name} is not a unit of {pick.site.name}.", "unit")
    closure, warnings = closure_open(
        user=user,
        problem=operation.problem,
        site=pick.site,
        premises_description=describe(pick, operation),
        premises_kind=operation.premises_kind,
        dwelling=pick.dwelling,
        body=operation.body,
    )
    closure.operation = operation
    closure.unit = pick.unit
    closure.route_position = position
    closure.terms = variation(operation, **(pick.varied or {}))
    closure.save(update_fields=["operation", "unit", "route_position", "terms"])
    return closure, warnings


@transaction.atomic
def operation_create(
    *,
    user: Any,
    problem: Any,
    name: str,
    picks: list[PremisesPick],
    part_description: str = "",
    exemptions: list[dict] | None = None,
    scope: str = OrderScope.COMMUNAL,
    premises_kind: str = "communal_areas",
    notice_hours: int = 48,
    order_months: int = 3,
    proceed: bool = False,
) -> tuple[Operation | None, BatchResult[PremisesPick]]:
    """Record the operation and open a closure for each premises, in walking order as listed.

    Returns the operation (None when nothing was stored) and every premises' outcome."""
    require(user, POWERS_RECORD, problem)
    body = issuing_body(user)
    if body is None:
        refuse(
            "An operation's closures are brought by the police or the local authority (s.76(1))."
        )
    if not name.strip():
        refuse("Name the operation, e.g. Operation Dakota.", "name")
    if problem.operations.filter(name=name.strip()).exists():
        refuse(f"This problem already has an operation called {name.strip()}.", "name")
    if not picks:
        refuse("Choose at least one premises.", "premises")
    operation = Operation(
        problem=problem,
        name=name.strip(),
        body=body,
        premises_kind=premises_kind,
        scope=scope,
        part_description=part_description.strip(),
        exemptions=exemptions or [],
        notice_hours=notice_hours,
        order_months=order_months,
        created_by=user,
    )
    operation.full_clean()
    operation.save()
    positions = {id(pick): n for n, pick in enumerate(picks, start=1)}
    result = run_for_each(
        picks,
        lambda pick: _open_one(user, operation, pick, positions[id(pick)]),
        premises=lambda pick: pick.name,
        proceed=proceed,
    )
    if not result.stored:
        transaction.set_rollback(True)
        return None, result
    return operation, result
