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

Each power's rules are a module of this package (``community``: ss.43–58; ``injunction``:
Part 1; ``cbo``: Part 2) and the ladder and its figures another (``ladder``); this module asks
them in turn and holds what the Act says of every rung (appeals, breaches).

The ages and terms are module constants, not rows of ``parameters.py``: that table holds the
closure clocks of Part 4 Chapter 3 as ``Duration``s from its commencement date, has no unit of
years, and its tests pin its names to the closure powers. A change of these figures (the Crime
and Policing Act 2026 proposals in closure-powers.md PART 2 are unconfirmed) is a change here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType

from clearhold.law.clocks import last_day_within_days
from clearhold.law.enforcement.cbo import check_cbo
from clearhold.law.enforcement.community import check_cpn_age, check_cpn_warning, check_fpn
from clearhold.law.enforcement.injunction import check_injunction
from clearhold.law.enforcement.ladder import (
    ABC,
    ADULT_AGE,
    ARREST,
    CBO,
    CBO_ADULT_MIN_MONTHS,
    CBO_YOUTH_MAX_MONTHS,
    CBO_YOUTH_MIN_MONTHS,
    CIVIL_INJUNCTION,
    CPN,
    CPN_APPEAL_DAYS,
    CPN_FIXED_PENALTY_MAX_POUNDS,
    CPN_MIN_AGE,
    CPW,
    DEFAULT_CPW_COMPLIANCE_DAYS,
    FPN,
    INFORMAL_LETTER,
    INJUNCTION_MIN_AGE,
    LADDER,
    STEP_KINDS,
    STEP_LABELS,
    TENANCY_ACTION,
    YOUTH_INJUNCTION_MAX_MONTHS,
    Step,
    _require_date,
    _require_kind,
    age_on,
    chronology,
)
from clearhold.law.findings import Finding

__all__ = [
    "ABC",
    "ADULT_AGE",
    "ARREST",
    "CBO",
    "CBO_ADULT_MIN_MONTHS",
    "CBO_YOUTH_MAX_MONTHS",
    "CBO_YOUTH_MIN_MONTHS",
    "CIVIL_INJUNCTION",
    "CPN",
    "CPN_APPEAL_DAYS",
    "CPN_FIXED_PENALTY_MAX_POUNDS",
    "CPN_MIN_AGE",
    "CPW",
    "DEFAULT_CPW_COMPLIANCE_DAYS",
    "FPN",
    "INFORMAL_LETTER",
    "INJUNCTION_MIN_AGE",
    "LADDER",
    "STEP_KINDS",
    "STEP_LABELS",
    "TENANCY_ACTION",
    "YOUTH_INJUNCTION_MAX_MONTHS",
    "Step",
    "age_on",
    "appeal_by",
    "breach_consequence",
    "check_step",
    "chronology",
]


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
        findings += check_cpn_age(kind, on, age)
    if kind == CPN:
        findings += check_cpn_warning(on, history, compliance_days)
    elif kind == FPN:
        findings += check_fpn(on, history)
    elif kind == CIVIL_INJUNCTION:
        findings += check_injunction(on, age, ends_on, until_further_order)
    elif kind == CBO:
        findings += check_cbo(on, age, ends_on, until_further_order)
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
