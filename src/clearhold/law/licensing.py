"""Licensed premises: when a court closing them must notify the licensing authority.

“The court must notify the relevant licensing authority if it makes a closure order in relation
to premises in respect of which a premises licence is in force” (s.80(9)); on an appeal, “the
Crown Court must notify the relevant licensing authority if it makes a closure order” (s.84(7)).
The notice makes the authority review the licence (Licensing Act 2003 s.167, as amended by the
2014 Act, Sch 11). closure-powers.md CO-08 and CO-41.

Read narrowly, as the Act words it: the Crown Court's duty arises when it *makes* an order,
that is when it allows an appeal against a magistrates' court's refusal to make one (s.84(2)),
as the appeal records what it is against. Allowing an appeal against a refusal to *extend*
(s.84(3)) extends an order already notified; dismissing an appeal against an order leaves the
magistrates' order, already notified under s.80(9).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

ORDER_SECTION = "s.80(9)"
APPEAL_SECTION = "s.84(7)"
LICENCE_REVIEW = "Licensing Act 2003 s.167, as amended by the 2014 Act, Sch 11"


@dataclass(frozen=True)
class AppealDecided:
    """An appeal under s.84 as recorded: the decision appealed, its outcome and when, and what
    it is against ("making", "extension" or "refusal", as the appeal record says)."""

    decision_on: dt.date
    outcome: str  # "pending", "allowed", "dismissed", "abandoned", "withdrawn"
    concluded_on: dt.date | None = None
    against: str = "making"

    def made_an_order(self, extension_refused_on: set[dt.date]) -> bool:
        """Whether allowing it made a closure order: an appeal allowed against a refusal to
        make one (s.84(2),(6)), not against a refusal to extend one (s.84(3))."""
        return (
            self.outcome == "allowed"
            and self.against == "refusal"
            and self.decision_on not in extension_refused_on
        )


@dataclass(frozen=True)
class LicensingDuty:
    """A court's duty to notify the licensing authority of a closure order it made."""

    section: str
    court: str
    made_on: dt.date
    authority: str

    @property
    def sentence(self) -> str:
        court = "The Crown Court" if self.section == APPEAL_SECTION else "The court"
        return f"{court} must notify {self.authority} ({self.section})."


def licensing_duties(
    *,
    authority: str,
    order_made_on: dt.date | None,
    order_court: str = "",
    appeals: Iterable[AppealDecided] = (),
    extension_refused_on: Iterable[dt.date] = (),
) -> list[LicensingDuty]:
    """The notifications owed for licensed premises, oldest first (none if unlicensed).

    ``authority`` is the licensing authority of a premises licence in force (blank: none);
    ``order_made_on`` and ``order_court`` the magistrates' order; ``appeals`` every appeal
    recorded; ``extension_refused_on`` the days a court refused to extend the order. An appeal
    allowed against a refusal to make an order means the Crown Court made it (s.84(6),(7)); an
    order recorded on or after that appeal's end is taken to be that order, not a second one.
    """
    if not authority.strip():
        return []
    extensions_refused = set(extension_refused_on)
    duties = [
        LicensingDuty(APPEAL_SECTION, "the Crown Court", a.concluded_on or a.decision_on, authority)
        for a in appeals
        if a.made_an_order(extensions_refused)
    ]
    # An order recorded after a refusal that an appeal reversed is the Crown Court's own.
    on_appeal = any(order_made_on and duty.made_on <= order_made_on for duty in duties)
    if order_made_on is not None and not on_appeal:
        duties.append(LicensingDuty(ORDER_SECTION, order_court, order_made_on, authority))
    return sorted(duties, key=lambda duty: duty.made_on)
