"""The community protection warning, notice and fixed penalty (Part 4 Chapter 1, ss.43–58):
a CPN only to an individual aged 16 or over (s.43(1)), only after a written warning and once
the person has had “enough time to deal with the matter” (s.43(5)); a fixed penalty only for
the offence of failing to comply with a CPN (s.52(1)).
"""

from __future__ import annotations

from datetime import date

from clearhold.law.enforcement.ladder import (
    CPN,
    CPN_MIN_AGE,
    CPW,
    DEFAULT_CPW_COMPLIANCE_DAYS,
    Step,
    _fmt,
    _latest,
)
from clearhold.law.findings import Finding, block, warn


def check_cpn_age(kind: str, on: date, age: int | None) -> list[Finding]:
    """A CPN, or the warning that leads to one, only to an individual aged 16 or over
    (s.43(1)); an unknown age is a warning to confirm it."""
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


def check_cpn_warning(
    on: date, history: tuple[Step, ...], compliance_days: int | None
) -> list[Finding]:
    """A CPN only after a written warning (s.43(5)(a)) and once the person has had “enough
    time to deal with the matter” (s.43(5)(b)): the warning's own time, else ClearHold's
    default of 7 days (not the statute's)."""
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


def check_fpn(on: date, history: tuple[Step, ...]) -> list[Finding]:
    """A fixed penalty only for the offence of failing to comply with a CPN (s.48, s.52(1))."""
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
