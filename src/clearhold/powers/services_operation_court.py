"""Writes for an operation at court: service along the walk, one listing hearing many
applications, the orders made there, and their extensions together.

Each premises stays its own closure: every step calls the single-closure service (service of
the notice s.79, the hearing s.80(3) and s.81, the order s.80(6)–(8), the extension s.82) through
``run_for_each``, so a premises the law refuses stores nothing and is named with why, and the
others are kept only when the user chose to ``proceed`` without it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from clearhold.authz import require
from clearhold.law import add_months, extended_end, order_latest_possible_end, parameter, uk_date
from clearhold.powers.batch import BatchResult, run_for_each
from clearhold.powers.findings import refuse
from clearhold.powers.models import (
    Closure,
    ClosureOrder,
    EngagementKind,
    HearingOutcome,
    Listing,
    Operation,
    OrderExtension,
    OrderScope,
    ServiceDocument,
)
from clearhold.powers.operation_premises import premises_name, require_own
from clearhold.powers.permissions import POWERS_RECORD
from clearhold.powers.services import engagement_record, hearing_record, service_record
from clearhold.powers.services_order import extension_apply, extension_decide, order_record
from clearhold.powers.state import notice_of
from clearhold.powers.terms import terms_of


def serve_one(*, user: Any, closure: Closure, **act: Any) -> Any:
    """One act of service of the closure's notice (s.79(2),(3)), by the single-closure rule."""
    notice = notice_of(closure)
    if notice is None:
        refuse(f"{premises_name(closure)} has no closure notice to serve yet.")
    return service_record(user=user, notice=notice, **act)


@transaction.atomic
def service_batch(
    *,
    user: Any,
    operation: Operation,
    closures: list[Closure],
    act: str,
    served_at: dt.datetime,
    detail: str = "",
    document: str = ServiceDocument.CLOSURE_NOTICE,
    proceed: bool = False,
) -> BatchResult[Closure]:
    """The same act of service at the same time for several premises (s.79(2)), each checked
    as its own notice."""
    require(user, POWERS_RECORD, operation.problem)
    require_own(operation, closures)
    return run_for_each(
        closures,
        lambda c: serve_one(
            user=user, closure=c, act=act, served_at=served_at, detail=detail, document=document
        ),
        premises=premises_name,
        proceed=proceed,
    )


@transaction.atomic
def listing_create(
    *,
    user: Any,
    operation: Operation,
    court: str,
    listed_at: dt.datetime,
    court_address: str = "",
) -> Listing:
    """Book one court listing at which the operation's applications are to be heard."""
    require(user, POWERS_RECORD, operation.problem)
    if not court.strip():
        refuse("Name the magistrates’ court of the listing.", "court")
    listing = Listing(
        operation=operation,
        court=court.strip(),
        court_address=court_address.strip(),
        listed_at=listed_at,
        created_by=user,
    )
    listing.full_clean()
    listing.save()
    return listing


def order_as_applied(closure: Closure, made_on: dt.date) -> dict[str, Any]:
    """The order the closure applied for, as ``order_record`` takes it: the operation's terms
    with the closure's variations, running ``order_months`` from the day it is made but never
    past the longest term the law allows (s.80(6))."""
    terms = terms_of(closure)
    if terms is None:
        refuse(
            f"{premises_name(closure)} is not part of an operation: record its order on its "
            "own page."
        )
    longest = parameter("order_max", on=made_on).value.amount
    return {
        "made_on": made_on,
        "ends_on": add_months(made_on, min(terms.order_months, longest)),
        "partial": bool(terms.exemptions),
        "exemptions": list(terms.exemptions),
        "scope": terms.scope,
        "part_description": terms.part_description if terms.scope != OrderScope.WHOLE else "",
    }


@dataclass(frozen=True)
class HeardRow:
    """What the court decided on one premises' application at the listing; ``ends_on`` set only
    when the court varied the end of the order applied for."""

    closure: Closure
    outcome: str = HearingOutcome.ORDER_MADE
    adjourned_to: dt.datetime | None = None
    continued_hours: int | None = None
    notice_continued: bool = False
    ends_on: dt.date | None = None
    notes: str = ""


def _fresh(closure: Closure) -> Closure:
    """The closure as stored now: a rolled-back try leaves its order cached on the instance."""
    return Closure.objects.select_related("problem", "site", "unit", "operation").get(pk=closure.pk)


def _hear_one(user: Any, listing: Listing, heard_at: dt.datetime, row: HeardRow) -> Any:
    closure = _fresh(row.closure)
    hearing, warnings = hearing_record(
        user=user,
        closure=closure,
        court=listing.court,
        heard_at=heard_at,
        outcome=row.outcome,
        adjourned_to=row.adjourned_to,
        continued_hours=row.continued_hours,
        notice_continued=row.notice_continued,
        notes=row.notes,
    )
    hearing.listing = listing
    hearing.save(update_fields=["listing"])
    if row.outcome != HearingOutcome.ORDER_MADE:
        return hearing, warnings
    terms = order_as_applied(closure, uk_date(heard_at))
    if row.ends_on is not None:
        terms["ends_on"] = row.ends_on
    order, more = order_record(user=user, closure=closure, court=listing.court, **terms)
    return order, warnings + more


@transaction.atomic
def listing_hear(
    *,
    user: Any,
    listing: Listing,
    heard_at: dt.datetime,
    rows: list[HeardRow],
    proceed: bool = False,
) -> BatchResult[HeardRow]:
    """Record what the court decided on each application heard at the listing: the hearing
    (s.80(3), s.81) and, where the order was made, the order as applied for unless varied."""
    require(user, POWERS_RECORD, listing.operation.problem)
    require_own(listing.operation, [row.closure for row in rows])
    return run_for_each(
        rows,
        lambda row: _hear_one(user, listing, heard_at, row),
        premises=lambda row: premises_name(row.closure),
        proceed=proceed,
    )


def _order_premises(order: ClosureOrder) -> str:
    return premises_name(order.closure)


def _orders_of(operation: Operation, orders: list[ClosureOrder]) -> None:
    require_own(operation, [order.closure for order in orders])


@transaction.atomic
def extension_consult_batch(
    *,
    user: Any,
    operation: Operation,
    orders: list[ClosureOrder],
    who: str,
    at: dt.datetime,
    how: str = "",
    proceed: bool = False,
) -> BatchResult[ClosureOrder]:
    """The one consultation before extending several orders (s.82(3),(4)), logged on each."""
    require(user, POWERS_RECORD, operation.problem)
    _orders_of(operation, orders)
    if not who.strip():
        refuse("Name who you consulted, e.g. the London Borough of Barnet.", "who")
    return run_for_each(
        orders,
        lambda order: engagement_record(
            user=user,
            closure=order.closure,
            kind=EngagementKind.CONSULT_EXTENSION,
            who=who,
            at=at,
            how=how,
        ),
        premises=_order_premises,
        proceed=proceed,
    )


def extended_to(order: ClosureOrder, months: int = 3) -> dt.date:
    """The end ``months`` more would give (s.82(7)), within the 6 months in all (s.82(8)); an
    order already at 6 months gets the end past the cap, so the law names why it is refused."""
    current = order.current_ends_on()
    more = extended_end(order.starts_on, current, months, court_end=order.ends_on)
    cap = order_latest_possible_end(order.starts_on)
    return min(more, cap) if current < cap else more


def earliest_expiry(orders: list[ClosureOrder]) -> dt.date | None:
    """The first of the orders to expire: every application must be made before it (s.82(1))."""
    return min((order.current_ends_on() for order in orders), default=None)


@transaction.atomic
def extension_apply_batch(
    *,
    user: Any,
    operation: Operation,
    orders: list[ClosureOrder],
    applied_on: dt.date,
    months: int = 3,
    proceed: bool = False,
) -> BatchResult[ClosureOrder]:
    """Apply to extend each order by ``months`` more (s.82), each checked on its own: before
    its expiry, after consulting, at most 3 months more and 6 in all."""
    require(user, POWERS_RECORD, operation.problem)
    _orders_of(operation, orders)
    return run_for_each(
        orders,
        lambda order: extension_apply(
            user=user, order=order, applied_on=applied_on, new_ends_on=extended_to(order, months)
        ),
        premises=_order_premises,
        proceed=proceed,
    )


@transaction.atomic
def extension_decide_batch(
    *,
    user: Any,
    operation: Operation,
    extensions: list[OrderExtension],
    granted: bool,
    on: dt.date,
    proceed: bool = False,
) -> BatchResult[OrderExtension]:
    """The court's decision on several applications to extend, the same for each."""
    require(user, POWERS_RECORD, operation.problem)
    _orders_of(operation, [extension.order for extension in extensions])
    return run_for_each(
        extensions,
        lambda extension: extension_decide(
            user=user,
            extension=OrderExtension.objects.select_related("order__closure").get(pk=extension.pk),
            granted=granted,
            on=on,
        ),
        premises=lambda extension: premises_name(extension.order.closure),
        proceed=proceed,
    )
