"""Every clock of a planned or live closure from the facts known so far, with the rules broken.

The planning view of ss.76-90: give what has happened (notice served, who issued it, order made
and for how long, extensions, the court's decision, the order's end) and get each deadline
that those facts fix, ``None`` for the ones they do not, and a ``block`` finding for every
unlawful step (an inspector's 48-hour notice, an order over 3 months, extensions past 6).
Used by ``clearhold closure deadlines``; the closure workflow will call the same function.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from clearhold.law.authority import COUNCIL, OFFICER, POLICE, SENIOR, SUPERVISOR
from clearhold.law.clocks import add_months, extended_end, to_uk, uk_date
from clearhold.law.deadlines import (
    appeal_deadline,
    compensation_deadline,
    cost_recovery_deadline,
    hearing_deadline,
    order_latest_possible_end,
    possession_notice_deadline,
)
from clearhold.law.findings import Finding
from clearhold.law.notices import check_issuer, notice_max_hours
from clearhold.law.orders import validate_order, validate_order_extension

# The issuers a planner names, as (body, role) in the terms of clearhold.law.authority.
ISSUERS: dict[str, tuple[str, str]] = {
    "inspector": (POLICE, SUPERVISOR),
    "superintendent": (POLICE, SENIOR),
    "local-authority": (COUNCIL, OFFICER),
    "local-authority-chief-executive": (COUNCIL, SENIOR),
}


@dataclass(frozen=True)
class DeadlinePlan:
    hearing_by: datetime | None = None
    notice_max_hours: int | None = None
    order_expires_on: date | None = None
    order_latest_possible_expiry_on: date | None = None
    appeal_by: date | None = None
    cost_recovery_by: date | None = None
    compensation_by: date | None = None
    possession_notice_by: date | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def lawful(self) -> bool:
        return not any(f.severity == "block" for f in self.findings)

    def to_dict(self) -> dict:
        """JSON-safe: ISO dates, and ``hearing_by`` with its Europe/London offset."""

        def iso(value: date | datetime | None) -> str | None:
            return None if value is None else value.isoformat()

        return {
            "hearing_by": iso(self.hearing_by),
            "notice_max_hours": self.notice_max_hours,
            "order_expires_on": iso(self.order_expires_on),
            "order_latest_possible_expiry_on": iso(self.order_latest_possible_expiry_on),
            "appeal_by": iso(self.appeal_by),
            "cost_recovery_by": iso(self.cost_recovery_by),
            "compensation_by": iso(self.compensation_by),
            "possession_notice_by": iso(self.possession_notice_by),
            "findings": [
                {"rule": f.code, "severity": f.severity, "section": f.section, "message": f.message}
                for f in self.findings
            ],
        }


def _order_plan(
    order_made: date, order_months: int, extension_months: Sequence[int], body: str, role: str
) -> tuple[date, date, list[Finding]]:
    """The order's end after each extension in turn, the latest end the Act allows, and the
    findings on the order (s.80(6)) and on each extension (s.82(7),(8)), each assumed applied
    for the day before the order would expire by ``body``'s ``role``."""
    expires = court_end = add_months(order_made, order_months)
    latest = order_latest_possible_end(order_made)
    findings = validate_order(start=order_made, ends_on=expires, partial=False)
    for months in extension_months:
        extended = extended_end(order_made, expires, months)
        findings += validate_order_extension(
            order_start=order_made,
            current_ends_on=expires,
            court_ends_on=court_end,
            new_ends_on=extended,
            applied_on=expires - timedelta(days=1),
            order_applicant=body,
            applicant=body,
            applicant_role=role,
            consultee_consulted=True,
        )
        expires = extended
    return expires, latest, findings


def closure_deadlines(
    *,
    served_at: datetime | None = None,
    issuer: str | None = None,
    notice_hours: int | None = None,
    order_made: date | None = None,
    order_months: int | None = None,
    extension_months: Sequence[int] = (),
    decision: date | None = None,
    order_ended: date | None = None,
    today: date | None = None,
) -> DeadlinePlan:
    """The deadlines the given facts fix, and the findings on them.

    ``issuer`` is one of :data:`ISSUERS`; ``served_at`` an aware datetime; extensions are
    applied in turn, month by month from the order's real end (clamped once, so 30 November
    + 3 + 3 months is 30 May), each assumed applied for the day before it would
    expire (the latest lawful day) by the order's own applicant with the consultee consulted.
    """
    findings: list[Finding] = []
    on = uk_date(served_at) if served_at else (order_made or today or date.today())
    if issuer is not None and issuer not in ISSUERS:
        raise ValueError(f"issuer must be one of {', '.join(ISSUERS)}, not {issuer!r}")
    body, role = ISSUERS[issuer] if issuer else (POLICE, SENIOR)
    max_hours = notice_max_hours(body, role, on=on) if issuer else None
    if issuer and notice_hours is not None:
        findings += check_issuer(body, role, notice_hours, on=on)
    hearing_by = to_uk(hearing_deadline(served_at)) if served_at else None

    expires = latest = None
    if order_made is not None and order_months is not None:
        expires, latest, order_findings = _order_plan(
            order_made, order_months, extension_months, body, role
        )
        findings += order_findings
    elif extension_months:
        raise ValueError("extensions need --order-made and --order-months")

    return DeadlinePlan(
        hearing_by=hearing_by,
        notice_max_hours=max_hours,
        order_expires_on=expires,
        order_latest_possible_expiry_on=latest,
        appeal_by=appeal_deadline(decision) if decision else None,
        cost_recovery_by=cost_recovery_deadline(order_ended) if order_ended else None,
        compensation_by=compensation_deadline(order_ended) if order_ended else None,
        possession_notice_by=possession_notice_deadline(order_made) if order_made else None,
        findings=[f for f in findings if f.severity == "block"]
        + [f for f in findings if f.severity != "block"],
    )
