"""Graduated enforcement for one person: the ladder of powers short of closure, and their rules.

Partnerships escalate from informal letters and acceptable behaviour agreements through the
community protection warning and notice (Part 4 Chapter 1, ss.43–58), the civil injunction
(Part 1, ss.1–21) and, on conviction, the criminal behaviour order (Part 2, ss.22–33) of the
Anti-social Behaviour, Crime and Policing Act 2014 (closure-powers.md PART 2). The ladder's
order is practice, not statute; each rung's prerequisites are statute:

* a CPN only to an individual aged 16 or over (s.43(1)), only after a written warning and once
  the person has had “enough time to deal with the matter” (s.43(5));
* a fixed penalty only for the offence of failing to comply with a CPN (s.52(1));
* a civil injunction only against a person aged 10 or over (s.1(1)); granted before the
  respondent is 18 it must be for a fixed period of at most 12 months (s.1(6)), and the youth
  offending team must be consulted first (s.14(1)(a));
* a criminal behaviour order made before the offender is 18 lasts a fixed 1–3 years (s.25(4)),
  one made on an adult at least 2 years or indefinitely (s.25(5)); for under-18s the
  prosecution must find out the youth offending team's views (s.22(8)) and the order must be
  reviewed every 12 months (s.28).

The ages and terms are module constants, not rows of ``parameters.py``: that table holds the
closure clocks of Part 4 Chapter 3 as ``Duration``s from its commencement date, has no unit of
years, and its tests pin its names to the closure powers. A change of these figures (the Crime
and Policing Act 2026 proposals in closure-powers.md PART 2 are unconfirmed) is a change here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType

from clearhold.law.clocks import add_months, last_day_within_days
from clearhold.law.findings import Finding, block, warn

INFORMAL_LETTER = "informal_letter"
ABC = "abc"
CPW = "cpw"
CPN = "cpn"
FPN = "fpn"
CIVIL_INJUNCTION = "civil_injunction"
CBO = "cbo"
ARREST = "arrest"
TENANCY_ACTION = "tenancy_action"

# The ladder, lowest rung first (closure-powers.md PART 2, “recommended escalation ladder”).
# An arrest follows an injunction's power of arrest (s.4) or an offence; a CBO needs a
# conviction, so it comes last. Steps on the same day are ordered by their rung.
LADDER: tuple[str, ...] = (
    INFORMAL_LETTER,
    ABC,
    CPW,
    CPN,
    FPN,
    CIVIL_INJUNCTION,
    ARREST,
    TENANCY_ACTION,
    CBO,
)
STEP_KINDS = LADDER

STEP_LABELS: Mapping[str, str] = MappingProxyType(
    {
        INFORMAL_LETTER: "Warning letter or informal action",
        ABC: "Acceptable behaviour agreement",
        CPW: "Community protection warning (s.43(5))",
        CPN: "Community protection notice (s.43)",
        FPN: "Fixed penalty for breach of a CPN (s.52)",
        CIVIL_INJUNCTION: "Civil injunction (s.1)",
        CBO: "Criminal behaviour order (s.22)",
        ARREST: "Arrest",
        TENANCY_ACTION: "Tenancy action (warning, notice, possession)",
    }
)

CPN_MIN_AGE = 16  # s.43(1): a CPN to “an individual aged 16 or over”.
INJUNCTION_MIN_AGE = 10  # s.1(1): an injunction “against a person aged 10 or over”.
ADULT_AGE = 18  # s.1(6), s.14(1)(a), s.22(8), s.25(4),(5), s.28(1).
YOUTH_INJUNCTION_MAX_MONTHS = 12  # s.1(6): granted under 18, a period of “no more than 12 months”.
CBO_YOUTH_MIN_MONTHS = 12  # s.25(4)(a): made under 18, “not less than 1 year”.
CBO_YOUTH_MAX_MONTHS = 36  # s.25(4)(b): “not more than 3 years”.
CBO_ADULT_MIN_MONTHS = 24  # s.25(5)(a): made on an adult, “not less than 2 years” or indefinite.
CPN_APPEAL_DAYS = 21  # s.46(2): “within the period of 21 days beginning with the day” issued.
CPN_FIXED_PENALTY_MAX_POUNDS = 100  # s.52(7).
# NOT statute: ClearHold's default for “enough time to deal with the matter” (s.43(5)(b)).
DEFAULT_CPW_COMPLIANCE_DAYS = 7


@dataclass(frozen=True)
class Step:
    """One rung taken for a person: its ``kind`` (one of ``LADDER``), the day it was taken,
    and for an injunction or CBO the day it ends or that it runs until further order.
    """

    kind: str
    on: date
    ends_on: date | None = None
    until_further_order: bool = False

    def __post_init__(self) -> None:
        _require_kind(self.kind)


def _require_kind(kind: str) -> None:
    if kind not in STEP_LABELS:
        raise ValueError(f"Unknown enforcement step {kind!r}; use one of {', '.join(LADDER)}.")


def _require_date(day: date, what: str) -> None:
    if isinstance(day, datetime) or not isinstance(day, date):
        raise TypeError(f"{what} must be a calendar date, not {type(day).__name__}.")


def age_on(date_of_birth: date, day: date) -> int:
    """Whole years of age on ``day``.

    A person born on 29 February turns a year older on 1 March in a common year (ClearHold's
    reading: the anniversary of a 29 February birth has not come on 28 February).
    """
    _require_date(date_of_birth, "The date of birth")
    _require_date(day, "The day")
    if day < date_of_birth:
        raise ValueError(
            f"{day.isoformat()} is before the date of birth {date_of_birth.isoformat()}."
        )
    before_birthday = (day.month, day.day) < (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - int(before_birthday)


def chronology(history: Iterable[Step]) -> tuple[Step, ...]:
    """The steps by date; steps on the same day in the ladder's order (stable otherwise)."""
    return tuple(sorted(history, key=lambda step: (step.on, LADDER.index(step.kind))))


def _latest(kind: str, history: Iterable[Step], on: date) -> Step | None:
    earlier = [step for step in history if step.kind == kind and step.on <= on]
    return max(earlier, key=lambda step: step.on) if earlier else None


def _fmt(day: date) -> str:
    return f"{day:%d %B %Y}"


def _check_cpn_age(kind: str, on: date, age: int | None) -> list[Finding]:
    what = "community protection notice" if kind == CPN else "community protection warning"
    if age is None:
        return [
            warn(
                "GE-01",
                "s.43(1)",
                f"Confirm the person's age before this {what}: a community protection notice "
                f"may be issued only to an individual aged {CPN_MIN_AGE} or over (s.43(1)).",
            )
        ]
    if age < CPN_MIN_AGE:
        lead = (
            "A community protection notice may be issued"
            if kind == CPN
            else "A community protection warning leads to a notice, which may be issued"
        )
        return [
            block(
                "GE-01",
                "s.43(1)",
                f"{lead} only to an individual aged {CPN_MIN_AGE} or over (s.43(1)); this person "
                f"is {age} on {_fmt(on)}.",
            )
        ]
    return []


def _check_cpn_warning(
    on: date, history: tuple[Step, ...], compliance_days: int | None
) -> list[Finding]:
    warning = _latest(CPW, history, on)
    if warning is None:
        return [
            block(
                "GE-02",
                "s.43(5)(a)",
                "A community protection notice may be issued only after a written warning that "
                "it will be issued unless the conduct stops (s.43(5)(a)); no community "
                "protection warning is on record for this person on or before "
                f"{_fmt(on)}.",
            )
        ]
    gap = (on - warning.on).days
    if compliance_days is None:
        if gap < DEFAULT_CPW_COMPLIANCE_DAYS:
            return [
                warn(
                    "GE-03",
                    "s.43(5)(b)",
                    f"This notice follows the warning of {_fmt(warning.on)} after {gap} days. The "
                    "Act asks only that the person had “enough time to deal with the matter” "
                    f"(s.43(5)(b)); ClearHold's own default, not the statute's, is to check any "
                    f"notice within {DEFAULT_CPW_COMPLIANCE_DAYS} days of its warning. Record why "
                    "the time given was enough.",
                )
            ]
        return []
    if gap < compliance_days:
        return [
            warn(
                "GE-03",
                "s.43(5)(b)",
                f"This notice follows the warning of {_fmt(warning.on)} after {gap} days, before "
                f"the {compliance_days} days the warning gave to deal with the matter had passed. "
                "A notice may follow only once the person has had “enough time to deal with the "
                "matter” (s.43(5)(b)).",
            )
        ]
    return []


def _check_fpn(on: date, history: tuple[Step, ...]) -> list[Finding]:
    if _latest(CPN, history, on) is None:
        return [
            block(
                "GE-04",
                "s.52(1)",
                "A fixed penalty notice may be issued only for the offence of failing to comply "
                "with a community protection notice (s.48, s.52(1)); no community protection "
                f"notice is on record for this person on or before {_fmt(on)}.",
            )
        ]
    return []


def _term_months_text(months: int) -> str:
    if months % 12 == 0:
        years = months // 12
        return f"{years} year" if years == 1 else f"{years} years"
    return f"{months} months"


def _check_injunction(
    on: date, age: int | None, ends_on: date | None, until_further_order: bool
) -> list[Finding]:
    findings: list[Finding] = []
    if ends_on is not None and until_further_order:
        return [
            block(
                "GE-11",
                "s.1(6)",
                "An injunction either specifies the period it has effect for or states that it "
                "has effect until further order (s.1(6)), not both.",
            )
        ]
    if ends_on is not None and ends_on <= on:
        return [block("GE-11", "s.1(6)", "An injunction must end after the day it is granted.")]
    youth_latest = add_months(on, YOUTH_INJUNCTION_MAX_MONTHS)
    if age is None:
        return [
            warn(
                "GE-10",
                "s.1(1),(6); s.14(1)(a)",
                f"Confirm the respondent's age: an injunction may be granted only against a "
                f"person aged {INJUNCTION_MIN_AGE} or over (s.1(1)); granted before they are "
                f"{ADULT_AGE} it must be for a fixed period of no more than "
                f"{YOUTH_INJUNCTION_MAX_MONTHS} months, here ending by {_fmt(youth_latest)} "
                "(s.1(6)), and the youth offending team must be consulted first (s.14(1)(a)). "
                "The court takes the age that appears to it on the evidence (s.20(2)).",
            )
        ]
    if age < INJUNCTION_MIN_AGE:
        return [
            block(
                "GE-10",
                "s.1(1)",
                f"An injunction may be granted only against a person aged {INJUNCTION_MIN_AGE} or "
                f"over (s.1(1)); this person is {age} on {_fmt(on)}.",
            )
        ]
    if age < ADULT_AGE:
        if until_further_order or ends_on is None:
            findings.append(
                block(
                    "GE-11",
                    "s.1(6)",
                    f"An injunction granted before the respondent is {ADULT_AGE} must specify a "
                    f"period of no more than {YOUTH_INJUNCTION_MAX_MONTHS} months (s.1(6)); "
                    + (
                        "it cannot run until further order."
                        if until_further_order
                        else "no end date is recorded."
                    )
                    + f" Granted on {_fmt(on)}, it must end by {_fmt(youth_latest)}.",
                )
            )
        elif ends_on > youth_latest:
            findings.append(
                block(
                    "GE-11",
                    "s.1(6)",
                    f"An injunction granted before the respondent is {ADULT_AGE} may last no more "
                    f"than {YOUTH_INJUNCTION_MAX_MONTHS} months (s.1(6)): granted on {_fmt(on)}, "
                    f"it must end by {_fmt(youth_latest)}, not {_fmt(ends_on)}.",
                )
            )
        findings.append(
            warn(
                "GE-12",
                "s.14(1)(a)",
                f"The respondent is {age}: before applying, the applicant must consult the local "
                "youth offending team about the application (s.14(1)(a)), unless it is made "
                "without notice (then before the first on-notice hearing, s.14(2)). The "
                "application goes to the youth court (s.1(8)(a)).",
            )
        )
        return findings
    if ends_on is None and not until_further_order:
        findings.append(
            warn(
                "GE-11",
                "s.1(6)",
                "Record the period the injunction has effect for, or that it has effect until "
                "further order: it must state one or the other (s.1(6)).",
            )
        )
    return findings


def _cbo_fits(on: date, ends_on: date | None, until_further_order: bool, *, youth: bool) -> bool:
    if youth:
        return (
            not until_further_order
            and ends_on is not None
            and add_months(on, CBO_YOUTH_MIN_MONTHS)
            <= ends_on
            <= add_months(on, CBO_YOUTH_MAX_MONTHS)
        )
    if until_further_order:
        return True
    return ends_on is not None and ends_on >= add_months(on, CBO_ADULT_MIN_MONTHS)


def _check_cbo(
    on: date, age: int | None, ends_on: date | None, until_further_order: bool
) -> list[Finding]:
    if ends_on is not None and until_further_order:
        return [
            block(
                "GE-20",
                "s.25(3)",
                "A criminal behaviour order has either a fixed period or an indefinite one "
                "(s.25(3)–(5)), not both.",
            )
        ]
    if ends_on is not None and ends_on <= on:
        return [block("GE-20", "s.25(3)", "A criminal behaviour order must end after it is made.")]
    youth_band = (
        f"a fixed period of {_term_months_text(CBO_YOUTH_MIN_MONTHS)} to "
        f"{_term_months_text(CBO_YOUTH_MAX_MONTHS)} (ending between "
        f"{_fmt(add_months(on, CBO_YOUTH_MIN_MONTHS))} and "
        f"{_fmt(add_months(on, CBO_YOUTH_MAX_MONTHS))})"
    )
    adult_band = (
        f"a fixed period of at least {_term_months_text(CBO_ADULT_MIN_MONTHS)} (ending on or "
        f"after {_fmt(add_months(on, CBO_ADULT_MIN_MONTHS))}) or an indefinite period"
    )
    if age is None:
        findings = [
            warn(
                "GE-20",
                "s.25(4),(5)",
                f"Confirm the offender's age: made before they are {ADULT_AGE}, the order must "
                f"be {youth_band} (s.25(4)), and the youth offending team's views and annual "
                f"reviews are needed (s.22(8), s.28); made on an adult it must be {adult_band} "
                "(s.25(5)).",
            )
        ]
        if not _cbo_fits(on, ends_on, until_further_order, youth=True) and not _cbo_fits(
            on, ends_on, until_further_order, youth=False
        ):
            findings.append(
                block(
                    "GE-20",
                    "s.25(4),(5)",
                    "This order's period is lawful at no age: under 18 it must be "
                    f"{youth_band} (s.25(4)); for an adult, {adult_band} (s.25(5)).",
                )
            )
        return findings
    if age < ADULT_AGE:
        findings = []
        if not _cbo_fits(on, ends_on, until_further_order, youth=True):
            findings.append(
                block(
                    "GE-20",
                    "s.25(4)",
                    f"A criminal behaviour order made before the offender is {ADULT_AGE} must be "
                    f"for {youth_band} (s.25(4)); this offender is {age} on {_fmt(on)}.",
                )
            )
        findings.append(
            warn(
                "GE-21",
                "s.28",
                f"The offender is {age}: while they are under {ADULT_AGE} the order must be "
                "reviewed before the end of each 12 months it runs (s.28), by the police with "
                "the council (s.29). Book the first review now.",
            )
        )
        findings.append(
            warn(
                "GE-22",
                "s.22(8)",
                "The prosecution must find out the views of the local youth offending team "
                "before applying for the order against an offender under 18 (s.22(8)).",
            )
        )
        return findings
    if not _cbo_fits(on, ends_on, until_further_order, youth=False):
        return [
            block(
                "GE-20",
                "s.25(5)",
                f"A criminal behaviour order made on an adult must be for {adult_band} (s.25(5)).",
            )
        ]
    return []


def check_step(
    kind: str,
    *,
    on: date,
    date_of_birth: date | None,
    history: tuple[Step, ...],
    ends_on: date | None = None,
    until_further_order: bool = False,
    compliance_days: int | None = None,
) -> list[Finding]:
    """Every finding on taking a step of ``kind`` on ``on`` for a person with ``history``.

    ``date_of_birth`` None means unknown: age rules then warn instead of deciding. ``ends_on``
    and ``until_further_order`` describe an injunction's or CBO's period. ``compliance_days``
    is the time the community protection warning gave to deal with the matter; without it
    ClearHold warns on a notice within 7 days of its warning (its default, not the statute's).
    Steps in ``history`` after ``on`` do not count as on record.
    """
    _require_kind(kind)
    _require_date(on, "The day of the step")
    if compliance_days is not None and compliance_days < 0:
        raise ValueError(f"compliance_days cannot be negative ({compliance_days}).")
    history = tuple(history)
    age = None if date_of_birth is None else age_on(date_of_birth, on)
    findings: list[Finding] = []
    if kind in (CPW, CPN):
        findings += _check_cpn_age(kind, on, age)
    if kind == CPN:
        findings += _check_cpn_warning(on, history, compliance_days)
    elif kind == FPN:
        findings += _check_fpn(on, history)
    elif kind == CIVIL_INJUNCTION:
        findings += _check_injunction(on, age, ends_on, until_further_order)
    elif kind == CBO:
        findings += _check_cbo(on, age, ends_on, until_further_order)
    return findings


def appeal_by(kind: str, issued_on: date) -> date | None:
    """The last day to appeal a step of ``kind`` issued on ``issued_on``, where the Act sets one.

    A CPN: to a magistrates' court within 21 days beginning with the day it was issued
    (s.46(2); the grounds are in s.46(1)). None for the other kinds: an injunction's or CBO's
    appeal runs under the general rules of court, and the rest have no statutory appeal.
    """
    _require_kind(kind)
    _require_date(issued_on, "The day of issue")
    if kind == CPN:
        return last_day_within_days(issued_on, CPN_APPEAL_DAYS)
    return None


_CONSEQUENCES: Mapping[str, str] = MappingProxyType(
    {
        INFORMAL_LETTER: (
            "None in law: an informal letter is not an order, so ignoring it is not an offence; "
            "continued behaviour is evidence for a formal power."
        ),
        ABC: (
            "None in law: an acceptable behaviour agreement is voluntary, so breaking it is not "
            "an offence; the breach is evidence for a formal power such as an injunction."
        ),
        CPW: (
            "Not an offence: if the conduct carries on after enough time to deal with the "
            "matter, a community protection notice may follow (s.43(5))."
        ),
        CPN: (
            "An offence (s.48): on summary conviction a fine up to level 4 on the standard scale "
            "(£2,500) for an individual (a fine for a body), unless the person took all "
            "reasonable steps or has a reasonable excuse. Instead a fixed penalty of up to "
            f"£{CPN_FIXED_PENALTY_MAX_POUNDS} may be offered, with no proceedings for 14 days "
            "(s.52(5),(7)). The council may also do the work and recover its cost (s.47), and "
            "the court may make a remedial order (s.49) or order forfeiture (s.50)."
        ),
        FPN: (
            "Paying the fixed penalty within 14 days discharges liability for the CPN offence "
            "(s.52(5)); if it is not paid, the person may be prosecuted for failing to comply "
            "with the notice (s.48): a fine up to level 4 for an individual."
        ),
        CIVIL_INJUNCTION: (
            "Not a criminal offence: breach is contempt of court. Adults: up to 2 years' "
            "imprisonment (secondary source, not checked against statute). Under-18s: a "
            "supervision order or a detention order of up to 3 months (Sch 2; detention only from "
            "age 14, secondary source). A power of "
            "arrest may be attached (s.4); an arrested person must be brought before the court "
            "within 24 hours, disregarding Christmas Day, Good Friday and Sundays (s.9)."
        ),
        CBO: (
            "An offence (s.30): on summary conviction up to 6 months' imprisonment, a fine, or "
            "both; on indictment up to 5 years' imprisonment, a fine, or both (s.30(2)). No "
            "conditional discharge (s.30(3))."
        ),
        ARREST: (
            "Not an order that can be breached: an arrest leads to a charge, to the court "
            "(for a breach of an injunction with a power of arrest, s.9), or to no further action."
        ),
        TENANCY_ACTION: (
            "Breach of tenancy conditions can lead to possession proceedings, including the "
            "absolute ground for anti-social behaviour (Housing Act 1985 s.84A; Housing Act 1988 "
            "Sch 2 Ground 7A; ACT ss.94–97)."
        ),
    }
)


def breach_consequence(kind: str) -> str:
    """The most a breach of a step of ``kind`` can lead to, in plain English."""
    _require_kind(kind)
    return _CONSEQUENCES[kind]
