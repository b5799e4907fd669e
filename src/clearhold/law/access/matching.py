"""How one exemption of an allow-list bears on the person at the door: a match, a match that
waits on an answer (a visitor nobody has said a resident invited), or a near miss with the reason
(the wrong flat, the wrong organisation), which the refusal quotes. The flat and organisation
limits are those the order states (s.76(3); s.80(7)).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from clearhold.law.access.exemptions import _ORGANISATION_CLAUSES, Exemption, Person

# The exemptions that can cover each kind of person, best first. Immediate family visiting a
# resident are also the resident's visitors, so a visitors' exemption can cover them too.
_CODES_FOR_KIND: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "resident": ("residents",),
        "resident_visitor": ("residents_visitors",),
        "family": ("immediate_family", "residents_visitors"),
        "owner": ("owner",),
        "housing_staff": ("housing_staff",),
        "council_staff": ("council_staff",),
        "contractor": ("contractors",),
        "emergency_services": ("emergency_services",),
        "support_worker": ("support_workers",),
        "other": (),
    }
)

_CODE_PLURAL: Mapping[str, str] = MappingProxyType(
    {
        "residents": "residents",
        "owner": "the owner",
        "residents_visitors": "visitors",
        "immediate_family": "immediate family",
        "housing_staff": "housing staff",
        "council_staff": "council staff",
        "contractors": "contractors",
        "emergency_services": "the emergency services",
        "support_workers": "support workers",
        "other": "other people",
    }
)


def _norm(text: str) -> str:
    """Case- and whitespace-insensitive form: ``"  flat   12 "`` == ``"Flat 12"``."""
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class _Outcome:
    """How one exemption bears on the person: a match (with caveats) or a near miss."""

    exemption: Exemption
    matched: bool
    note: str  # the caveat of a match, or why a near miss fails
    unconfirmed: bool = False  # matches only if an answer not yet given is yes


def _assess(exemption: Exemption, person: Person) -> _Outcome | None:
    """None when ``exemption`` is not about people of this kind at all."""
    if exemption.code not in _CODES_FOR_KIND[person.kind]:
        return None
    if exemption.code == "emergency_services":
        return _Outcome(exemption, True, "")
    return (
        _units_miss(exemption, person)
        or _organisation_miss(exemption, person)
        or _invitation(exemption, person)
        or _Outcome(exemption, True, "")
    )


def _units_miss(exemption: Exemption, person: Person) -> _Outcome | None:
    """The near miss of an exemption limited to named flats, when the person's flat is not
    one of them or was not given (None: no limit, or the flat is listed)."""
    if not exemption.units:
        return None
    quoted = f"“{exemption.clause}”"
    listed = ", ".join(exemption.units)
    if not person.unit or not person.unit.strip():
        return _Outcome(
            exemption,
            False,
            f"the {_CODE_PLURAL[exemption.code]} exemption {quoted} is limited to {listed}, "
            "and no flat was given: ask which flat they live in or are visiting",
        )
    if _norm(person.unit) not in {_norm(u) for u in exemption.units}:
        return _Outcome(
            exemption,
            False,
            f"the {_CODE_PLURAL[exemption.code]} exemption {quoted} is limited to {listed}, "
            f"not {person.unit.strip()}",
        )
    return None


def _organisation_miss(exemption: Exemption, person: Person) -> _Outcome | None:
    """The near miss of an exemption limited to one organisation's staff, when the person
    named another or none (None: no limit, or the organisation is the one named)."""
    if exemption.organisation is None or exemption.code not in _ORGANISATION_CLAUSES:
        return None
    quoted = f"“{exemption.clause}”"
    wanted = exemption.organisation.strip()
    if not person.organisation or not person.organisation.strip():
        return _Outcome(
            exemption,
            False,
            f"{quoted} exempts {_CODE_PLURAL[exemption.code]} of {wanted} only, and this "
            f"person named no organisation: ask for identification showing they work for "
            f"{wanted}",
        )
    if _norm(person.organisation) != _norm(wanted):
        return _Outcome(
            exemption,
            False,
            f"{quoted} exempts {_CODE_PLURAL[exemption.code]} of {wanted} only, not of "
            f"{person.organisation.strip()}",
        )
    return None


def _invitation(exemption: Exemption, person: Person) -> _Outcome | None:
    """A visitors' exemption covers a visitor only when a resident invited them: not invited is
    a near miss, not known is a match that waits on the answer (None: invited, or not a
    visitors' exemption)."""
    if exemption.code != "residents_visitors":
        return None
    quoted = f"“{exemption.clause}”"
    if person.invited is False:
        return _Outcome(
            exemption,
            False,
            f"visitors are exempt ({quoted}) only when a resident has invited them, and "
            "this person was not invited",
        )
    if person.invited is None:
        return _Outcome(
            exemption,
            True,
            f"Visitors are exempt ({quoted}) only when a resident invited them: check "
            "with that resident, then check again.",
            unconfirmed=True,
        )
    return None
