"""Checks on a closure notice before it is issued (ss.76–77, s.80(3)).

Who may issue it and for how long (s.76(1), s.77(1),(2)); the seven contents of s.76(5);
residents and owner exempt (s.76(4)); informing (s.76(6)) and consultation (s.76(7)) done
first; the premises a distinct property (*Leeds*); and the hearing booked inside the window,
since the notice must say when and where it is (s.76(5)(e), s.80(3)). Also the extension notice
(s.77(4),(5)). Each check returns findings; nothing here raises for a legal problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime

from clearhold.law.authority import (
    COUNCIL,
    POLICE,
    RANK_ORDER,
    SENIOR,
    SUPERVISOR,
    issuer_body,
    rank_at_least,
)
from clearhold.law.clocks import instant, to_uk, uk_date
from clearhold.law.deadlines import hearing_deadline
from clearhold.law.findings import Finding, block, warn
from clearhold.law.parameters import parameter
from clearhold.law.premises import Premises, check_premises


@dataclass(frozen=True)
class NoticeContents:
    """The seven things a closure notice must contain (s.76(5)(a)–(g)); True when present."""

    identifies_premises: bool = False  # (a)
    explains_effect: bool = False  # (b)
    states_offence: bool = False  # (c)
    states_order_application: bool = False  # (d)
    hearing_when_and_where: bool = False  # (e)
    explains_order_effect: bool = False  # (f)
    housing_and_legal_advice_contacts: bool = False  # (g)


CONTENT_RULES: dict[str, tuple[str, str]] = {
    "identifies_premises": ("s.76(5)(a)", "identify the premises"),
    "explains_effect": ("s.76(5)(b)", "explain the effect of the notice"),
    "states_offence": ("s.76(5)(c)", "state that failure to comply with it is an offence"),
    "states_order_application": (
        "s.76(5)(d)",
        "state that an application will be made under section 80 for a closure order",
    ),
    "hearing_when_and_where": (
        "s.76(5)(e)",
        "specify when and where the application will be heard",
    ),
    "explains_order_effect": ("s.76(5)(f)", "explain the effect of a closure order"),
    "housing_and_legal_advice_contacts": (
        "s.76(5)(g)",
        "give names and contact details of local organisations that advise on housing and "
        "legal matters",
    ),
}


@dataclass(frozen=True)
class NoticeDraft:
    """A closure notice about to be issued.

    ``issuer`` is ``"police"`` or ``"council"``; ``role`` the issuing user's ClearHold role;
    ``hours`` the period the notice will specify; ``issue_at`` when it will be issued;
    ``consulted`` who was consulted under s.76(7); ``exempt_residents`` / ``exempt_owner`` whether
    the notice lists them as exempt (s.76(4)); ``hearing_at`` the booked hearing, if any.
    """

    issuer: str
    role: str
    hours: int
    issue_at: datetime
    premises: Premises
    contents: NoticeContents = field(default_factory=NoticeContents)
    informed_occupiers: bool = False
    informed_interested_persons: bool = False
    consulted: tuple[str, ...] = ()
    exempt_residents: bool = False
    exempt_owner: bool = False
    hearing_at: datetime | None = None


def notice_max_hours(issuer: str, role: str, *, on: date) -> int:
    """The longest period this issuer and role may put in a notice on ``on``; 0 if none (s.77)."""
    if issuer == POLICE:
        if rank_at_least(role, SENIOR):
            return parameter("notice_max_senior", on=on).value.amount
        if rank_at_least(role, SUPERVISOR):
            return parameter("notice_max", on=on).value.amount
        return 0
    if issuer == COUNCIL:
        if rank_at_least(role, SENIOR):
            return parameter("notice_max_senior", on=on).value.amount
        if role in RANK_ORDER:
            return parameter("notice_max", on=on).value.amount
        return 0
    return 0


def check_issuer(issuer: str, role: str, hours: int, *, on: date) -> list[Finding]:
    """Whether ``role`` of ``issuer`` may issue a notice of ``hours`` (s.76(1), s.77(1),(2))."""
    findings: list[Finding] = []
    if issuer_body(issuer, on=on) is None:
        return [
            block(
                "CN-01",
                "s.76(1)",
                f"Only the police (inspector or above) or the local authority may issue a closure "
                f"notice (s.76(1)); “{issuer}” may not on {on.isoformat()}.",
            )
        ]
    senior_max = parameter("notice_max_senior", on=on).value.amount
    default_max = parameter("notice_max", on=on).value.amount
    if hours <= 0:
        findings.append(
            block("CN-09", "s.77(1)", "A closure notice must specify a period of one hour or more.")
        )
    findings += _rank_findings(issuer, role, hours, default_max)
    findings += _length_findings(issuer, role, hours, senior_max, default_max)
    return findings


def _rank_findings(issuer: str, role: str, hours: int, default_max: int) -> list[Finding]:
    """Who may issue for the body (s.76(1)): a police inspector or above; for a council, a role
    ClearHold knows, and a word to check delegation for an officer's 24-hour notice."""
    findings: list[Finding] = []
    if issuer == POLICE and not rank_at_least(role, SUPERVISOR):
        findings.append(
            block(
                "CN-01",
                "s.76(1)",
                "A police closure notice must be issued by an officer of at least the rank of "
                "inspector (s.76(1)).",
            )
        )
    elif issuer == COUNCIL and role not in RANK_ORDER:
        findings.append(
            block(
                "CN-01",
                "s.76(1)",
                f"The role “{role}” cannot issue a closure notice for the council (s.76(1)).",
            )
        )
    elif issuer == COUNCIL and role == "officer" and hours <= default_max:
        findings.append(
            warn(
                "CN-01",
                "s.76(1)",
                "The Act sets no grade for a council's 24-hour notice (s.76(1)); check that the "
                "council's scheme of delegation lets this officer issue it.",
            )
        )
    return findings


def _length_findings(
    issuer: str, role: str, hours: int, senior_max: int, default_max: int
) -> list[Finding]:
    """How long the notice may last (s.77(1),(2)): 24 hours, or 48 issued by a police
    superintendent or above or a council's chief executive or their designate."""
    findings: list[Finding] = []
    if hours > senior_max:
        findings.append(
            block(
                "CN-10",
                "s.77(1),(2)",
                f"A closure notice may last at most {senior_max} hours (s.77(2)); "
                "longer needs a closure order from the court.",
            )
        )
    elif hours > default_max and not rank_at_least(role, SENIOR):
        who = (
            "an officer of at least the rank of superintendent"
            if issuer == POLICE
            else "the council's chief executive or a person they designate"
        )
        findings.append(
            block(
                "CN-10",
                "s.77(1),(2)",
                f"A notice longer than {default_max} hours must be issued by {who} (s.77(2)); "
                f"otherwise the maximum is {default_max} hours (s.77(1)).",
            )
        )
    return findings


def check_contents(contents: NoticeContents) -> list[Finding]:
    """One blocking finding for each of the seven s.76(5) contents the notice lacks."""
    findings = []
    for f in fields(contents):
        if not getattr(contents, f.name):
            section, what = CONTENT_RULES[f.name]
            findings.append(
                block(
                    "CN-05",
                    section,
                    f"The closure notice must {what} ({section}).",
                )
            )
    return findings


def check_hearing_booked(issue_at: datetime, hearing_at: datetime | None) -> list[Finding]:
    """The hearing must be booked before issue (the notice states it, s.76(5)(e)) and inside the
    window after service (s.80(3),(4)). Service comes after issue, so a hearing inside the
    window counted from issue is inside it whatever the service time.
    """
    if hearing_at is None:
        return [
            block(
                "CO-02",
                "s.76(5)(e), s.80(3)",
                "Book the court hearing before issuing the notice: the notice must say when and "
                "where the application will be heard (s.76(5)(e)).",
            )
        ]
    hearing = to_uk(hearing_at)
    if instant(hearing) <= instant(issue_at):
        return [
            block(
                "CO-02",
                "s.80(3)",
                "The hearing must come after the notice is issued and served (s.80(3)).",
            )
        ]
    latest = hearing_deadline(issue_at)
    if instant(hearing) > instant(latest):
        return [
            warn(
                "CO-02",
                "s.80(3),(4)",
                f"The hearing at {hearing:%H:%M on %d %B %Y} is more than the hearing window after "
                f"the notice's issue ({latest:%H:%M on %d %B %Y} if served at once); it is lawful "
                "only if service is late enough, and the application must be heard within the "
                "window after service (s.80(3),(4)).",
            )
        ]
    return []


def validate_notice(draft: NoticeDraft) -> list[Finding]:
    """Every finding on a closure notice about to be issued."""
    on = uk_date(draft.issue_at)
    findings = check_issuer(draft.issuer, draft.role, draft.hours, on=on)
    findings += check_contents(draft.contents)
    findings += check_premises(draft.premises)
    if not draft.exempt_residents:
        findings.append(
            block(
                "CN-04",
                "s.76(4)",
                "A closure notice may not bar people who habitually live on the premises; list "
                "them as exempt (s.76(4)(a)).",
            )
        )
    if not draft.exempt_owner:
        findings.append(
            block(
                "CN-04",
                "s.76(4)",
                "A closure notice may not bar the owner of the premises; list the owner as "
                "exempt (s.76(4)(b)).",
            )
        )
    if not draft.informed_occupiers:
        findings.append(
            block(
                "CN-06",
                "s.76(6)(a)",
                "Before issue, record reasonable efforts to inform the people who live on the "
                "premises that the notice is going to be issued (s.76(6)(a)).",
            )
        )
    if not draft.informed_interested_persons:
        findings.append(
            block(
                "CN-06",
                "s.76(6)(b)",
                "Before issue, record reasonable efforts to inform anyone with control of, "
                "responsibility for or an interest in the premises (s.76(6)(b)).",
            )
        )
    if not any(name.strip() for name in draft.consulted):
        findings.append(
            block(
                "CN-07",
                "s.76(7)",
                "Before issue, consult any body or person you think appropriate and record who "
                "(s.76(7)); guidance suggests the victim, affected residents, the landlord and "
                "other agencies.",
            )
        )
    findings += check_hearing_booked(draft.issue_at, draft.hearing_at)
    return findings


def _extension_length(
    notice_hours: int, extension_hours: int, max_ext: int, total_max: int
) -> list[Finding]:
    """An extension of up to 24 hours (s.77(4)), so that the notice lasts at most 48 hours in
    all out of court (s.77(1),(4))."""
    findings: list[Finding] = []
    if extension_hours <= 0 or extension_hours > max_ext:
        findings.append(
            block(
                "CN-11",
                "s.77(4)",
                f"A closure notice may be extended by up to {max_ext} hours (s.77(4)), "
                f"not {extension_hours}.",
            )
        )
    elif notice_hours + extension_hours > total_max:
        findings.append(
            block(
                "CN-11",
                "s.77(1),(4)",
                f"With the extension the notice would last {notice_hours + extension_hours} "
                f"hours; the most a notice can last out of court is {total_max} hours.",
            )
        )
    return findings


def validate_notice_extension(
    *,
    issuer: str,
    role: str,
    notice_hours: int,
    extension_hours: int,
    notice_senior_authority: bool,
    identifies_notice: bool,
    on: date,
) -> list[Finding]:
    """Findings on an extension notice (s.77(4),(5)): only for a notice not under the 48-hour
    authority, by a superintendent or the chief executive or designate, by up to 24 hours,
    identifying the notice and the extension period.
    """
    findings: list[Finding] = []
    max_ext = parameter("notice_extension_max", on=on).value.amount
    total_max = parameter("notice_total_max", on=on).value.amount
    if notice_senior_authority:
        findings.append(
            block(
                "CN-11",
                "s.77(4)",
                "Only a notice issued without the 48-hour authority of s.77(2) can be extended "
                "(s.77(4)); this notice already had it.",
            )
        )
    if not rank_at_least(role, SENIOR):
        who = (
            "an officer of at least the rank of superintendent"
            if issuer == POLICE
            else "the council's chief executive or a person they designate"
        )
        findings.append(
            block("CN-11", "s.77(4)", f"An extension notice must be issued by {who} (s.77(4)).")
        )
    findings += _extension_length(notice_hours, extension_hours, max_ext, total_max)
    if not identifies_notice:
        findings.append(
            block(
                "CN-11",
                "s.77(5)",
                "The extension notice must identify the closure notice and specify the period of "
                "the extension (s.77(5)).",
            )
        )
    return findings
