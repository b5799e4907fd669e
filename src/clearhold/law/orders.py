"""Checks on closure orders, hearings, adjournments and extensions (ss.80–82).

The application heard within the window after service (s.80(3),(4)); the order at most
3 months (s.80(6)); a partial order's allow-list of who may enter (s.80(7),(8); *Leeds*: the
order should say what access is permitted); an adjournment at most 14 days and a continuation
of the notice at most 48 hours (s.81); each extension applied for before expiry by the right
person after consulting the right body, at most 3 months each and 6 months in all (s.82).
Lengthening an order past 6 months takes a fresh order, not an extension (Barnet's orders of
three months then six more).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from clearhold.law.access import Exemption
from clearhold.law.allow_list import check_allow_list
from clearhold.law.authority import COUNCIL, POLICE, SUPERVISOR, rank_at_least
from clearhold.law.clocks import add_months, extended_end, instant
from clearhold.law.deadlines import hearing_deadline
from clearhold.law.findings import Finding, block, warn
from clearhold.law.parameters import parameter


def check_hearing(served_at: datetime, heard_at: datetime) -> list[Finding]:
    """The application must be heard not later than the window after service (s.80(3),(4))."""
    latest = hearing_deadline(served_at)
    if instant(heard_at) > instant(latest):
        return [
            block(
                "CO-02",
                "s.80(3),(4)",
                f"The application had to be heard by {latest:%H:%M on %d %B %Y}, the end of the "
                "hearing window after service of the closure notice (Christmas Day "
                "disregarded) (s.80(3),(4)).",
            )
        ]
    return []


def check_order_term(start: date, ends_on: date) -> list[Finding]:
    """An order lasts at most 3 months from the day it takes effect (s.80(6))."""
    months = parameter("order_max", on=start).value.amount
    latest = add_months(start, months)
    if ends_on <= start:
        return [block("CO-05", "s.80(6)", "A closure order must end after the day it starts.")]
    if ends_on > latest:
        return [
            block(
                "CO-05",
                "s.80(6)",
                f"A closure order may not exceed {months} months (s.80(6)): starting "
                f"{start:%d %B %Y} it must end by {latest:%d %B %Y}.",
            )
        ]
    return []


def check_access_terms(
    *, partial: bool, allowed: tuple[str, ...], dwelling: bool, bars_residents: bool
) -> list[Finding]:
    """A partial order needs its allow-list; closing a home to its residents is allowed
    (s.80(7)(a)) but warned on, for its consequences.
    """
    findings: list[Finding] = []
    if partial and not any(a.strip() for a in allowed):
        findings.append(
            block(
                "CO-06",
                "s.80(7),(8)",
                "A partial closure must list who may still enter (persons, descriptions, times or "
                "circumstances) (s.80(7)); the order should say what access is permitted (Leeds "
                "City Council v Persons Unknown).",
            )
        )
    if dwelling and bars_residents:
        findings.append(
            warn(
                "CO-06",
                "s.80(7); Housing Act 1985 s.84A(6)",
                "This order bars the people who live there. An order may do so (s.80(7)), unlike "
                "a notice (s.76(4)), but the court weighs Article 8; plan rehousing and support, "
                "and note it can found the landlord's absolute ground for possession "
                "(Condition 4) and other occupiers' right to apply for access (s.87).",
            )
        )
    return findings


def validate_order(
    *,
    start: date,
    ends_on: date,
    partial: bool,
    allowed: tuple[str, ...] = (),
    dwelling: bool = False,
    bars_residents: bool = False,
    served_at: datetime | None = None,
    heard_at: datetime | None = None,
    exemptions: Sequence[Exemption] | None = None,
) -> list[Finding]:
    """Every finding on a closure order as made (or drafted for the court).

    ``start`` is the day the order takes effect (the day it is made unless the court defers
    it); ``allowed`` the allow-list of who may enter; ``served_at``/``heard_at`` the notice's
    service and the first hearing of the application, checked when both are given;
    ``exemptions`` the allow-list as the access register reads it, checked for an order that
    would give the officer two answers (``check_allow_list``) when given.
    """
    findings = check_order_term(start, ends_on)
    findings += check_access_terms(
        partial=partial, allowed=allowed, dwelling=dwelling, bars_residents=bars_residents
    )
    if exemptions is not None:
        findings += check_allow_list(
            exemptions, partial=partial, dwelling=dwelling, bars_residents=bars_residents
        )
    if served_at is not None and heard_at is not None:
        findings += check_hearing(served_at, heard_at)
    return findings


def check_adjournment(adjourned_on: date, resumes_on: date) -> list[Finding]:
    """The court may adjourn the hearing for at most 14 days (s.81(3))."""
    days = parameter("adjournment_max", on=adjourned_on).value.amount
    if (resumes_on - adjourned_on).days > days:
        return [
            block(
                "CO-10",
                "s.81(3)",
                f"An adjournment may be for at most {days} days (s.81(3)): adjourned on "
                f"{adjourned_on:%d %B %Y}, the hearing must resume by "
                f"{date.fromordinal(adjourned_on.toordinal() + days):%d %B %Y}.",
            )
        ]
    if resumes_on <= adjourned_on:
        return [block("CO-10", "s.81(3)", "An adjourned hearing must resume on a later day.")]
    return []


def check_continuation(hours: int, *, on: date) -> list[Finding]:
    """If no order is made the court may continue the notice for at most 48 hours (s.81(2))."""
    most = parameter("notice_continuation_max", on=on).value.amount
    if hours <= 0 or hours > most:
        return [
            block(
                "CO-09",
                "s.81(2)",
                f"The court may continue a closure notice for at most {most} more hours "
                f"(s.81(2)), not {hours}.",
            )
        ]
    return []


def validate_order_extension(
    *,
    order_start: date,
    current_ends_on: date,
    new_ends_on: date,
    applied_on: date,
    order_applicant: str,
    applicant: str,
    applicant_role: str,
    consultee_consulted: bool,
    court_ends_on: date | None = None,
) -> list[Finding]:
    """Every finding on an application to extend a closure order (s.82).

    ``order_start`` is the day the order first took effect; ``court_ends_on`` the end the court
    set before any extension; ``current_ends_on`` its end with any earlier extensions;
    ``new_ends_on`` the end asked for. ``order_applicant`` and ``applicant`` are ``"police"``
    or ``"council"``. The 3 months of each extension are added from the order's real end, not
    from a date clamped to a month's end (``clocks.extended_end``).
    """
    return [
        *_extension_timing(applied_on, current_ends_on),
        *_extension_applicant(order_applicant, applicant, applicant_role),
        *_extension_consultation(applicant, consultee_consulted),
        *_extension_term(order_start, current_ends_on, new_ends_on, applied_on, court_ends_on),
    ]


def _extension_timing(applied_on: date, current_ends_on: date) -> list[Finding]:
    """An extension is applied for before the order expires (s.82(1))."""
    if applied_on > current_ends_on:
        return [
            block(
                "CO-20",
                "s.82(1)",
                f"An extension must be applied for before the order expires (s.82(1)); it ended "
                f"on {current_ends_on:%d %B %Y}. A fresh notice and order are needed.",
            )
        ]
    if applied_on == current_ends_on:
        return [
            warn(
                "CO-20",
                "s.82(1)",
                "The order expires today: the extension must be applied for before the time it "
                "ends (s.82(1)).",
            )
        ]
    return []


def _extension_applicant(
    order_applicant: str, applicant: str, applicant_role: str
) -> list[Finding]:
    """Only the body that applied for the order may apply to extend it (s.82(2)); for the
    police, an officer of at least the rank of inspector (s.82(2)(a))."""
    if applicant != order_applicant:
        return [
            block(
                "CO-20",
                "s.82(2)",
                f"Only the {'police' if order_applicant == POLICE else 'council'} that applied for "
                "the order may apply to extend it (s.82(2)).",
            )
        ]
    if applicant == POLICE and not rank_at_least(applicant_role, SUPERVISOR):
        return [
            block(
                "CO-20",
                "s.82(2)(a)",
                "A police application to extend must be made by an officer of at least the rank "
                "of inspector (s.82(2)(a)).",
            )
        ]
    return []


def _extension_consultation(applicant: str, consultee_consulted: bool) -> list[Finding]:
    """Before applying, the police consult the local authority and the council the chief
    officer of police (s.82(3),(4))."""
    if consultee_consulted:
        return []
    consultee = (
        "the local authority"
        if applicant == POLICE
        else "the chief officer of police for the area"
        if applicant == COUNCIL
        else "the appropriate consultee"
    )
    return [
        block(
            "CO-21",
            "s.82(3),(4)",
            f"Before applying to extend, consult {consultee} about the intention to apply "
            "(s.82(3),(4)).",
        )
    ]


def _extension_term(
    order_start: date,
    current_ends_on: date,
    new_ends_on: date,
    applied_on: date,
    court_ends_on: date | None,
) -> list[Finding]:
    """Each extension at most 3 months from the order's real end (s.82(7)), and the order no
    more than 6 months in all (s.82(8)): the figures are the rows of ``parameters`` in force."""
    each = parameter("order_extension_max", on=applied_on).value.amount
    total = parameter("order_total_max", on=order_start).value.amount
    cap = add_months(order_start, total)
    if new_ends_on <= current_ends_on:
        return [block("CO-23", "s.82(7)", "An extension must end after the order's current end.")]
    findings: list[Finding] = []
    furthest = extended_end(order_start, current_ends_on, each, court_end=court_ends_on)
    if new_ends_on > furthest:
        findings.append(
            block(
                "CO-23",
                "s.82(7)",
                f"Each extension may be for at most {each} months (s.82(7)): from "
                f"{current_ends_on:%d %B %Y} the order can be extended to "
                f"{furthest:%d %B %Y} at the latest.",
            )
        )
    if new_ends_on > cap:
        findings.append(
            block(
                "CO-23",
                "s.82(8)",
                f"A closure order may not be extended so that it lasts more than {total} months "
                f"(s.82(8)): this one started {order_start:%d %B %Y} and cannot run past "
                f"{cap:%d %B %Y}. Closing the premises for longer needs a fresh closure notice "
                "and a fresh order, not an extension.",
            )
        )
    return findings
