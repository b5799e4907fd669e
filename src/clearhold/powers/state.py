"""Reads of a closure's facts: first service, hearings, and what is in force at a moment.

The hearing clock runs from service of the closure notice, not its issue (s.80(3)); ClearHold
takes the earliest act of service of the closure notice, the reading that never lets the
window run late. The notice's period also runs from there (``law.notice_ends_at``). An order
is treated as in force from the start of its first day to the end of the day it ends (with
extensions, or the discharge day).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet

from clearhold.law import continuation_ends_at, end_of_day, instant, notice_ends_at, start_of_day
from clearhold.powers.models import (
    Appeal,
    Closure,
    ClosureNotice,
    ClosureOrder,
    Hearing,
    HearingOutcome,
    OrderExtension,
    ServiceDocument,
    ServiceEvent,
)
from clearhold.powers.models_enforcement import ClosureCost

#: What the clocks and status read beyond the closure row, fetched once for many closures.
CLOCK_FACTS = ("notice__service", "hearings", "appeals", "order__extensions", "costs")


#: ``CLOCK_FACTS`` for a caller that shows only the clocks and status, unsorted: those read
#: each fact as a set, a minimum or maximum, an any() or sorted here (``hearings``), never in
#: the order the query gives, which it would otherwise sort for nothing.
_UNORDERED_FACTS = (
    Prefetch("notice__service", ServiceEvent.objects.order_by()),
    Prefetch("hearings", Hearing.objects.order_by()),
    Prefetch("appeals", Appeal.objects.order_by()),
    Prefetch("order__extensions", OrderExtension.objects.order_by()),
    Prefetch("costs", ClosureCost.objects.order_by()),
)


#: What the clocks and status read joined to the closure row; ``with_state`` adds the rest of
#: what a list of closures names (the site, unit and operation) unless told the clocks are all.
CLOCK_JOINED = ("notice", "order")


def with_state(
    closures: QuerySet[Closure], *, problem_known: bool = False, clocks_only: bool = False
) -> QuerySet[Closure]:
    """``closures`` with every record their clocks and status read (notice and its service,
    hearings, appeals, order and its extensions, costs) fetched alongside, so a page listing
    closures runs the same queries for one closure as for forty. The helpers below read these
    through ``.all()`` and filter in Python, which is what lets the prefetched rows serve.
    ``problem_known``: ``closures`` come from ``problem.closures``, which sets each one's
    problem, so the problem (a wide row) is not joined as well. ``clocks_only``: the caller
    shows the clocks and status and not the premises' site, unit or operation, which are then
    not joined (each joined table's columns cost the query's compiling and every row), and
    the facts they read in no particular order are not sorted (``_UNORDERED_FACTS``)."""
    joined = CLOCK_JOINED if clocks_only else (*CLOCK_JOINED, "site", "unit", "operation")
    return closures.select_related(
        *joined, *(() if problem_known else ("problem",))
    ).prefetch_related(*(_UNORDERED_FACTS if clocks_only else CLOCK_FACTS))


def notice_of(closure: Closure) -> ClosureNotice | None:
    try:
        return closure.notice
    except ClosureNotice.DoesNotExist:
        return None


def order_of(closure: Closure) -> ClosureOrder | None:
    try:
        return closure.order
    except ClosureOrder.DoesNotExist:
        return None


def first_service(notice: ClosureNotice | None) -> dt.datetime | None:
    """When the closure notice was first served (earliest act under s.79), or None."""
    if notice is None:
        return None
    served = notice.service.all()  # all(): a prefetched list serves many closures at once
    return min(
        (e.served_at for e in served if e.document == ServiceDocument.CLOSURE_NOTICE),
        key=instant,
        default=None,
    )


def hearings(closure: Closure) -> list[Hearing]:
    """The closure's hearings in time order (read through ``all()``, so a prefetch serves it)."""
    return sorted(closure.hearings.all(), key=lambda h: (instant(h.heard_at), h.pk))


def notice_period_end(
    notice: ClosureNotice, served: dt.datetime | None = None
) -> dt.datetime | None:
    """When the notice's own period (with any extension) ends, counted from first service
    (pass ``served`` when it is already known, to save the query)."""
    served = served or first_service(notice)
    if served is None:
        return None
    return notice_ends_at(
        served,
        hours=notice.hours,
        extension_hours=notice.extension_hours,
        senior_authority=notice.senior_authority,
    )


def notice_until(notice: ClosureNotice, served: dt.datetime, heard: list[Hearing]) -> dt.datetime:
    """When the notice served at ``served`` stops having effect: its period, cut short by
    cancellation or by the court's decision, or carried on by a continuation (s.81(2)) or an
    adjournment that continued it (s.81(4)); a notice that lapsed before a hearing stays
    lapsed, whatever the hearing recorded."""
    end = notice_period_end(notice, served)
    for hearing in heard:
        if instant(hearing.heard_at) > instant(end):
            break  # lapsed before this hearing: nothing can continue it (s.81(2),(4))
        if hearing.outcome == HearingOutcome.CONTINUED and hearing.continued_hours:
            end = continuation_ends_at(hearing.heard_at, hearing.continued_hours)
        elif (
            hearing.outcome == HearingOutcome.ADJOURNED
            and hearing.adjourned_to
            and hearing.notice_continued
        ):
            end = max(end, hearing.adjourned_to, key=instant)
        elif hearing.outcome in (HearingOutcome.REFUSED, HearingOutcome.ORDER_MADE):
            end = min(end, hearing.heard_at, key=instant)
    if notice.cancelled_at is not None:
        end = min(end, notice.cancelled_at, key=instant)
    return end


def notice_in_force(closure: Closure) -> tuple[dt.datetime, dt.datetime] | None:
    """From when (first service) until when the notice has effect, or None if not served."""
    notice = notice_of(closure)
    served = first_service(notice)
    if served is None:
        return None
    return served, notice_until(notice, served, hearings(closure))


def order_consultee(closure: Closure) -> str:
    """Who must be consulted before applying to extend the order (s.82(4))."""
    return "the local authority" if closure.body == "police" else "the chief officer of police"


def order_in_force(order: ClosureOrder, moment: dt.datetime) -> bool:
    """From the start of its first day to the end of its last; an order quashed on appeal
    (s.84) bars no one from the start of the day it was quashed."""
    start = start_of_day(order.starts_on)
    end = end_of_day(order.current_ends_on())
    quashed = order.quashed_on()
    if quashed is not None:
        end = min(end, start_of_day(quashed), key=instant)
    return instant(start) <= instant(moment) < instant(end)


def in_force_at(closure: Closure, moment: dt.datetime) -> str | None:
    """``"order"`` or ``"notice"`` if one is in force at ``moment``, else None."""
    order = order_of(closure)
    if order is not None and order_in_force(order, moment):
        return "order"
    window = notice_in_force(closure)
    if window is not None and instant(window[0]) <= instant(moment) <= instant(window[1]):
        return "notice"
    return None


def status(closure: Closure, now: dt.datetime) -> str:
    """A word for the list and the page: what stage the closure is at."""
    order = order_of(closure)
    notice = notice_of(closure)
    if order is not None and order.quashed_on() is not None:
        return "Order quashed on appeal"
    live = in_force_at(closure, now)
    if live == "order":
        return "Order in force"
    if live == "notice":
        return "Notice in force"
    if order is not None:
        return (
            "Order ended"
            if instant(now) > instant(start_of_day(order.starts_on))
            else ("Order made")
        )
    if notice is None:
        return "Preparing the notice"
    if notice.cancelled_at:
        return "Notice cancelled"
    if first_service(notice) is None:
        return "Notice issued, not yet served"
    outcomes = [h.outcome for h in hearings(closure)]
    if HearingOutcome.REFUSED in outcomes:
        return "Order refused"
    return "Notice ended"
