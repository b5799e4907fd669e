"""The access register: which allow-list applies now, and the decision for one person.

Reads only. The instrument is the one in force at the moment of the check (the order, else the
notice); the law core decides against its allow-list and quotes the clause.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from clearhold.law.access import AccessDecision, Exemption, Visitor, may_enter
from clearhold.powers.models import Closure
from clearhold.powers.state import in_force_at, notice_of, order_of


@dataclass(frozen=True)
class Instrument:
    """The notice or order in force, as the access register needs it."""

    kind: str
    exemptions: tuple[Exemption, ...]
    full_closure: bool


def exemptions_of(stored: list[dict]) -> tuple[Exemption, ...]:
    return tuple(Exemption.from_dict(item) for item in stored)


def instrument_in_force(closure: Closure, now: dt.datetime) -> Instrument | None:
    kind = in_force_at(closure, now)
    if kind == "order":
        order = order_of(closure)
        return Instrument("order", exemptions_of(order.exemptions), not order.partial)
    if kind == "notice":
        return Instrument("notice", exemptions_of(notice_of(closure).exemptions), False)
    return None


def check_access(
    closure: Closure,
    now: dt.datetime,
    *,
    kind: str,
    unit: str = "",
    organisation: str = "",
    invited: bool | None = None,
) -> tuple[Instrument | None, AccessDecision | None]:
    """The instrument in force and the decision for this person, or (None, None)."""
    instrument = instrument_in_force(closure, now)
    if instrument is None:
        return None, None
    person: Any = Visitor(
        kind=kind, unit=unit or None, organisation=organisation or None, invited=invited
    )
    decision = may_enter(
        instrument.exemptions,
        person,
        instrument=instrument.kind,
        full_closure=instrument.full_closure,
    )
    return instrument, decision
