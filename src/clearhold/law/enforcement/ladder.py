"""The enforcement ladder: its rungs, the figures the Act sets for them, and a person's steps.

The ages and terms are module constants, not rows of ``parameters.py`` (see the package's
docstring); each carries the section that sets it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType

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
