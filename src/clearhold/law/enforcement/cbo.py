"""The criminal behaviour order (Part 2, ss.22–33), made on conviction: made before the offender
is 18 it lasts a fixed 1–3 years (s.25(4)), made on an adult at least 2 years or indefinitely
(s.25(5)); for under-18s the prosecution must find out the youth offending team's views
(s.22(8)) and the order must be reviewed every 12 months (s.28).
"""

from __future__ import annotations

from datetime import date

from clearhold.law.clocks import add_months
from clearhold.law.enforcement.ladder import (
    ADULT_AGE,
    CBO_ADULT_MIN_MONTHS,
    CBO_YOUTH_MAX_MONTHS,
    CBO_YOUTH_MIN_MONTHS,
    _fmt,
)
from clearhold.law.findings import Finding, block, warn


def _term_months_text(months: int) -> str:
    if months % 12 == 0:
        years = months // 12
        return f"{years} year" if years == 1 else f"{years} years"
    return f"{months} months"


def _cbo_fits(on: date, ends_on: date | None, until_further_order: bool, *, youth: bool) -> bool:
    """Whether the period fits s.25(4) (``youth``: a fixed 1–3 years) or s.25(5) (an adult: at
    least 2 years, or indefinite)."""
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


def check_cbo(
    on: date, age: int | None, ends_on: date | None, until_further_order: bool
) -> list[Finding]:
    """Every finding on a CBO made on ``on`` against an offender of ``age`` (None: unknown) for
    the period ``ends_on`` or ``until_further_order``: s.25(3)–(5), s.22(8), s.28."""
    malformed = _period_shape(on, ends_on, until_further_order)
    if malformed:
        return malformed
    youth_band, adult_band = _bands(on)
    if age is None:
        return _age_unknown(on, ends_on, until_further_order, youth_band, adult_band)
    if age < ADULT_AGE:
        return _youth(on, age, ends_on, until_further_order, youth_band)
    if not _cbo_fits(on, ends_on, until_further_order, youth=False):
        return [
            block(
                "GE-20",
                "s.25(5)",
                f"A criminal behaviour order made on an adult must be for {adult_band} (s.25(5)).",
            )
        ]
    return []


def _period_shape(on: date, ends_on: date | None, until_further_order: bool) -> list[Finding]:
    """A CBO has a fixed period or an indefinite one, not both (s.25(3)–(5)), and ends after it
    is made."""
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
    return []


def _bands(on: date) -> tuple[str, str]:
    """The lawful periods of an order made on ``on``, in words: under 18 (s.25(4)), then for an
    adult (s.25(5))."""
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
    return youth_band, adult_band


def _age_unknown(
    on: date, ends_on: date | None, until_further_order: bool, youth_band: str, adult_band: str
) -> list[Finding]:
    """With no age on record, a warning to confirm it (s.25(4),(5), s.22(8), s.28), and a block
    when the period is lawful at no age."""
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


def _youth(
    on: date, age: int, ends_on: date | None, until_further_order: bool, youth_band: str
) -> list[Finding]:
    """Made before the offender is 18: a fixed 1–3 years (s.25(4)), reviewed every 12 months
    (s.28, by the police with the council, s.29), after the youth offending team's views
    (s.22(8))."""
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
