"""The access register: may this person be on premises under a closure notice or order?

A closure notice or order prohibits access to the premises except by the people, at the times
and in the circumstances it specifies (s.76(2),(3); s.80(7)). The officer on patrol needs the
answer in one line, with the words of the order that give it. This module models the
allow-list as ``Exemption`` entries and answers ``may_enter`` for a ``Person`` described at the
door:

* a **closure notice** may not bar people who habitually live on the premises or the owner
  (s.76(4)), so they are allowed even if the notice forgets to list them;
* a **closure order** may bar everyone, residents and the owner included (s.80(7)(a)): a full
  closure order with no exemptions keeps everybody out;
* every other person is allowed only if an exemption covers them: visitors only when a resident
  invited them (when nobody knows yet, the answer is neither: "Ask who invited them"),
  unit-limited exemptions only for the flats they name, organisation-limited exemptions only
  for that organisation's staff;
* an “other” exemption is free text the order states; ClearHold never matches it automatically
  and tells the officer to read it.

Entering or remaining without reasonable excuse is an offence (s.86(1) for a notice, s.86(2)
for an order). The decision is the register's reading of the allow-list; it does not decide
whether a person has a reasonable excuse, which remains a defence.

The vocabulary (exemptions, the person at the door, the answer) is ``exemptions``; how one
exemption bears on a person is ``matching``; this module gives the answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from clearhold.law.access.exemptions import (
    EXEMPTION_CODES,
    PERSON_KINDS,
    STANDARD_EXEMPTIONS,
    AccessDecision,
    Exemption,
    Instrument,
    Person,
    Visitor,
    exemptions_from_codes,
    notice_mandatory_exemptions,
)
from clearhold.law.access.matching import _assess, _Outcome

__all__ = [
    "EXEMPTION_CODES",
    "PERSON_KINDS",
    "STANDARD_EXEMPTIONS",
    "AccessDecision",
    "Exemption",
    "Instrument",
    "Person",
    "Visitor",
    "exemptions_from_codes",
    "may_enter",
    "notice_mandatory_exemptions",
]


# How a refusal names the people the list does not cover.
_KIND_PLURAL: Mapping[str, str] = MappingProxyType(
    {
        "resident": "residents",
        "resident_visitor": "visitors of residents",
        "family": "immediate family of residents",
        "owner": "the owner",
        "housing_staff": "housing staff",
        "council_staff": "council staff",
        "contractor": "contractors",
        "emergency_services": "the emergency services",
        "support_worker": "support workers",
        "other": "this person",
    }
)

_OFFENCE_SECTION = {"notice": "s.86(1)", "order": "s.86(2)"}
_EXEMPTION_SECTION = {"notice": "s.76(3)(a)", "order": "s.80(7)"}


def _times_note(exemption: Exemption, offence: str) -> str:
    if exemption.times is None:
        return ""
    return (
        f" Only at the times the order states: {exemption.times.strip()}; outside them, "
        f"entering without reasonable excuse is an offence ({offence})."
    )


def _others_note(allowed: tuple[Exemption, ...], instrument: Instrument) -> str:
    others = [e for e in allowed if e.code == "other"]
    if not others:
        return ""
    clauses = "; ".join(f"“{e.clause}”" for e in others)
    which = "this clause" if len(others) == 1 else "these clauses"
    return (
        f" The {instrument} also allows: {clauses}. ClearHold cannot match {which} "
        f"automatically: read {which} to decide whether they cover this person."
    )


def may_enter(
    allowed: tuple[Exemption, ...],
    person: Person,
    *,
    instrument: Instrument,
    full_closure: bool = False,
) -> AccessDecision:
    """May ``person`` be on premises closed by a notice or order with allow-list ``allowed``?

    ``full_closure`` marks an order closing the whole premises: with no exemptions it bars
    everyone, residents and the owner included (s.80(7)). A notice always lets residents and the
    owner in (s.76(4)); ``full_closure`` does not change that.
    """
    if instrument not in _OFFENCE_SECTION:
        raise ValueError(f"instrument must be 'notice' or 'order', not {instrument!r}.")
    allowed = tuple(allowed)
    offence = _OFFENCE_SECTION[instrument]
    outcomes = [o for o in (_assess(e, person) for e in allowed) if o is not None]
    matches = [o for o in outcomes if o.matched]
    if instrument == "notice" and person.kind in ("resident", "owner"):
        return _notice_cannot_bar(person, matches)
    if matches:
        return _allowed_by(matches, instrument, offence)
    closing = f" Entering without reasonable excuse is an offence ({offence})."
    if instrument == "order" and full_closure:
        return _full_order_refusal(allowed, outcomes, closing, offence)
    return _refusal(allowed, person, outcomes, instrument, closing, offence)


def _notice_cannot_bar(person: Person, matches: list[_Outcome]) -> AccessDecision:
    """A closure notice cannot bar people who habitually live on the premises or the owner
    (s.76(4)): allowed, quoting the clause that lists them when the notice does."""
    who = {"resident": "people who habitually live on the premises", "owner": "the owner"}[
        person.kind
    ]
    if matches:
        clause = matches[0].exemption.clause
        return AccessDecision(
            allowed=True,
            clause=clause,
            reason=f"Allowed under: “{clause}”. A closure notice cannot bar {who} (s.76(4)).",
            section="s.76(4)",
        )
    return AccessDecision(
        allowed=True,
        clause=None,
        reason=f"Allowed: a closure notice cannot bar {who} (s.76(4)), even where the "
        "notice does not list them.",
        section="s.76(4)",
    )


def _allowed_by(matches: list[_Outcome], instrument: Instrument, offence: str) -> AccessDecision:
    """Allowed under the exemption the notice or order states (s.76(3)(a); s.80(7)), or, for a
    visitor whose invitation nobody has confirmed, the question to ask first."""
    # The firmest match wins: no unconfirmed invitation, then no time limit, then list order.
    best = min(matches, key=lambda o: (o.unconfirmed, bool(o.note), o.exemption.times is not None))
    clause = best.exemption.clause
    if best.unconfirmed:
        return AccessDecision(
            allowed=False,
            clause=clause,
            reason=f"Ask who invited them. {best.note}{_times_note(best.exemption, offence)}",
            section=_EXEMPTION_SECTION[instrument],
            ask="Ask who invited them",
        )
    reason = f"Allowed under: “{clause}”."
    reason += _times_note(best.exemption, offence)
    if best.note:
        reason += f" {best.note}"
    return AccessDecision(
        allowed=True, clause=clause, reason=reason, section=_EXEMPTION_SECTION[instrument]
    )


def _refusal(
    allowed: tuple[Exemption, ...],
    person: Person,
    outcomes: list[_Outcome],
    instrument: Instrument,
    closing: str,
    offence: str,
) -> AccessDecision:
    """No exemption covers the person: entering without reasonable excuse is an offence
    (s.86(1) for a notice, s.86(2) for an order). The refusal names the nearest miss, or the
    people the list does not cover, and any “other” clause the officer must read."""
    if outcomes:
        refusal = f"Not allowed: {outcomes[0].note}."
    elif person.kind == "other":
        refusal = f"Not allowed: the {instrument} lists no exemption ClearHold can match to "
        refusal += "this person."
    else:
        refusal = f"Not allowed: the {instrument} lists no exemption for "
        refusal += f"{_KIND_PLURAL[person.kind]}."
    return AccessDecision(
        allowed=False,
        clause=None,
        reason=refusal + _others_note(allowed, instrument) + closing,
        section=offence,
    )


def _full_order_refusal(
    allowed: tuple[Exemption, ...], outcomes: list[_Outcome], closing: str, offence: str
) -> AccessDecision:
    """A full closure order bars all persons (s.80(7)(a)) but those it exempts: the refusal
    quotes what it does exempt, so the officer can see nobody else may enter."""
    if not allowed:
        reason = (
            "Not allowed: this closure order closes the whole premises and lists no "
            "exemptions, so it bars everyone, residents and the owner included (s.80(7)(a))."
        )
    else:
        clauses = "; ".join(f"“{e.clause}”" for e in allowed if e.code != "other")
        reason = "Not allowed: this full closure order bars all persons (s.80(7)(a))"
        reason += f" except: {clauses}." if clauses else "."
        if outcomes:
            reason += f" Here {outcomes[0].note}."
        reason += _others_note(allowed, "order")
    return AccessDecision(
        allowed=False, clause=None, reason=reason + closing, section=f"s.80(7)(a); {offence}"
    )
