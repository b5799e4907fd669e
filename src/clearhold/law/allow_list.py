"""Whether a closure order's allow-list reads one way at the door (s.80(7)).

An order may bar all persons, or all but those specified or of a specified description, in all
circumstances or all but those specified (s.80(7)(a),(c)). What it may not do is leave the
officer on patrol two answers: an order that lets in "visitors invited by a resident" while
neither exempting nor barring the residents told a resident of Flat 3 "Not allowed" and their
visitors "Allowed". So, for a closure order:

* the people who live there are either exempted or expressly barred, never both and, on
  someone's home under a partial order, never neither (a full order bars all persons it does
  not exempt, s.80(7)(a), which is express);
* visitors, immediate family and support workers are exempt only as visitors *of* the people
  who live there, so only where those people may be there themselves, and only for the flats
  whose residents may be there.

Anything else is refused with the reason, so nothing contradictory is stored.
"""

from __future__ import annotations

from collections.abc import Sequence

from clearhold.law.access import Exemption
from clearhold.law.findings import Finding, block

# Exemptions that describe people by their visit to the people who live there.
VISITING_CODES: tuple[str, ...] = ("residents_visitors", "immediate_family", "support_workers")
SECTION = "s.80(7)(a),(c)"


def _flats(units: Sequence[str]) -> frozenset[str]:
    return frozenset(" ".join(u.split()).casefold() for u in units)


def _resident_flats(residents: Sequence[Exemption]) -> frozenset[str] | None:
    """The flats whose residents are exempt; None for every flat of the premises."""
    if any(not e.units for e in residents):
        return None
    return frozenset().union(*(_flats(e.units) for e in residents))


def _residents_both_ways(residents: Sequence[Exemption], bars_residents: bool) -> list[Finding]:
    if residents and bars_residents:
        return [
            block(
                "CO-06",
                SECTION,
                "The order both exempts the people who live there "
                f"(“{residents[0].clause}”) and says it bars them: it must say one or the "
                f"other ({SECTION}).",
            )
        ]
    return []


def _visitors_without_hosts(
    exemption: Exemption, residents: Sequence[Exemption], bars_residents: bool
) -> Finding | None:
    """Why a visiting exemption has no one to visit, or None when its hosts may be there."""
    quoted = f"“{exemption.clause}”"
    if bars_residents or not residents:
        return block(
            "CO-06",
            SECTION,
            f"{quoted} exempts people visiting those who live there, but the order does not let "
            "the people who live there in: a visitor is exempt only as the visitor of someone "
            f"who may be there ({SECTION}). Exempt the residents, or remove {quoted}.",
        )
    hosts = _resident_flats(residents)
    if hosts is None:
        return None
    listed = ", ".join(sorted({u for e in residents for u in e.units}))
    if not exemption.units:
        return block(
            "CO-06",
            SECTION,
            f"{quoted} covers visitors to any flat, but only the residents of {listed} may be "
            f"there: a visitor is exempt only as the visitor of someone who may be there "
            f"({SECTION}). Limit {quoted} to the same flats.",
        )
    stray = [u for u in exemption.units if " ".join(u.split()).casefold() not in hosts]
    if stray:
        return block(
            "CO-06",
            SECTION,
            f"{quoted} covers visitors to {', '.join(stray)}, whose residents the order does "
            f"not exempt (only those of {listed}): a visitor is exempt only as the visitor of "
            f"someone who may be there ({SECTION}).",
        )
    return None


def check_allow_list(
    exemptions: Sequence[Exemption], *, partial: bool, dwelling: bool, bars_residents: bool
) -> list[Finding]:
    """Blocking findings for an order's allow-list that would give the officer two answers.

    ``partial`` is a partial order (a full one bars all persons it does not exempt);
    ``dwelling`` that people live on the premises; ``bars_residents`` that the order says
    expressly that it bars them.
    """
    residents = [e for e in exemptions if e.code == "residents"]
    findings = _residents_both_ways(residents, bars_residents)
    if partial and dwelling and not residents and not bars_residents:
        findings.append(
            block(
                "CO-06",
                SECTION,
                "A partial order on someone's home must say whether the people who live there "
                "may still enter: exempt them (“People who habitually live on the premises”), "
                f"or say that the order bars them ({SECTION}).",
            )
        )
    for exemption in exemptions:
        if exemption.code in VISITING_CODES:
            found = _visitors_without_hosts(exemption, residents, bars_residents)
            if found is not None:
                findings.append(found)
    return findings
