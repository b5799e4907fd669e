"""Who may act under the closure powers: issuer bodies (versioned by date) and ranks.

Police notices need an inspector (s.76(1)); a 48-hour notice or an extension notice needs a
superintendent (s.77(2),(4)); a council's 48-hour notice or extension is signed by the chief
executive or a designate (s.77(2)(b),(4)(b),(6)). ClearHold's user roles stand for these ranks:
``officer`` (below inspector / ordinary council officer), ``supervisor`` (inspector / council
designate) and ``senior`` (superintendent / chief executive or designate).

Issuer bodies are dated rows like the parameters, so the Crime and Policing Act 2026's
registered providers of social housing (closure-powers.md §1.10) can be switched on by
entering a commencement date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from clearhold.law.parameters import CHAPTER_3_IN_FORCE

OFFICER, SUPERVISOR, SENIOR = "officer", "supervisor", "senior"
RANK_ORDER: dict[str, int] = {OFFICER: 1, SUPERVISOR: 2, SENIOR: 3}

POLICE, COUNCIL, HOUSING = "police", "council", "housing"


@dataclass(frozen=True)
class IssuerBody:
    """A kind of body that may issue closure notices and apply for orders, and since when."""

    kind: str
    label: str
    section: str
    effective_from: date | None
    verified: bool
    source: str

    def in_force_on(self, day: date) -> bool:
        return self.effective_from is not None and day >= self.effective_from


ISSUER_BODIES: tuple[IssuerBody, ...] = (
    IssuerBody(
        POLICE,
        "police (inspector or above)",
        "s.76(1)",
        CHAPTER_3_IN_FORCE,
        True,
        "“A police officer of at least the rank of inspector … may issue a closure notice” (CN-01)",
    ),
    IssuerBody(
        COUNCIL,
        "the local authority",
        "s.76(1), s.92",
        CHAPTER_3_IN_FORCE,
        True,
        "“… or the local authority, may issue a closure notice” (CN-01; s.92(1) definition)",
    ),
    IssuerBody(
        HOUSING,
        "a registered provider of social housing (own or managed properties only)",
        "Crime and Policing Act 2026 (amending s.76)",
        None,
        False,
        "PQ-2026 and practitioner commentary; commencement not confirmed (closure-powers.md §1.10)",
    ),
)


def rank_at_least(role: str, minimum: str) -> bool:
    """Whether ``role`` carries at least the rank ``minimum`` (officer < supervisor < senior)."""
    return RANK_ORDER.get(role, 0) >= RANK_ORDER[minimum]


def issuer_body(kind: str, *, on: date) -> IssuerBody | None:
    """The issuer row for ``kind`` if that kind of body may issue on ``on``, else None."""
    for body in ISSUER_BODIES:
        if body.kind == kind and body.in_force_on(on):
            return body
    return None
