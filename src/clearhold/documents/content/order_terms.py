"""What the papers about a closure order say the same way: its terms, the powers to enforce it
(s.85) and the offences of breaching or obstructing it (s.86).

The terms are read from an order already shown through the document's reader; the penalties
come from the law core's parameter table for the day they are stated, so that commencement of
Criminal Justice Act 2003 s.281(5) (51 weeks instead of 6 months, s.86(6)) is one new row.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from clearhold.documents.content.common import day, exemptions, text
from clearhold.documents.templating import ListOf, Obj
from clearhold.law import breach_offence, penalty_text
from clearhold.powers.models import AppealAgainst, AppealOutcome

TERMS = Obj.of(
    "court", "made_on", "starts_on", "ends_on", "full", "scope", "part", "exemptions", "bars_all"
)  # fmt: skip
EXEMPT = ListOf(Obj.of("clause", "organisation", "times", "units"))
PENALTIES = Obj.of("breach", "obstruction")


def terms_of(order: Any, *, plain: bool = False) -> dict[str, Any]:
    """A recorded (shown) order's terms: court, dates, extent and who may still enter."""
    part = text(order.part_description).strip()
    allowed = exemptions(order.exemptions, plain=plain)
    return {
        "court": text(order.court),
        "made_on": day(order.made_on),
        "starts_on": day(order.starts_on),
        "ends_on": day(order.current_ends_on()),
        "full": not order.partial,
        "scope": order.get_scope_display(),
        "part": part,
        "exemptions": allowed,
        "bars_all": not allowed,
    }


def made_on_appeal(closure: Any) -> bool:
    """Whether the Crown Court made the order, allowing an appeal against a refusal (s.84)."""
    return closure.appeals.filter(
        against=AppealAgainst.REFUSAL, outcome=AppealOutcome.ALLOWED
    ).exists()


def enforcement(body: str) -> str:
    """The s.85 powers of entry, naming the authorised persons for the applicant's body."""
    who = (
        "a constable, or a person authorised by the chief officer of police for the area "
        "(s.85(2)(a))"
        if body == "police"
        else "a person authorised by the local authority (s.85(2)(b))"
    )
    return (
        f"An authorised person, that is {who}, may enter the premises and do anything necessary "
        "to secure them against entry (s.85(1)), using reasonable force (s.85(3)). They must "
        "show evidence of their identity and authority before entering if the owner, occupier "
        "or person in charge asks (s.85(4)). An authorised person may also enter to carry out "
        "essential maintenance or repairs (s.85(5))."
    )


def penalties(on: dt.date) -> dict[str, str]:
    """The offences of breaching the order and of obstructing its enforcement, with the
    maximum penalties in force on ``on`` (s.86(2)-(6))."""
    breach = breach_offence("order", reasonable_excuse=False, on=on)
    obstruction = breach_offence("obstruction", reasonable_excuse=False, on=on)
    weeks = (
        ""
        if breach.max_imprisonment.unit == "weeks"
        else " The Act says 51 weeks (s.86(5)): until Criminal Justice Act 2003 s.281(5) is "
        f"commenced that is read as {breach.max_imprisonment} (s.86(6))."
    )
    return {
        "breach": (
            "A person who without reasonable excuse remains on or enters the premises in "
            f"contravention of this order commits an offence ({breach.section}). "
            f"{penalty_text(breach)}{weeks}"
        ),
        "obstruction": (
            "A person who without reasonable excuse obstructs a person acting under s.85(1) "
            f"commits an offence ({obstruction.section}). {penalty_text(obstruction)}"
        ),
    }
