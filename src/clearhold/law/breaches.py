"""Offences under the closure powers and their maximum penalties (s.86), as data.

Entering or remaining on premises in breach of a closure notice (including one continued under
s.81), or obstructing a person serving notices or securing premises, is punishable on summary
conviction by up to 3 months' imprisonment, a fine, or both (s.86(1),(3),(4)). Breaching a
closure order: up to 51 weeks, read as 6 months until Criminal Justice Act 2003 s.281(5) is
commenced (s.86(2),(5),(6)); the term comes from the parameter table so commencement is a new
row. The fine has no statutory cap, and the Act draws no residential / non-residential
distinction (closure-powers.md OF-01–OF-04). Each offence needs the act to be “without
reasonable excuse”: with one there is no offence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from clearhold.law.parameters import Duration, parameter

BreachKind = Literal["notice", "order", "obstruction"]


@dataclass(frozen=True)
class Offence:
    """The offence a breach may amount to, and its maximum penalty on summary conviction."""

    code: str
    section: str
    description: str
    max_imprisonment: Duration
    fine: str
    penalty_section: str
    verified: bool


_OFFENCES: dict[str, tuple[str, str, str, str, str]] = {
    "notice": (
        "OF-01",
        "s.86(1)",
        "Entering or remaining on premises in contravention of a closure notice (including one "
        "continued under s.81), without reasonable excuse",
        "notice_breach_max_imprisonment",
        "s.86(4)",
    ),
    "obstruction": (
        "OF-02",
        "s.86(3)",
        "Obstructing a person serving a notice (s.79) or securing premises (s.85(1)), without "
        "reasonable excuse",
        "notice_breach_max_imprisonment",
        "s.86(4)",
    ),
    "order": (
        "OF-03",
        "s.86(2)",
        "Entering or remaining on premises in contravention of a closure order, without "
        "reasonable excuse",
        "order_breach_max_imprisonment",
        "s.86(5),(6)",
    ),
}


def breach_offence(kind: BreachKind, *, reasonable_excuse: bool, on: date) -> Offence | None:
    """The offence and maximum penalty for a breach of ``kind`` committed on ``on``.

    None when the person had a reasonable excuse (no offence under s.86). Raises ValueError
    for an unknown kind.
    """
    if kind not in _OFFENCES:
        raise ValueError(f"Unknown breach kind {kind!r}; use one of {sorted(_OFFENCES)}.")
    if reasonable_excuse:
        return None
    code, section, description, penalty_name, penalty_section = _OFFENCES[kind]
    row = parameter(penalty_name, on=on)
    return Offence(
        code=code,
        section=section,
        description=description,
        max_imprisonment=row.value,
        fine="a fine (no statutory maximum)",
        penalty_section=penalty_section,
        verified=row.verified,
    )


def penalty_text(offence: Offence) -> str:
    """The maximum penalty in plain words, e.g. for a breach record."""
    return (
        f"Up to {offence.max_imprisonment} in prison, {offence.fine}, or both, on summary "
        f"conviction ({offence.penalty_section})."
    )
