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

_OFFENCE_SECTION = {"notice": "s.86(1)", "order": "s.86(2)"}
_EXEMPTION_SECTION = {"notice": "s.76(3)(a)", "order": "s.80(7)"}


def _norm(text: str) -> str:
    """Case- and whitespace-insensitive form: ``"  flat   12 "`` == ``"Flat 12"``."""
    return " ".join(text.split()).casefold()


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
    quoted = f"“{exemption.clause}”"
    if exemption.code == "emergency_services":
        return _Outcome(exemption, True, "")
    if exemption.units:
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
    if exemption.organisation is not None and exemption.code in _ORGANISATION_CLAUSES:
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
    if exemption.code == "residents_visitors":
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
    return _Outcome(exemption, True, "")


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

    if matches:
        # The firmest match wins: no unconfirmed invitation, then no time limit, then list order.
        best = min(
            matches, key=lambda o: (o.unconfirmed, bool(o.note), o.exemption.times is not None)
        )
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

    closing = f" Entering without reasonable excuse is an offence ({offence})."
    if instrument == "order" and full_closure:
        return _full_order_refusal(allowed, outcomes, closing, offence)
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
