"""Reads for the powers pages, always through the problem's association checker."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from clearhold.authz import require
from clearhold.powers.models import Closure, Operation, Person
from clearhold.powers.permissions import PEOPLE_VIEW, POWERS_VIEW
from clearhold.powers.state import with_state
from clearhold.problems.models import Problem
from clearhold.problems.permissions import associated


def closure_get(*, user: Any, pk: int) -> Closure:
    """The closure if the user may see its problem; 404 if it does not exist, refusal if not
    shared."""
    closure = get_object_or_404(Closure.objects.select_related("problem", "site"), pk=pk)
    require(user, POWERS_VIEW, closure.problem)
    return closure


def closure_list(*, user: Any) -> QuerySet[Closure]:
    """Every closure on the problems the user is associated with, newest first."""
    problems = associated(Problem.objects.all(), user)
    return with_state(
        Closure.objects.filter(problem__in=problems).select_related("problem", "site")
    )


def person_get(*, user: Any, pk: int) -> Person:
    person = get_object_or_404(Person.objects.select_related("problem"), pk=pk)
    require(user, PEOPLE_VIEW, person.problem)
    return person


def operation_get(*, user: Any, pk: int) -> Operation:
    """The operation if the user may see its problem; 404 if it does not exist."""
    operation = get_object_or_404(Operation.objects.select_related("problem"), pk=pk)
    require(user, POWERS_VIEW, operation.problem)
    return operation


def operation_closures(operation: Operation, *, with_facts: bool = False) -> list[Closure]:
    """The operation's closures in walking (street) order. ``with_facts``: each read with the
    records its status and clocks read (``state.with_state``), so a page over 49 premises runs
    the queries of one. Pages ask for it; code that writes and then reads the same instances
    again (the demo, the benches) must not, as the prefetched lists would not see its writes."""
    closures = operation.closures.select_related("site", "unit", "problem")
    if with_facts:
        closures = with_state(closures)
    return list(closures.order_by("route_position", "id"))
