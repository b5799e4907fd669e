"""The civil injunction (Part 1, ss.1–21): only against a person aged 10 or over (s.1(1));
granted before the respondent is 18 it must be for a fixed period of at most 12 months (s.1(6)),
and the youth offending team must be consulted first (s.14(1)(a)).
"""

from __future__ import annotations

from datetime import date

from clearhold.law.clocks import add_months
from clearhold.law.enforcement.ladder import (
    ADULT_AGE,
    INJUNCTION_MIN_AGE,
    YOUTH_INJUNCTION_MAX_MONTHS,
    _fmt,
)
from clearhold.law.findings import Finding, block, warn


def check_injunction(
    on: date, age: int | None, ends_on: date | None, until_further_order: bool
) -> list[Finding]:
    """Every finding on an injunction granted on ``on`` against a respondent of ``age`` (None:
    unknown) for the period ``ends_on`` or ``until_further_order``: s.1(1), s.1(6), s.14(1)(a)."""
    malformed = _period_shape(on, ends_on, until_further_order)
    if malformed:
        return malformed
    youth_latest = add_months(on, YOUTH_INJUNCTION_MAX_MONTHS)
    if age is None:
        return [_age_unknown(youth_latest)]
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
        period = _youth_period(on, ends_on, until_further_order, youth_latest)
        return [*period, _youth_consultation(age)]
    if ends_on is None and not until_further_order:
        return [
            warn(
                "GE-11",
                "s.1(6)",
                "Record the period the injunction has effect for, or that it has effect until "
                "further order: it must state one or the other (s.1(6)).",
            )
        ]
    return []


def _period_shape(on: date, ends_on: date | None, until_further_order: bool) -> list[Finding]:
    """An injunction states a period or that it runs until further order, not both (s.1(6)),
    and ends after the day it is granted."""
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
    return []


def _age_unknown(youth_latest: date) -> Finding:
    """With no age on record, every age rule is a warning to confirm it: s.1(1), s.1(6),
    s.14(1)(a); the court takes the age that appears to it on the evidence (s.20(2))."""
    return warn(
        "GE-10",
        "s.1(1),(6); s.14(1)(a)",
        f"Confirm the respondent's age: an injunction may be granted only against a "
        f"person aged {INJUNCTION_MIN_AGE} or over (s.1(1)); granted before they are "
        f"{ADULT_AGE} it must be for a fixed period of no more than "
        f"{YOUTH_INJUNCTION_MAX_MONTHS} months, here ending by {_fmt(youth_latest)} "
        "(s.1(6)), and the youth offending team must be consulted first (s.14(1)(a)). "
        "The court takes the age that appears to it on the evidence (s.20(2)).",
    )


def _youth_period(
    on: date, ends_on: date | None, until_further_order: bool, youth_latest: date
) -> list[Finding]:
    """Granted before the respondent is 18, a fixed period of no more than 12 months (s.1(6))."""
    if until_further_order or ends_on is None:
        return [
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
        ]
    if ends_on > youth_latest:
        return [
            block(
                "GE-11",
                "s.1(6)",
                f"An injunction granted before the respondent is {ADULT_AGE} may last no more "
                f"than {YOUTH_INJUNCTION_MAX_MONTHS} months (s.1(6)): granted on {_fmt(on)}, "
                f"it must end by {_fmt(youth_latest)}, not {_fmt(ends_on)}.",
            )
        ]
    return []


def _youth_consultation(age: int) -> Finding:
    """Against an under-18, the youth offending team is consulted first (s.14(1)(a); without
    notice, before the first on-notice hearing, s.14(2)); the youth court hears it (s.1(8)(a))."""
    return warn(
        "GE-12",
        "s.14(1)(a)",
        f"The respondent is {age}: before applying, the applicant must consult the local "
        "youth offending team about the application (s.14(1)(a)), unless it is made "
        "without notice (then before the first on-notice hearing, s.14(2)). The "
        "application goes to the youth court (s.1(8)(a)).",
    )
