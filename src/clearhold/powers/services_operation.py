"""Writes for an operation: many premises closed under one name and one problem.

``operation_create`` records the shared terms and opens one closure per premises (a site of
the problem, or one unit of a site) through ``closure_open``, so each premises is checked as a
single closure would be (s.76(5)(a); premises, not an area). Premises the law refuses are named
with the reason and, unless the user chose to ``proceed`` without them, nothing is stored.
The batch steps before the court (informing and consulting, the notices) run the single
closure's service per premises in the same way (``powers.batch``); ``closure_vary`` stores one
closure's own terms. Each record is audited as the single closure's is (the model tracking).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from django.db import transaction

from clearhold.authz import require
from clearhold.law.access import notice_mandatory_exemptions
from clearhold.powers.batch import BatchResult, run_for_each
from clearhold.powers.findings import refuse
from clearhold.powers.models import EngagementKind, Operation, OrderScope
from clearhold.powers.operation_premises import premises_name, require_own
from clearhold.powers.permissions import NOTICE_ISSUE, POWERS_RECORD, issuing_body
from clearhold.powers.services import closure_open, engagement_record, notice_issue
from clearhold.powers.state import notice_of
from clearhold.powers.terms import terms_of, variation


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


def describe(pick: PremisesPick, operation: Any) -> str:
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


@transaction.atomic
def engagements_record(
    *,
    user: Any,
    operation: Operation,
    closures: list[Any],
    at: dt.datetime,
    occupiers: str,
    interested: str,
    consulted: str,
    how: str = "",
    proceed: bool = False,
) -> BatchResult[Any]:
    """Record, for each premises, that the people who live there and those with an interest
    were informed (s.76(6)) and who was consulted (s.76(7)): what the officer does once for
    the estate, stored per closure as the single closure's form would."""
    require(user, POWERS_RECORD, operation.problem)
    require_own(operation, closures)
    done = (
        (EngagementKind.INFORM_OCCUPIERS, occupiers),
        (EngagementKind.INFORM_INTERESTED, interested),
        (EngagementKind.CONSULT, consulted),
    )

    def step(closure: Any) -> list[Any]:
        return [
            engagement_record(user=user, closure=closure, kind=kind, who=who, at=at, how=how)
            for kind, who in done
        ]

    return run_for_each(closures, step, premises=premises_name, proceed=proceed)


@transaction.atomic
def notices_issue(
    *,
    user: Any,
    operation: Operation,
    closures: list[Any],
    issued_at: dt.datetime,
    hearing_court: str,
    hearing_court_address: str,
    hearing_at: dt.datetime | None,
    contents: Mapping[int, list[str]],
    proceed: bool = False,
) -> BatchResult[Any]:
    """Issue a closure notice for each premises with its terms (the operation's, as the closure
    varies them): each notice its own record, checked as a single notice is (ss.76–77, the
    issuer's rank). ``contents`` are the s.76(5) contents found present, by closure."""
    require(user, NOTICE_ISSUE, operation.problem)
    if issuing_body(user) != operation.body:
        refuse(
            f"{operation.name} is brought by the {operation.get_body_display().lower()}; only "
            "its officers may issue its notices (s.76(1))."
        )
    require_own(operation, closures)

    def step(closure: Any) -> Any:
        terms = terms_of(closure)
        return notice_issue(
            user=user,
            closure=closure,
            hours=terms.notice_hours,
            issued_at=issued_at,
            contents=list(contents.get(closure.pk, ())),
            exemptions=notice_exemptions(terms.exemptions),
            hearing_court=hearing_court,
            hearing_court_address=hearing_court_address,
            hearing_at=hearing_at,
        )

    return run_for_each(closures, step, premises=premises_name, proceed=proceed)


def notice_exemptions(exemptions: list[dict]) -> list[dict]:
    """The allow-list a notice prints: the terms', with the residents and the owner, whom a
    notice cannot bar (s.76(4)), as the single notice form always adds them."""
    codes = {e.get("code") for e in exemptions}
    fixed = [asdict(e) for e in notice_mandatory_exemptions() if e.code not in codes]
    return fixed + list(exemptions)


def _check_terms(chosen: Mapping[str, Any]) -> None:
    if "notice_hours" in chosen and chosen["notice_hours"] not in (24, 48):
        refuse("A closure notice lasts 24 or 48 hours (s.77).", "notice_hours")
    if "order_months" in chosen and chosen["order_months"] not in (1, 2, 3):
        refuse("A closure order is made for at most 3 months (s.80(5)).", "order_months")
    if "scope" in chosen and chosen["scope"] not in OrderScope.values:
        refuse("Choose what the order closes.", "scope")


@transaction.atomic
def closure_vary(*, user: Any, closure: Any, **chosen: Any) -> Any:
    """Store where one closure's terms differ from its operation's, until its notice is issued
    (the notice then fixes them). A premises description written from the terms is rewritten
    from the varied ones; one typed by hand is kept."""
    require(user, POWERS_RECORD, closure.problem)
    operation = closure.operation
    if operation is None:
        refuse("This closure is not part of an operation: change it on its own page.")
    if notice_of(closure) is not None:
        refuse(
            "The notice for this premises is issued: its terms are fixed. Vary or cancel the "
            "notice instead (s.78)."
        )
    _check_terms(chosen)
    pick = PremisesPick(site=closure.site, unit=closure.unit)
    before = terms_of(closure)
    written = describe(pick, _Shared(before.scope, before.part_description))
    closure.terms = variation(operation, **chosen)
    after = terms_of(closure)
    if closure.premises_description == written:
        closure.premises_description = describe(pick, _Shared(after.scope, after.part_description))
    closure.full_clean()
    closure.save(update_fields=["terms", "premises_description"])
    return closure


@dataclass(frozen=True)
class _Shared:
    """The two terms a premises description is written from."""

    scope: str
    part_description: str


@transaction.atomic
def walking_order_set(*, user: Any, operation: Operation, places: Mapping[int, int]) -> list[Any]:
    """Renumber the premises 1, 2, 3… along the route in the order of ``places`` (closure id →
    number given); premises given the same number, or none, keep their order between them."""
    require(user, POWERS_RECORD, operation.problem)
    closures = list(operation.closures.order_by("route_position", "id"))
    strangers = set(places) - {c.pk for c in closures}
    if strangers:
        refuse(f"Only the premises of {operation.name} can be put on its route.")
    never = float("inf")
    ordered = sorted(closures, key=lambda c: places.get(c.pk, never))
    for position, closure in enumerate(ordered, start=1):
        if closure.route_position != position:
            closure.route_position = position
            closure.save(update_fields=["route_position"])
    return ordered
