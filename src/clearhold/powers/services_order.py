"""Writes for a closure from the order on: the order, extensions, discharge, appeals, costs.

Each step is checked by the law core: the order's term (s.80(6)) and allow-list (s.80(7),(8));
an extension applied for before expiry, by the right person, after consulting the appropriate
consultee, within 3 months each and 6 in all (s.82) — longer needs a fresh order, which the
refusal says; an appeal brought within 21 days (s.84(5)); a reimbursement claim within
3 months of the order ending (s.88(3)).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from clearhold.authz import require
from clearhold.law import (
    appeal_deadline,
    cost_recovery_deadline,
    uk_date,
    validate_order,
    validate_order_extension,
)
from clearhold.law.access import Exemption
from clearhold.law.allow_list import check_allow_list
from clearhold.law.findings import block
from clearhold.powers.findings import refuse, refuse_blocking, refuse_future_day
from clearhold.powers.models import (
    Appeal,
    AppealAgainst,
    AppealOutcome,
    Closure,
    ClosureCost,
    ClosureOrder,
    CostKind,
    EngagementKind,
    HearingOutcome,
    OrderExtension,
    OrderScope,
)
from clearhold.powers.permissions import POWERS_RECORD, issuing_body
from clearhold.powers.services import Recorded
from clearhold.powers.state import first_service, hearings, order_consultee, order_of


def _clauses(exemptions: list[dict]) -> tuple[str, ...]:
    return tuple(str(e.get("clause", "")).strip() for e in exemptions if e.get("clause"))


def _order_start_checked(
    closure: Closure,
    made_on: dt.date,
    starts_on: dt.date | None,
    scope: str,
    part_description: str,
) -> dt.date:
    """The day the order takes effect, refusing an order the record cannot take (yet)."""
    if order_of(closure) is not None:
        refuse("This closure already has its order; extend it, or open a fresh closure.")
    made = [h for h in hearings(closure) if h.outcome == HearingOutcome.ORDER_MADE]
    if not made:
        refuse("Record the hearing at which the court made the order first (s.80).")
    refuse_future_day(made_on, "made_on", "The day the order was made")
    starts_on = starts_on or made_on
    if starts_on < made_on:
        refuse("An order cannot take effect before the court makes it.", "starts_on")
    if scope != OrderScope.WHOLE and not part_description.strip():
        refuse(
            "Describe the part of the premises, or the communal parts, the order covers (s.80(8)).",
            "part_description",
        )
    return starts_on


def _allow_list_checked(
    closure: Closure, partial: bool, exemptions: list[dict], bars_residents: bool
) -> bool:
    """Whether the order bars residents, refusing an allow-list with two answers at the door."""
    allow_list = tuple(Exemption.from_dict(e) for e in exemptions)
    if not partial and closure.dwelling and not any(e.code == "residents" for e in allow_list):
        bars_residents = True  # a full order bars all persons it does not exempt (s.80(7)(a))
    refuse_blocking(
        check_allow_list(
            allow_list, partial=partial, dwelling=closure.dwelling, bars_residents=bars_residents
        ),
        "exempt",
    )
    return bars_residents


@transaction.atomic
def order_record(
    *,
    user: Any,
    closure: Closure,
    made_on: dt.date,
    ends_on: dt.date,
    court: str,
    partial: bool,
    exemptions: list[dict],
    starts_on: dt.date | None = None,
    scope: str = OrderScope.WHOLE,
    part_description: str = "",
    bars_residents: bool = False,
) -> Recorded:
    """Record the order the court made at a hearing whose outcome was "order made".

    A full order bars all persons (s.80(7)(a)) but any it exempts (the owner, the emergency
    services...): its allow-list may be empty. A partial order must list who may enter, and an
    allow-list that would give the officer two answers at the door (visitors of residents
    the order does not let in; residents neither exempted nor barred) is refused
    (``check_allow_list``, s.80(7)(a),(c))."""
    require(user, POWERS_RECORD, closure.problem)
    starts_on = _order_start_checked(closure, made_on, starts_on, scope, part_description)
    bars_residents = _allow_list_checked(closure, partial, exemptions, bars_residents)
    findings = validate_order(
        start=starts_on,
        ends_on=ends_on,
        partial=partial,
        allowed=_clauses(exemptions),
        dwelling=closure.dwelling,
        bars_residents=bars_residents,
        served_at=first_service(closure.notice),
        heard_at=hearings(closure)[0].heard_at,
    )
    warnings = refuse_blocking(findings, None)
    order = ClosureOrder(
        closure=closure,
        made_on=made_on,
        starts_on=starts_on,
        ends_on=ends_on,
        court=court.strip(),
        partial=partial,
        scope=scope,
        part_description=part_description.strip(),
        exemptions=exemptions,
        bars_residents=bars_residents,
        recorded_by=user,
    )
    order.full_clean()
    order.save()
    return order, warnings


def _consulted_for_extension(order: ClosureOrder, applied_on: dt.date) -> bool:
    return any(
        order.made_on <= uk_date(e.at) <= applied_on
        for e in order.closure.engagements.filter(kind=EngagementKind.CONSULT_EXTENSION)
    )


@transaction.atomic
def extension_apply(
    *, user: Any, order: ClosureOrder, applied_on: dt.date, new_ends_on: dt.date
) -> Recorded:
    """Apply to extend the order (s.82): refused past the 6-month cap, which needs a fresh
    notice and order rather than an extension."""
    closure = order.closure
    require(user, POWERS_RECORD, closure.problem)
    if order.extensions.filter(granted_on=None, refused_on=None).exists():
        refuse("An application to extend is waiting for the court’s decision.")
    if order.discharged_on:
        refuse("The order was discharged; it cannot be extended.")
    if order.quashed_on():
        refuse("The order was quashed on appeal (s.84); it cannot be extended.")
    refuse_future_day(applied_on, "applied_on", "The application")
    consultee = order_consultee(closure)
    findings = validate_order_extension(
        order_start=order.starts_on,
        current_ends_on=order.current_ends_on(),
        court_ends_on=order.ends_on,
        new_ends_on=new_ends_on,
        applied_on=applied_on,
        order_applicant=closure.body,
        applicant=issuing_body(user) or "",
        applicant_role=user.role,
        consultee_consulted=_consulted_for_extension(order, applied_on),
    )
    warnings = refuse_blocking(findings, None)
    extension = OrderExtension(
        order=order,
        applied_on=applied_on,
        applied_by=user,
        applicant_role=user.role,
        consultee=consultee,
        new_ends_on=new_ends_on,
    )
    extension.full_clean()
    extension.save()
    return extension, warnings


@transaction.atomic
def extension_decide(
    *, user: Any, extension: OrderExtension, granted: bool, on: dt.date
) -> OrderExtension:
    """The justice's decision on the application; a grant moves the order's end."""
    require(user, POWERS_RECORD, extension.order.closure.problem)
    if extension.granted_on or extension.refused_on:
        refuse("The court has already decided this application.")
    refuse_future_day(on, "on", "The decision")
    if on < extension.applied_on:
        refuse("The decision cannot come before the application.", "on")
    if granted:
        extension.granted_on = on
    else:
        extension.refused_on = on
    extension.save()
    return extension


@transaction.atomic
def order_discharge(*, user: Any, order: ClosureOrder, on: dt.date) -> ClosureOrder:
    """The court discharged the order (s.83): it ends on that day."""
    require(user, POWERS_RECORD, order.closure.problem)
    if order.discharged_on:
        refuse("The order is already discharged.")
    if order.quashed_on():
        refuse("The order was quashed on appeal (s.84); there is nothing to discharge.")
    refuse_future_day(on, "on", "The discharge")
    if on < order.made_on or on > order.current_ends_on():
        refuse("A discharge must fall while the order is in force (s.83(1)).", "on")
    order.discharged_on = on
    order.save()
    return order


@transaction.atomic
def appeal_record(
    *,
    user: Any,
    closure: Closure,
    decision_on: dt.date,
    lodged_on: dt.date,
    appellant: str,
    against: str = AppealAgainst.MAKING,
) -> Appeal:
    """An appeal to the Crown Court against the making or extension of the order, or a refusal
    (s.84(1)–(3)), brought within 21 days beginning with the decision (s.84(5)); there is no
    power to extend that time."""
    require(user, POWERS_RECORD, closure.problem)
    order = order_of(closure)
    if against == AppealAgainst.EXTENSION and not (
        order and order.extensions.filter(granted_on=decision_on).exists()
    ):
        refuse(
            "No extension of the order was granted on that day: record the court’s decision on "
            "the extension first, or choose the decision appealed against (s.84(1)).",
            "decision_on",
        )
    refuse_future_day(lodged_on, "lodged_on", "The appeal")
    last = appeal_deadline(decision_on)
    if lodged_on < decision_on:
        refuse("An appeal cannot be brought before the decision.", "lodged_on")
    if lodged_on > last:
        refuse_blocking(
            [
                block(
                    "CO-41",
                    "s.84(5)",
                    f"An appeal must be brought within 21 days beginning with the decision "
                    f"(s.84(5)): by {last:%d %B %Y}; the court has no power to extend it "
                    "(Hampshire Police Authority v Smith).",
                )
            ],
            "lodged_on",
        )
    appeal = Appeal(
        closure=closure,
        against=against,
        decision_on=decision_on,
        lodged_on=lodged_on,
        appellant=appellant.strip(),
        recorded_by=user,
    )
    appeal.full_clean()
    appeal.save()
    return appeal


@transaction.atomic
def appeal_conclude(*, user: Any, appeal: Appeal, outcome: str, on: dt.date) -> Appeal:
    require(user, POWERS_RECORD, appeal.closure.problem)
    if outcome == AppealOutcome.PENDING:
        refuse("Choose how the appeal ended.", "outcome")
    refuse_future_day(on, "on", "The end of the appeal")
    if on < appeal.lodged_on:
        refuse("An appeal cannot end before it is brought.", "on")
    appeal.outcome = outcome
    appeal.concluded_on = on
    appeal.save()
    return appeal


@transaction.atomic
def cost_record(
    *,
    user: Any,
    closure: Closure,
    kind: str,
    on: dt.date,
    amount: Decimal,
    description: str,
    vat: Decimal | None = None,
    vat_reclaimed: bool = False,
) -> ClosureCost:
    """One line of the costs ledger: ``amount`` the sum paid, ``vat`` the VAT within it; a
    reimbursement claim after 3 months is refused (s.88(3))."""
    require(user, POWERS_RECORD, closure.problem)
    refuse_future_day(on, "on", "The cost")
    if amount <= 0:
        refuse("Enter an amount in pounds greater than zero.", "amount")
    vat = vat or Decimal("0")
    if vat < 0 or vat > amount:
        refuse("The VAT is part of the amount paid: enter it as no more than the amount.", "vat")
    if vat_reclaimed and not vat:
        refuse("Enter the VAT you reclaim from HMRC, or untick “We reclaim this VAT”.", "vat")
    order = order_of(closure)
    if order is None and kind != CostKind.COMPENSATION:
        refuse(
            "Costs under ss.85 and 88 arise from a closure order; record the order first.",
            "kind",
        )
    if kind == CostKind.RECOVERY_APPLIED:
        last = cost_recovery_deadline(order.current_ends_on())
        if on > last:
            refuse(
                f"An application to recover costs must be made within 3 months starting with the "
                f"day the order ceased to have effect (s.88(3)): by {last:%d %B %Y}.",
                "on",
            )
    cost = ClosureCost(
        closure=closure,
        kind=kind,
        on=on,
        amount=amount,
        vat=vat,
        vat_reclaimed=vat_reclaimed,
        description=description.strip(),
        recorded_by=user,
    )
    cost.full_clean()
    cost.save()
    return cost
