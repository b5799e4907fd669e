"""Who may sign the notices that change a closure notice once issued (ss.77(4), 78(4)–(6)).

A cancellation or variation notice (s.78) is issued by "the relevant officer or authority":

- a police notice not extended: the officer who issued it, or, if that officer is not available,
  another officer of the same or higher rank (s.78(6)(a));
- a police notice extended under s.77(4)(a): the officer who issued the extension notice, or, if
  not available, another officer of the same or higher rank (s.78(6)(b)); that officer was a
  superintendent, since only a superintendent may extend (s.77(4)(a));
- a council notice: that authority (s.78(6)(c)); if the notice was signed under the 48-hour
  authority (s.77(2)(b)) or extended (s.77(4)(b)), the cancellation or variation is signed by
  the person who signed it or the extension, or, if not available, by another person who could
  have signed it: the chief executive or their designate (s.78(4),(5)).

An extension notice (s.77(4)) is issued by a superintendent for a police notice, or by the
authority that issued a council notice, signed by its chief executive or designate.

A police officer never acts on a council's notice, nor a council on a police notice. People and
authorities are opaque ids here; ranks are ClearHold's roles (``law.authority``). Each check
returns findings, as the rest of the core does.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from clearhold.law.authority import COUNCIL, POLICE, RANK_ORDER, SENIOR, rank_at_least
from clearhold.law.findings import Finding, block

POLICE_RANKS: dict[str, str] = {
    "officer": "constable",
    "supervisor": "inspector",
    "senior": "superintendent",
}


@dataclass(frozen=True)
class Signatory:
    """A person about to sign a notice: who they are, the body and authority (organisation)
    they act for, and their ClearHold rank (``officer``, ``supervisor`` or ``senior``)."""

    person: Hashable
    body: str | None
    authority: Hashable
    role: str


@dataclass(frozen=True)
class IssuedNotice:
    """What the law needs to know about a closure notice on record: who issued it, for which
    body and authority, at what rank, whether under the 48-hour authority (s.77(2)), and who
    issued its extension notice (s.77(4)), if any."""

    body: str
    authority: Hashable
    issuer: Hashable
    issuer_role: str
    senior_authority: bool = False
    extended_by: Hashable | None = None


def _stand_in(body: str, lowest: str) -> str:
    """Who may sign instead of the person the Act names first, in words."""
    if body == POLICE:
        rank = POLICE_RANKS.get(lowest, lowest)
        return f"another officer of the same or higher rank ({rank} or above)"
    return "another person who could have signed it: the chief executive or their designate"


def _wrong_body(notice: IssuedNotice, signer: Signatory, what: str) -> Finding | None:
    """A police officer never signs for a council's notice, nor a council for the police's."""
    if notice.body == POLICE and signer.body != POLICE:
        return block(
            "CN-21",
            "s.78(6)(a),(b)",
            f"A police closure notice can be {what} only by a police officer (s.78(6)(a),(b)).",
        )
    if notice.body == COUNCIL and (signer.body != COUNCIL or signer.authority != notice.authority):
        return block(
            "CN-21",
            "s.78(6)(c)",
            f"A council’s closure notice can be {what} only by the authority that issued it "
            "(s.78(6)(c)).",
        )
    return None


def _relevant(notice: IssuedNotice) -> tuple[Hashable, str, str, str]:
    """Who must sign a s.78 notice, the lowest rank that may stand in if they are not available,
    the section saying so, and a description of that person."""
    if notice.body == POLICE:
        if notice.extended_by is not None:
            return notice.extended_by, SENIOR, "s.78(6)(b)", "the officer who extended it"
        return notice.issuer, notice.issuer_role, "s.78(6)(a)", "the officer who issued it"
    if notice.extended_by is not None:
        return notice.extended_by, SENIOR, "s.78(5)", "the person who signed the extension notice"
    if notice.senior_authority:
        return notice.issuer, SENIOR, "s.78(4)", "the person who signed it"
    return notice.issuer, "officer", "s.78(6)(c)", "the person who issued it"


def check_s78_signatory(
    notice: IssuedNotice, signer: Signatory, *, relevant_unavailable: bool, what: str
) -> list[Finding]:
    """Whether ``signer`` may sign a cancellation or variation notice (``what`` is "cancelled"
    or "varied") for ``notice`` (s.78(4)–(6)); ``relevant_unavailable`` is the signer's statement
    that the person the Act names first is not available."""
    wrong = _wrong_body(notice, signer, what)
    if wrong is not None:
        return [wrong]
    person, lowest, section, who = _relevant(notice)
    if signer.person == person:
        return []
    if notice.body == COUNCIL and section == "s.78(6)(c)":
        if signer.role in RANK_ORDER:
            return []
        return [
            block(
                "CN-21",
                section,
                f"A council’s closure notice is {what} by the authority (s.78(6)(c)): by someone "
                "who may issue closure notices for it.",
            )
        ]
    if not (lowest in RANK_ORDER and rank_at_least(signer.role, lowest)):
        return [
            block(
                "CN-21",
                section,
                f"This notice can be {what} only by {who} or, if they are not available, by "
                f"{_stand_in(notice.body, lowest)} ({section}).",
            )
        ]
    if not relevant_unavailable:
        return [
            block(
                "CN-21",
                section,
                f"This notice must be {what} by {who} unless they are not available "
                f"({section}); confirm that they are not available before signing it yourself.",
            )
        ]
    return []


def check_extension_signatory(notice: IssuedNotice, signer: Signatory) -> list[Finding]:
    """Whether ``signer`` may issue the extension notice for ``notice`` (s.77(4)): the police's
    notice by a police officer, a council's by its own authority. The rank is checked with the
    period in ``validate_notice_extension``."""
    if notice.body == POLICE and signer.body != POLICE:
        return [
            block(
                "CN-11",
                "s.77(4)(a)",
                "A police closure notice can be extended only by a police officer of at least "
                "the rank of superintendent (s.77(4)(a)).",
            )
        ]
    if notice.body == COUNCIL and (signer.body != COUNCIL or signer.authority != notice.authority):
        return [
            block(
                "CN-11",
                "s.77(4)(b)",
                "A council’s closure notice can be extended only by the authority that issued "
                "it, signed by its chief executive or a person they designate (s.77(4)(b)).",
            )
        ]
    return []
