"""The allow-list's vocabulary: the exemptions a closure notice or order may state (s.76(3);
s.80(7)), the people an officer meets at the door, and the answer the register gives.

Which exemption covers which person is ``matching``; the answer itself is the package's
``may_enter``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

Instrument = Literal["notice", "order"]

EXEMPTION_CODES: tuple[str, ...] = (
    "residents",
    "owner",
    "residents_visitors",
    "immediate_family",
    "housing_staff",
    "council_staff",
    "contractors",
    "emergency_services",
    "support_workers",
    "other",
)

# Default wording a form offers as checkboxes; "other" has no default: its words are the order's.
STANDARD_EXEMPTIONS: Mapping[str, str] = MappingProxyType(
    {
        "residents": "People who habitually live on the premises",
        "owner": "The owner of the premises",
        "residents_visitors": "Visitors invited by a resident",
        "immediate_family": "Immediate family of residents",
        "housing_staff": "Staff of the housing provider",
        "council_staff": "Staff of the local authority",
        "contractors": "Maintenance contractors",
        "emergency_services": "The emergency services",
        "support_workers": "Support workers visiting residents",
    }
)

# Exemptions an organisation can limit (“Staff of Clarion Housing”), with the clause to write.
_ORGANISATION_CLAUSES: Mapping[str, str] = MappingProxyType(
    {
        "housing_staff": "Staff of {organisation}",
        "council_staff": "Staff of {organisation}",
        "contractors": "Maintenance contractors working for {organisation}",
        "support_workers": "Support workers from {organisation}",
    }
)
# These describe a relationship to the premises, never an employer.
_NO_ORGANISATION = frozenset({"residents", "owner", "residents_visitors", "immediate_family"})

PERSON_KINDS: tuple[str, ...] = (
    "resident",
    "resident_visitor",
    "family",
    "owner",
    "housing_staff",
    "council_staff",
    "contractor",
    "emergency_services",
    "support_worker",
    "other",
)


@dataclass(frozen=True)
class Exemption:
    """One entry of a notice's or order's allow-list.

    ``code`` is one of ``EXEMPTION_CODES``; ``clause`` the wording as in the order (“Residents
    of Flats 1–31 Onyx Court”); ``organisation`` limits a staff, contractor or support-worker
    exemption to one organisation (“Clarion Housing”); ``times`` is the order's own wording of
    when the exemption applies (“08:00–18:00”), shown to the officer but not parsed; ``units``
    limits the exemption to the named flats (empty: all of the premises).
    """

    code: str
    clause: str
    organisation: str | None = None
    times: str | None = None
    units: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.code not in EXEMPTION_CODES:
            raise ValueError(
                f"Unknown exemption code {self.code!r}; use one of {', '.join(EXEMPTION_CODES)}."
            )
        if not self.clause or not self.clause.strip():
            raise ValueError("An exemption needs its clause: the words of the notice or order.")
        if self.organisation is not None and self.code in _NO_ORGANISATION:
            raise ValueError(
                f"The {self.code!r} exemption cannot be limited to an organisation; "
                "only staff, contractors, support workers and emergency services can."
            )
        if self.organisation is not None and not self.organisation.strip():
            object.__setattr__(self, "organisation", None)
        if self.times is not None and not self.times.strip():
            object.__setattr__(self, "times", None)
        if isinstance(self.units, str):
            raise TypeError("units must be a tuple of flat names, not a single string.")
        object.__setattr__(self, "units", tuple(u for u in self.units if u.strip()))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (for storing the allow-list with the notice or order)."""
        return {
            "code": self.code,
            "clause": self.clause,
            "organisation": self.organisation,
            "times": self.times,
            "units": list(self.units),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Exemption:
        """The exemption stored by ``to_dict`` (missing optional keys read as unset)."""
        return cls(
            code=data["code"],
            clause=data["clause"],
            organisation=data.get("organisation") or None,
            times=data.get("times") or None,
            units=tuple(data.get("units") or ()),
        )


@dataclass(frozen=True)
class Person:
    """The person at the door, as the officer describes them.

    ``kind`` is one of ``PERSON_KINDS``; ``unit`` the flat they live in (a resident) or are
    visiting (“Flat 12”); ``organisation`` who employs them (staff, contractors, support
    workers); ``invited`` for a visitor, whether a resident invited them (None: not known).
    """

    kind: str
    unit: str | None = None
    organisation: str | None = None
    invited: bool | None = None

    def __post_init__(self) -> None:
        if self.kind not in PERSON_KINDS:
            raise ValueError(
                f"Unknown kind of person {self.kind!r}; use one of {', '.join(PERSON_KINDS)}."
            )


Visitor = Person  # The name the access register's forms use for the person at the door.


@dataclass(frozen=True)
class AccessDecision:
    """The answer for the officer: allowed or not, the clause quoted, why, and the section.

    ``ask`` is the question to put first when the answer turns on something not yet known (a
    visitor whose invitation nobody has confirmed): then ``allowed`` is False, since nothing
    known lets them in, yet nothing known bars them either, and ``clause`` is the one the
    answer turns on.
    """

    allowed: bool
    clause: str | None
    reason: str
    section: str
    ask: str | None = None

    @property
    def verdict(self) -> Literal["allowed", "ask", "refused"]:
        """Green, amber or red on the officer's screen."""
        if self.allowed:
            return "allowed"
        return "ask" if self.ask else "refused"


def exemptions_from_codes(
    codes: Iterable[str], *, organisation_by_code: Mapping[str, str] | None = None
) -> tuple[Exemption, ...]:
    """Exemptions with the standard wording for ``codes`` (in order, duplicates dropped).

    ``organisation_by_code`` limits a staff, contractor or support-worker exemption to one
    organisation and words its clause accordingly (``{"housing_staff": "Clarion Housing"}`` →
    “Staff of Clarion Housing”). An “other” exemption has no standard wording: build it with
    ``Exemption("other", clause=...)``.
    """
    organisations = dict(organisation_by_code or {})
    codes = list(dict.fromkeys(codes))
    stray = sorted(set(organisations) - set(codes))
    if stray:
        raise ValueError(f"Organisations given for codes not asked for: {', '.join(stray)}.")
    built: list[Exemption] = []
    for code in codes:
        if code == "other":
            raise ValueError(
                "An “other” exemption has no standard wording: build it with "
                "Exemption('other', clause=...) using the words of the order."
            )
        if code not in STANDARD_EXEMPTIONS:
            raise ValueError(
                f"Unknown exemption code {code!r}; use one of {', '.join(STANDARD_EXEMPTIONS)}."
            )
        organisation = (organisations.get(code) or "").strip() or None
        if organisation is None:
            built.append(Exemption(code=code, clause=STANDARD_EXEMPTIONS[code]))
            continue
        if code not in _ORGANISATION_CLAUSES:
            raise ValueError(f"The {code!r} exemption cannot be limited to an organisation.")
        clause = _ORGANISATION_CLAUSES[code].format(organisation=organisation)
        built.append(Exemption(code=code, clause=clause, organisation=organisation))
    return tuple(built)


def notice_mandatory_exemptions() -> tuple[Exemption, ...]:
    """The exemptions every closure notice must list: residents and the owner (s.76(4))."""
    return exemptions_from_codes(("residents", "owner"))
