"""Every legal figure of the closure powers as a dated row, looked up by name and date.

The Anti-social Behaviour, Crime and Policing Act 2014, Part 4 Chapter 3 (ss.76–93) fixes the
hours, days and months that drive every closure clock. A change of law is a new row with its
own ``effective_from``, never a code change (closure-powers.md §1.10). A row whose
``effective_from`` is ``None`` is known but not in force (no commencement date confirmed), and
``parameter()`` never returns it.

``verified`` mirrors closure-powers.md: True where the rule is marked [VERIFIED] against the
statute, False where it is [SECONDARY] or [UNCERTAIN]. The commencement date of Chapter 3 and
of ss.94–97 (20 October 2014, SI 2014/2590 arts 2–3) is not in closure-powers.md; it was
checked against the Order's text on legislation.gov.uk.

The sections and subsections of ss.76–93 that papers may cite (``SECTIONS``) and the checks of a
citation live in ``clearhold.law.sections`` and are re-exported here, beside the figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from clearhold.law.sections import SECTIONS as SECTIONS
from clearhold.law.sections import STATEMENTS as STATEMENTS
from clearhold.law.sections import citation_problem as citation_problem
from clearhold.law.sections import citations as citations
from clearhold.law.sections import statement_problems as statement_problems

Unit = Literal["hours", "days", "weeks", "months"]

CHAPTER_3_IN_FORCE = date(2014, 10, 20)  # SI 2014/2590 art.3(c): Part 4 of the 2014 Act.
ACT = "Anti-social Behaviour, Crime and Policing Act 2014"


class ParameterError(LookupError):
    """A parameter was asked for by a name that does not exist or on a date it was not law."""


@dataclass(frozen=True)
class Duration:
    """A length of time in one unit, as the statute states it (``48 hours``, ``3 months``)."""

    amount: int
    unit: Unit

    def __str__(self) -> str:
        unit = self.unit[:-1] if self.amount == 1 else self.unit
        return f"{self.amount} {unit}"


@dataclass(frozen=True)
class Parameter:
    """One legal figure in force from ``effective_from`` until ``effective_to`` (exclusive).

    ``disregard_christmas`` is set on hour periods the Act says to count without Christmas Day.
    """

    name: str
    value: Duration
    section: str
    effective_from: date | None
    source: str
    verified: bool
    effective_to: date | None = None
    disregard_christmas: bool = False
    note: str = ""

    def in_force_on(self, day: date) -> bool:
        if self.effective_from is None or day < self.effective_from:
            return False
        return self.effective_to is None or day < self.effective_to


def _row(name: str, amount: int, unit: Unit, section: str, source: str, **kw) -> Parameter:
    kw.setdefault("effective_from", CHAPTER_3_IN_FORCE)
    kw.setdefault("verified", True)
    return Parameter(name=name, value=Duration(amount, unit), section=section, source=source, **kw)


PARAMETERS: tuple[Parameter, ...] = (
    _row(
        "notice_max",
        24,
        "hours",
        "s.77(1)",
        "“The maximum period that may be specified in a closure notice is 24 hours unless "
        "subsection (2) applies.” (ACT s.77(1); closure-powers.md CN-09)",
    ),
    _row(
        "notice_max_senior",
        48,
        "hours",
        "s.77(2),(3)",
        "48 hours if issued by a superintendent or above, or signed by the council's chief "
        "executive or designate; Christmas Day disregarded (ACT s.77(2),(3); CN-10, CN-12)",
        disregard_christmas=True,
        note="Christmas Day is disregarded only when the notice specifies the full 48 hours: "
        "s.77(3) speaks of “the period of 48 hours” (see “Christmas Day and notices” below).",
    ),
    _row(
        "notice_extension_max",
        24,
        "hours",
        "s.77(4)",
        "A 24-hour notice “may be extended by up to 24 hours” by an extension notice of a "
        "superintendent or the chief executive or designate (ACT s.77(4),(5); CN-11)",
        note="An extended notice counts real hours: s.77(4) extends a notice “to which "
        "subsection (2) does not apply”, so s.77(3)'s “period of 48 hours” is not its period; "
        "breach is an offence (s.86(1)), so the narrower reading (see “Christmas Day and "
        "notices” below).",
    ),
    _row(
        "notice_total_max",
        48,
        "hours",
        "s.77(2),(4)",
        "“The absolute cap for a notice issued out of court is therefore 48 hours” "
        "(closure-powers.md CN-11; EN paras 189–190)",
        note="A cap on the hours a notice may specify with its extension; Christmas Day does "
        "not lengthen an extended notice (s.77(3),(4)).",
    ),
    _row(
        "hearing_window",
        48,
        "hours",
        "s.80(3),(4)",
        "The application “must be heard … not later than 48 hours after service of the closure "
        "notice”; Christmas Day disregarded (ACT s.80(3),(4); CO-02)",
        disregard_christmas=True,
        note="Reading ‘disregarded’ as ‘hours on 25 December do not count’ is the spec's reading "
        "(closure-powers.md §1.7, UNCERTAIN: test against legal advice).",
    ),
    _row(
        "hearing_window",
        72,
        "hours",
        "s.80(3),(4) as amended by the Crime and Policing Act 2026",
        "Minister, 4 Feb 2026: “We are extending the timeframe … from 48 hours … to 72 hours” "
        "(PQ-2026; closure-powers.md §1.10)",
        effective_from=None,
        verified=False,
        disregard_christmas=True,
        note="Commencement not confirmed: not in force until a date is entered.",
    ),
    _row(
        "notice_continuation_max",
        48,
        "hours",
        "s.81(2)",
        "If no order is made the court may continue the notice “for a specified further period "
        "of not more than 48 hours” (ACT s.81(2); CO-09)",
    ),
    _row(
        "adjournment_max",
        14,
        "days",
        "s.81(3)",
        "The court may adjourn the hearing “for a period of not more than 14 days” "
        "(ACT s.81(3); CO-10)",
    ),
    _row(
        "order_max",
        3,
        "months",
        "s.80(6)",
        "A closure order prohibits access for a period that “may not exceed 3 months” "
        "(ACT s.80(6); CO-05)",
    ),
    _row(
        "order_extension_max",
        3,
        "months",
        "s.82(7)",
        "Each extension is “by a period not exceeding 3 months” (ACT s.82(7); CO-23)",
    ),
    _row(
        "order_total_max",
        6,
        "months",
        "s.82(8)",
        "“The period of a closure order may not be extended so that the order lasts for more than "
        "6 months” (ACT s.82(8); CO-23; CONSULT-2026 agrees)",
    ),
    _row(
        "appeal_period",
        21,
        "days",
        "s.84(5)",
        "Appeal to the Crown Court “within the period of 21 days beginning with the date of the "
        "decision” (ACT s.84(5); CO-41)",
    ),
    _row(
        "cost_recovery_period",
        3,
        "months",
        "s.88(3)",
        "Application for reimbursement made “before the end of the period of 3 months starting "
        "with the day on which the closure order ceases to have effect” (ACT s.88(3); RC-01)",
    ),
    _row(
        "compensation_period",
        3,
        "months",
        "s.90(3)",
        "Application for compensation made before the end of 3 months starting with the day of "
        "cancellation, refusal or the order ceasing to have effect (ACT s.90(3),(4); CO-70)",
    ),
    _row(
        "possession_notice_period",
        3,
        "months",
        "Housing Act 1985 s.83ZA(7); Housing Act 1988 s.8(4F) (ACT ss.95, 97)",
        "Landlord's notice relying on Condition 4 served within “the period of 3 months "
        "beginning with the day on which the closure order was made” or on which an appeal is "
        "finally determined, abandoned or withdrawn (closure-powers.md §1.8)",
        note="In force in England from 20 October 2014 (SI 2014/2590 art.2); Welsh tenancies "
        "are now under the Renting Homes (Wales) Act 2016, which this row does not model.",
    ),
    _row(
        "possession_condition_closure_min",
        48,
        "hours",
        "Housing Act 1985 s.84A(6)(b); Housing Act 1988 Sch 2 Ground 7A (ACT ss.94, 97)",
        "Condition 4 needs access prohibited “for a continuous period of more than 48 hours” "
        "under the order or the notice (closure-powers.md §1.8)",
    ),
    _row(
        "notice_breach_max_imprisonment",
        3,
        "months",
        "s.86(1),(3),(4)",
        "Breach of a closure notice or obstruction: “imprisonment for a period not exceeding 3 "
        "months, or … a fine, or … both” (ACT s.86(4); OF-01, OF-02)",
    ),
    _row(
        "order_breach_max_imprisonment",
        6,
        "months",
        "s.86(2),(5),(6)",
        "Breach of a closure order: 51 weeks, read as 6 months until CJA 2003 s.281(5) is "
        "commenced (ACT s.86(5),(6); OF-03)",
        verified=False,
        note="UNCERTAIN whether CJA 2003 s.281(5) is still uncommenced (OF-03).",
    ),
    _row(
        "order_breach_max_imprisonment",
        51,
        "weeks",
        "s.86(5)",
        "51 weeks once CJA 2003 s.281(5) is commenced (ACT s.86(5),(6); OF-03)",
        effective_from=None,
        verified=False,
        note="Not in force until a commencement date for CJA 2003 s.281(5) is entered.",
    ),
)


def parameter(name: str, *, on: date, table: Iterable[Parameter] = PARAMETERS) -> Parameter:
    """The row of ``name`` in force on ``on`` (the latest to start, if two overlap).

    Raises ``ParameterError`` for an unknown name, or for a date on which no row was in force.
    """
    rows = [row for row in table if row.name == name]
    if not rows:
        known = ", ".join(sorted({row.name for row in table}))
        raise ParameterError(f"No legal parameter called {name!r}. Known parameters: {known}.")
    in_force = [row for row in rows if row.in_force_on(on)]
    if not in_force:
        raise ParameterError(
            f"The legal parameter {name!r} has no row in force on {on.isoformat()} "
            f"(the closure powers of {ACT} began on {CHAPTER_3_IN_FORCE.isoformat()})."
        )
    return max(in_force, key=lambda row: row.effective_from or date.min)


def parameter_names(table: Iterable[Parameter] = PARAMETERS) -> list[str]:
    """Every parameter name in the table, sorted."""
    return sorted({row.name for row in table})
