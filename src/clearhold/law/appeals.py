"""What an appeal to the Crown Court (s.84) does to a closure order's clocks.

An appeal may be against the making of the order (s.80), against its extension (s.82), or by
the applicant against a refusal to make or extend it (s.84(2),(3)). Magistrates cannot suspend
their order pending appeal (*Chief Constable of Humberside v Morgan* [2024] EWHC 2859 (Admin)),
so the order runs until the Crown Court decides; an appeal **allowed against the making** quashes
it: it is no longer in force and none of its own clocks (expiry, extension) run.

The landlord's absolute ground for possession (Condition 4) is not met while an appeal against
the making of the order is pending, nor once the appeal has overturned it (Housing Act 1985
s.84A(8)(b); Housing Act 1988 s.8(4F)(b)); after an appeal dismissed, abandoned or withdrawn,
the 3-month notice clock runs from its end (s.83ZA(7)). Those provisions speak of the order
being made, so an appeal against an extension leaves the possession clock alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from clearhold.law.deadlines import possession_notice_deadline

MAKING = "making"
EXTENSION = "extension"
REFUSAL = "refusal"
AGAINST = (MAKING, EXTENSION, REFUSAL)

PENDING = "pending"
ALLOWED = "allowed"
CONCLUDED = ("dismissed", "abandoned", "withdrawn")


@dataclass(frozen=True)
class AppealFacts:
    """One appeal as the clocks need it: which decision, how it ended and when."""

    against: str
    outcome: str
    concluded_on: date | None = None

    def __post_init__(self) -> None:
        if self.against not in AGAINST:
            raise ValueError(f"An appeal is against one of {', '.join(AGAINST)}.")
        if self.outcome not in (PENDING, ALLOWED, *CONCLUDED):
            raise ValueError(f"Unknown outcome of an appeal: {self.outcome!r}.")
        if self.outcome != PENDING and self.concluded_on is None:
            raise ValueError("An appeal that has ended needs the day it ended.")


def order_quashed_on(appeals: Iterable[AppealFacts]) -> date | None:
    """The day an appeal against the making of the order was allowed, or None (s.84)."""
    days = [a.concluded_on for a in appeals if a.against == MAKING and a.outcome == ALLOWED]
    return min(days, default=None)


def possession_notice_by(order_made_on: date, appeals: Iterable[AppealFacts]) -> date | None:
    """The last day for the landlord's Condition 4 notice, or None while it cannot be given:
    an appeal against the making is pending, or one was allowed (Housing Act 1985
    s.84A(8); Housing Act 1988 s.8(4F)). Appeals against an extension do not count."""
    against_making = [a for a in appeals if a.against == MAKING]
    if any(a.outcome in (PENDING, ALLOWED) for a in against_making):
        return None
    ended = [a.concluded_on for a in against_making if a.outcome in CONCLUDED]
    return possession_notice_deadline(order_made_on, appeal_concluded_on=max(ended, default=None))
