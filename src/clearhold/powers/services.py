"""Writes for a closure up to the court: opening it, informing and consulting, the notice, its
service, extension and cancellation, and the hearings.

Every write checks the authorisation rule, then the law core (``clearhold.law``), and runs in a
transaction: a step the Act forbids is refused with the section that forbids it, and nothing
is stored. Warnings (things a person must check) are returned with the saved object.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from clearhold.authz import require
from clearhold.law import (
    Finding,
    NoticeContents,
    NoticeDraft,
    Premises,
    check_adjournment,
    check_continuation,
    check_hearing,
    check_premises,
    instant,
    notice_ends_at,
    parameter,
    uk_date,
    validate_notice,
)
from clearhold.law.hearings import check_continuation_in_force, check_hearing_within_notice
from clearhold.powers.findings import refuse, refuse_blocking, refuse_future_moment
from clearhold.powers.models import (
    Closure,
    ClosureNotice,
    Engagement,
    EngagementKind,
    Hearing,
    HearingOutcome,
    ServiceDocument,
    ServiceEvent,
)
from clearhold.powers.permissions import NOTICE_ISSUE, POWERS_RECORD, issuing_body
from clearhold.powers.photos import photo_problem, photo_without_metadata
from clearhold.powers.state import first_service, hearings, notice_of, notice_until, order_of

Recorded = tuple[Any, list[Finding]]


def premises_of(closure: Closure) -> Premises:
    return Premises(
        description=closure.premises_description,
        kind=closure.premises_kind,
        boundary_defined=closure.boundary_defined,
        footprint_m2=closure.site.area_m2 if closure.premises_kind == "land" else None,
    )


@transaction.atomic
def closure_open(
    *,
    user: Any,
    problem: Any,
    site: Any,
    premises_description: str,
    premises_kind: str,
    boundary_defined: bool = True,
    dwelling: bool = False,
    body: str | None = None,
) -> Recorded:
    """Start a closure on one of the problem's sites; refuses premises drawn as an area."""
    require(user, POWERS_RECORD, problem)
    body = body or issuing_body(user)
    if body not in ("police", "council"):
        refuse(
            "A closure is brought by the police or the local authority (s.76(1)); choose which.",
            "body",
        )
    if not problem.sites.filter(pk=site.pk).exists():
        refuse("Choose one of the problem’s sites.", "site")
    closure = Closure(
        problem=problem,
        site=site,
        premises_description=premises_description.strip(),
        premises_kind=premises_kind,
        boundary_defined=boundary_defined,
        dwelling=dwelling,
        body=body,
        created_by=user,
    )
    warnings = refuse_blocking(check_premises(premises_of(closure)), "premises_description")
    closure.full_clean()
    closure.save()
    return closure, warnings


@transaction.atomic
def engagement_record(
    *, user: Any, closure: Closure, kind: str, who: str, at: dt.datetime, how: str = ""
) -> Engagement:
    """Log one act of informing (s.76(6)) or consulting (s.76(7), s.82(3))."""
    require(user, POWERS_RECORD, closure.problem)
    refuse_future_moment(at, "at", "The time you informed or consulted")
    engagement = Engagement(
        closure=closure, kind=kind, who=who.strip(), at=at, how=how, recorded_by=user
    )
    engagement.full_clean()
    engagement.save()
    return engagement


def _engaged_before(closure: Closure, kind: str, moment: dt.datetime) -> list[str]:
    return [
        e.who
        for e in closure.engagements.filter(kind=kind)
        if instant(e.at) <= instant(moment) and e.who.strip()
    ]


def notice_draft(
    *,
    user: Any,
    closure: Closure,
    hours: int,
    issued_at: dt.datetime,
    contents: list[str],
    exemptions: list[dict],
    hearing_at: dt.datetime | None,
) -> NoticeDraft:
    """The law core's view of a notice the user is about to issue, from what is on record."""
    codes = {e.get("code") for e in exemptions}
    return NoticeDraft(
        issuer=closure.body,
        role=user.role,
        hours=hours,
        issue_at=issued_at,
        premises=premises_of(closure),
        contents=NoticeContents(**{name: True for name in contents}),
        informed_occupiers=bool(
            _engaged_before(closure, EngagementKind.INFORM_OCCUPIERS, issued_at)
        ),
        informed_interested_persons=bool(
            _engaged_before(closure, EngagementKind.INFORM_INTERESTED, issued_at)
        ),
        consulted=tuple(_engaged_before(closure, EngagementKind.CONSULT, issued_at)),
        exempt_residents="residents" in codes,
        exempt_owner="owner" in codes,
        hearing_at=hearing_at,
    )


@transaction.atomic
def notice_issue(
    *,
    user: Any,
    closure: Closure,
    hours: int,
    issued_at: dt.datetime,
    contents: list[str],
    exemptions: list[dict],
    hearing_court: str,
    hearing_at: dt.datetime | None,
    hearing_court_address: str = "",
) -> Recorded:
    """Issue the closure notice: every rule of ss.76–77 checked against the issuer's rank.
    The court's address is printed on the notice, which says where the hearing is (s.76(5)(e))."""
    require(user, NOTICE_ISSUE, closure.problem)
    if notice_of(closure) is not None:
        refuse("This closure already has its notice; extend or cancel it instead.")
    if issuing_body(user) != closure.body:
        refuse(
            f"This closure is brought by the {closure.get_body_display().lower()}; only its "
            "officers may issue the notice (s.76(1))."
        )
    refuse_future_moment(issued_at, "issued_at", "The time of issue")
    if not hearing_court.strip():
        refuse(
            "Name the magistrates’ court that will hear the application (s.76(5)(e)).",
            "hearing_court",
        )
    draft = notice_draft(
        user=user,
        closure=closure,
        hours=hours,
        issued_at=issued_at,
        contents=contents,
        exemptions=exemptions,
        hearing_at=hearing_at,
    )
    default_max = parameter("notice_max", on=uk_date(issued_at)).value.amount
    findings = validate_notice(draft)
    if hearing_at is not None:
        at_once = notice_ends_at(issued_at, hours=hours, senior_authority=hours > default_max)
        findings += check_hearing_within_notice(at_once, hearing_at, served=False)
    warnings = refuse_blocking(findings)
    notice = ClosureNotice(
        closure=closure,
        issued_by=user,
        issuer_role=user.role,
        issued_at=issued_at,
        hours=hours,
        senior_authority=hours > default_max,
        contents=sorted(contents),
        exemptions=exemptions,
        hearing_court=hearing_court.strip(),
        hearing_court_address=hearing_court_address.strip(),
        hearing_at=hearing_at,
    )
    notice.full_clean()
    notice.save()
    return notice, warnings


@transaction.atomic
def service_record(
    *,
    user: Any,
    notice: ClosureNotice,
    act: str,
    served_at: dt.datetime,
    document: str = ServiceDocument.CLOSURE_NOTICE,
    detail: str = "",
    force_used: bool = False,
    photo: Any = None,
) -> ServiceEvent:
    """Log one act of service (s.79(2)(a)–(e), s.79(3)); the first starts the hearing clock."""
    closure = notice.closure
    require(user, POWERS_RECORD, closure.problem)
    if closure.body == "police" and issuing_body(user) != "police":
        refuse("A police closure notice is served by a constable (s.79(1)).")
    if instant(served_at) < instant(notice.issued_at):
        refuse("A notice cannot be served before it is issued.", "served_at")
    refuse_future_moment(served_at, "served_at", "The time of service")
    if force_used and act != "a":
        refuse(
            "Force may be used only to enter to fix the notice to a prominent place (s.79(4)).",
            "force_used",
        )
    event = ServiceEvent(
        notice=notice,
        document=document,
        act=act,
        served_at=served_at,
        served_by=user,
        detail=detail.strip(),
        force_used=force_used,
    )
    if photo:
        problem = photo_problem(photo)
        if problem:
            refuse(problem, "photo")
        event.photo = photo_without_metadata(photo)  # no EXIF: no officer's GPS position
    event.full_clean()
    event.save()
    return event


def _hearing_due(
    closure: Closure,
) -> tuple[ClosureNotice | None, dt.datetime | None, list[Hearing]]:
    """The notice, its first service and the hearings so far; refuses a hearing out of turn."""
    notice = notice_of(closure)
    served = first_service(notice)
    if served is None:
        refuse("Record the service of the closure notice first: the hearing clock runs from it.")
    if order_of(closure) is not None:
        refuse("The court has already made the order.")
    earlier = hearings(closure)
    if earlier and earlier[-1].outcome != HearingOutcome.ADJOURNED:
        refuse("The application has been decided; record an appeal or a fresh notice instead.")
    return notice, served, earlier


@transaction.atomic
def hearing_record(
    *,
    user: Any,
    closure: Closure,
    court: str,
    heard_at: dt.datetime,
    outcome: str,
    adjourned_to: dt.datetime | None = None,
    continued_hours: int | None = None,
    notice_continued: bool = False,
    notes: str = "",
) -> Recorded:
    """Record a hearing of the application: first within the window after service (s.80(3)),
    an adjourned one within 14 days (s.81(3)), a continuation at most 48 hours (s.81(2)) of a
    notice still in force (s.81(2),(4)); a first hearing after the notice ended is warned on."""
    require(user, POWERS_RECORD, closure.problem)
    notice, served, earlier = _hearing_due(closure)
    refuse_future_moment(heard_at, "heard_at", "The hearing")
    findings: list[Finding] = []
    until = notice_until(notice, served, earlier)
    continues = outcome == HearingOutcome.CONTINUED or (
        outcome == HearingOutcome.ADJOURNED and notice_continued
    )
    if continues:
        cancelled = notice.cancelled_at is not None and instant(notice.cancelled_at) <= instant(
            heard_at
        )
        findings += check_continuation_in_force(until, heard_at, cancelled=cancelled)
    if not earlier:
        findings += check_hearing(served, heard_at)
        if not continues:
            findings += check_hearing_within_notice(until, heard_at)
    else:
        findings += check_adjournment(uk_date(earlier[-1].heard_at), uk_date(heard_at))
    if outcome == HearingOutcome.ADJOURNED:
        if adjourned_to is None:
            refuse("Give the date and time the hearing was adjourned to.", "adjourned_to")
        findings += check_adjournment(uk_date(heard_at), uk_date(adjourned_to))
    if outcome == HearingOutcome.CONTINUED:
        findings += check_continuation(continued_hours or 0, on=uk_date(heard_at))
    warnings = refuse_blocking(findings)
    hearing = Hearing(
        closure=closure,
        court=court.strip(),
        heard_at=heard_at,
        outcome=outcome,
        adjourned_to=adjourned_to if outcome == HearingOutcome.ADJOURNED else None,
        continued_hours=continued_hours if outcome == HearingOutcome.CONTINUED else None,
        notice_continued=notice_continued and outcome == HearingOutcome.ADJOURNED,
        notes=notes,
        recorded_by=user,
    )
    hearing.full_clean()
    hearing.save()
    return hearing, warnings
