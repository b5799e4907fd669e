"""What a closure notice ClearHold writes will contain (s.76(5)(a)–(g)), read from the record.

ClearHold writes the notice itself, so four of the seven contents are its own wording and
always there: the effect of the notice (b), that breaking it is an offence (c), the effect of
a closure order (f), and (d) once the court is named. The rest come from the record: the
premises (a); when and where the application will be heard, with the court's address (e); and
the local housing and legal advice organisations (g). Only one thing the record cannot know is
asked of the officer: that those advice organisations are local to the premises.

Each content is checked here, with what the notice will say and, when the record lacks what it
needs, a reason naming the paragraph and the fix (``field`` names the form field that fixes it;
empty when the fix is elsewhere in ClearHold).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from clearhold.law.clocks import to_uk
from clearhold.law.notices import CONTENT_RULES, NoticeContents


@dataclass(frozen=True)
class NoticeFacts:
    """What the record holds for the notice; ``advice_is_local`` is the officer's answer."""

    premises: str
    hearing_court: str = ""
    hearing_court_address: str = ""
    hearing_at: datetime | None = None
    housing_advice: str = ""
    legal_advice: str = ""
    advice_is_local: bool = False


@dataclass(frozen=True)
class ContentCheck:
    """One of the seven contents: whether the notice will hold it, what it will say, and why
    not (``missing``, fixed through form field ``field``, or elsewhere when that is empty)."""

    key: str
    section: str
    what: str
    present: bool
    says: str
    missing: str = ""
    field: str = ""


def _check(key: str, says: str, missing: str = "", field: str = "") -> ContentCheck:
    section, what = CONTENT_RULES[key]
    present = not missing
    return ContentCheck(key, section, what, present, says, "" if present else missing, field)


def _when(moment: datetime) -> str:
    local = to_uk(moment)
    return f"{local:%H:%M} on {local.day} {local:%B %Y}"


def _hearing(facts: NoticeFacts) -> ContentCheck:
    court = facts.hearing_court.strip()
    address = " ".join(facts.hearing_court_address.split())
    why = "the notice must say when and where the application will be heard (s.76(5)(e))."
    if not court:
        return _check("hearing_when_and_where", "", f"Enter the court: {why}", "hearing_court")
    if not address:
        return _check(
            "hearing_when_and_where",
            "",
            f"Enter the court’s address: {why}",
            "hearing_court_address",
        )
    if facts.hearing_at is None:
        return _check(
            "hearing_when_and_where", "", f"Enter when the hearing is booked: {why}", "hearing_at"
        )
    return _check("hearing_when_and_where", f"{court}, {address}, at {_when(facts.hearing_at)}")


def _advice(facts: NoticeFacts) -> ContentCheck:
    housing, legal = facts.housing_advice.strip(), facts.legal_advice.strip()
    why = "the notice must give local organisations that advise on housing and legal matters"
    if not (housing and legal):
        lacking = " and ".join(
            what for what, given in (("housing", housing), ("legal", legal)) if not given
        )
        return _check(
            "housing_and_legal_advice_contacts",
            "",
            f"No {lacking} advice contacts are recorded for this problem: {why} (s.76(5)(g)). "
            "Add them under Document details.",
        )
    says = f"Housing: {housing}. Legal: {legal}."
    if not facts.advice_is_local:
        return _check(
            "housing_and_legal_advice_contacts",
            says,
            f"Confirm the advice organisations are local to the premises: {why} (s.76(5)(g)). "
            "If they are not, change them under Document details.",
            "advice_is_local",
        )
    return _check("housing_and_legal_advice_contacts", says)


def notice_checklist(facts: NoticeFacts) -> tuple[ContentCheck, ...]:
    """The seven contents of s.76(5), in order, as the notice ClearHold writes will hold them."""
    premises = facts.premises.strip()
    court = facts.hearing_court.strip()
    return (
        _check(
            "identifies_premises",
            premises,
            ""
            if premises
            else "Describe the premises on the closure: the notice must identify "
            "them (s.76(5)(a)).",
        ),
        _check(
            "explains_effect",
            "ClearHold’s wording: no one may enter for the notice’s period except those allowed "
            "below; residents and the owner are not barred (s.76(2)–(4)).",
        ),
        _check("states_offence", "ClearHold’s wording: the offence and its penalty (s.86)."),
        _check(
            "states_order_application",
            f"An application will be made to {court} for a closure order (s.80)." if court else "",
            ""
            if court
            else "Enter the court: the notice must state that an application will "
            "be made to it for a closure order (s.76(5)(d)).",
            "hearing_court",
        ),
        _hearing(facts),
        _check("explains_order_effect", "ClearHold’s wording: what a closure order may do."),
        _advice(facts),
    )


def contents_of(checks: tuple[ContentCheck, ...]) -> NoticeContents:
    """The contents the notice will hold, as the law's ``NoticeContents``."""
    return NoticeContents(**{check.key: check.present for check in checks})
