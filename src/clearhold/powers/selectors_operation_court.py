"""Reads for an operation's service walk, its court listings and its orders.

The walk is the operation's premises whose notice is issued and still awaits its hearing, in
walking (street) order; the listing hears the ones served and not yet decided; the orders are
the ones in force that an extension could still lengthen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from clearhold.powers.models import Closure, ClosureOrder, HearingOutcome, Operation
from clearhold.powers.selectors import operation_closures
from clearhold.powers.state import first_service, hearings, notice_of, order_of


@dataclass(frozen=True)
class WalkStop:
    """One premises on the walk: its notice and the acts of service already recorded."""

    closure: Closure
    notice: Any
    acts: tuple[str, ...]

    @property
    def served(self) -> bool:
        return bool(self.acts)


def _awaiting_hearing(closure: Closure) -> bool:
    heard = hearings(closure)
    return not heard or heard[-1].outcome == HearingOutcome.ADJOURNED


def service_walk(operation: Operation) -> list[WalkStop]:
    """The premises still to serve or being served, in walking order: the notice is issued,
    not cancelled, and the application has not been decided."""
    stops = []
    for closure in operation_closures(operation, with_facts=True):
        notice = notice_of(closure)
        if notice is None or notice.cancelled_at is not None or order_of(closure) is not None:
            continue
        if not _awaiting_hearing(closure):
            continue
        acts = tuple(dict.fromkeys(e.act for e in notice.service.all()))
        stops.append(WalkStop(closure, notice, acts))
    return stops


def next_stop(stops: list[WalkStop], after: Closure) -> WalkStop | None:
    """The premises after ``after`` on the walk, preferring one not served yet."""
    later = [s for s in stops if (s.closure.route_position or 0) > (after.route_position or 0)]
    unserved = [s for s in later if not s.served]
    return (unserved or later or [None])[0]


def awaiting_court(operation: Operation) -> list[Closure]:
    """The operation's closures whose application a court could hear now: notice served and
    no decision yet, in walking order."""
    return [
        closure
        for closure in operation_closures(operation, with_facts=True)
        if (notice := notice_of(closure)) is not None
        and first_service(notice) is not None
        and order_of(closure) is None
        and _awaiting_hearing(closure)
    ]


def operation_orders(operation: Operation) -> list[ClosureOrder]:
    """The operation's orders not discharged nor quashed, in walking order, each read with its
    closure's appeals and its extensions in one query apiece (``current_ends_on`` and
    ``quashed_on`` read them through ``.all()``): the same queries for 49 orders as for one."""
    closures = (
        operation.closures.filter(order__isnull=False)
        .select_related("order", "site", "unit", "problem")
        .prefetch_related("appeals", "order__extensions")
        .order_by("route_position", "id")
    )
    orders = []
    for closure in closures:
        order = closure.order
        if not order.discharged_on and not order.quashed_on():
            orders.append(order)
    return orders


def pending_extensions(orders: list[ClosureOrder]) -> list[Any]:
    """Applications to extend ``orders`` (an operation's, from ``operation_orders``) still
    awaiting the court's decision."""
    return [
        extension
        for order in orders
        for extension in order.extensions.all()
        if not extension.granted_on and not extension.refused_on
    ]
