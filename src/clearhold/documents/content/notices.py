"""The closure notice (s.76) and the notices that follow it: extension (s.77(4)), cancellation
(s.78(2)) and variation (s.78(3)).

The seven contents of s.76(5) are placeholders an adapted template may not leave out, and
facts whose absence blocks the notice: no premises, no booked hearing, no housing and legal
advice contacts — each named with its paragraph. Residents and the owner are always listed as
exempt (s.76(4)); the signatory's rank is checked against the notice's length (s.77(1),(2)).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from clearhold.documents import kinds
from clearhold.documents.content import notice_wording as wording
from clearhold.documents.content.common import (
    ADVICE,
    EXEMPTIONS,
    PERSON,
    PREMISES,
    advice,
    exemptions,
    person,
    premises,
    text,
    when,
)
from clearhold.documents.content.notice_wording import SIGNATURE
from clearhold.documents.kinds import Content, DocumentKind
from clearhold.documents.templating import Obj
from clearhold.law import breach_offence, notice_ends_at, parameter, penalty_text
from clearhold.law.notices import CONTENT_RULES
from clearhold.powers.state import first_service, notice_of, notice_period_end
from clearhold.readmodel import Reader

NOTICE = Obj.of("hours", "issued_at", "served_at", "ends", "authority", "extension_hours")
HEARING = Obj.of("court", "address", "when")
BASE = {
    "reference": None,
    "premises": PREMISES,
    "issuer": PERSON,
    "notice": NOTICE,
    "exemptions": EXEMPTIONS,
    "offence": None,
    "hearing": HEARING,
    "advice": ADVICE,
}
CLOSURE_NOTICE = {
    **BASE,
    "effect": None,
    "application": None,
    "order_effect": None,
    "satisfaction": None,
    "hearing_rights": None,
    "order_offence": None,
    "tenancy": None,
    "signature": SIGNATURE,
}

_PARAGRAPH_OF = {
    "premises": "identifies_premises",
    "effect": "explains_effect",
    "offence": "states_offence",
    "application": "states_order_application",
    "hearing": "hearing_when_and_where",
    "order_effect": "explains_order_effect",
    "advice": "housing_and_legal_advice_contacts",
}
REQUIRED = {
    placeholder: f"a closure notice must {CONTENT_RULES[key][1]} ({CONTENT_RULES[key][0]})."
    for placeholder, key in _PARAGRAPH_OF.items()
}


def _missing(key: str, fix: str) -> str:
    section, what = CONTENT_RULES[key]
    return f"{section}: the notice must {what}. {fix}"


def _base(subject: Any, reader: Reader) -> tuple[Any, dict[str, Any], list[str]]:
    """The notice as the reader may see it, what every notice says, and what blocks it."""
    recorded = notice_of(subject)
    if recorded is None:
        return None, {}, ["No closure notice has been issued on this closure yet."]
    served = first_service(recorded)
    ends = notice_period_end(recorded, served)
    closure, notice = reader.show(subject), reader.show(recorded)
    issued_on = notice.issued_at.date()
    offence = breach_offence("notice", reasonable_excuse=False, on=issued_on)
    context = {
        "reference": f"CH-{closure.problem_id}-{closure.pk}",
        "premises": premises(closure),
        "issuer": person(notice.issued_by, closure.body, notice.issuer_role),
        "notice": {
            "hours": notice.hours,
            "issued_at": when(notice.issued_at),
            "served_at": when(served),
            "ends": when(ends) if ends else f"{notice.hours} hours after it is served",
            "authority": (
                "issued under the authority of s.77(2) for up to 48 hours"
                if notice.senior_authority
                else "issued under s.76 for up to 24 hours (s.77(1))"
            ),
            "extension_hours": notice.extension_hours,
        },
        "exemptions": exemptions(notice.exemptions, plain=True),
        "offence": (
            f"Anyone who, without reasonable excuse, enters or remains on the premises in "
            f"breach of this notice commits an offence ({offence.section}). "
            f"{penalty_text(offence)}"
        ),
        "hearing": {
            "court": text(notice.hearing_court),
            "address": text(notice.hearing_court_address).strip(),
            "when": when(notice.hearing_at),
        },
        "advice": advice(subject.problem, reader),
    }
    return notice, context, []


def _own_end(subject: Any, notice: Any) -> str:
    """When the notice ends by its own terms (s.77(1),(2)), counted from first service: an
    extension (s.77(4)) is its own paper, and the notice as issued never claims it."""
    served = first_service(notice_of(subject))
    if served is None:
        return f"{notice.hours} hours after it is served"
    return when(
        notice_ends_at(served, hours=notice.hours, senior_authority=notice.senior_authority)
    )


def _signatory_blocks(closure: Any, notice: Any) -> list[str]:
    if notice.hours > parameter("notice_max", on=notice.issued_at.date()).value.amount and (
        notice.issuer_role != "senior" or not notice.senior_authority
    ):
        return [
            "s.77(2): a notice of more than 24 hours must be issued by a superintendent (or "
            "signed by the council's chief executive or designate); the recorded issuer was "
            f"{person(notice.issued_by, closure.body, notice.issuer_role)['role'].lower()}."
        ]
    return []


def closure_notice(*, subject: Any, reader: Reader, inputs: dict) -> Content:
    closure = reader.show(subject)
    notice, context, blocking = _base(subject, reader)
    if notice is None:
        return Content("Closure notice", {}, blocking)
    issued_on = notice.issued_at.date()
    context["notice"]["ends"] = _own_end(subject, notice)
    order_max = parameter("order_max", on=notice.issued_at.date())
    total_max = parameter("order_total_max", on=notice.issued_at.date())
    context |= {
        "effect": (
            f"This notice prohibits access to the premises for {notice.hours} hours from when "
            f"it is served (s.76(2)) by any person except those listed below (s.76(3)(a)). "
            f"People who live on the premises and the owner are not prohibited (s.76(4))."
        ),
        "application": (
            f"An application will be made to {notice.hearing_court} under section 80 of the "
            f"Anti-social Behaviour, Crime and Policing Act 2014 for a closure order."
        ),
        "order_effect": (
            f"A closure order may prohibit access to the premises by any person, or by anyone "
            f"except those the order names, including the people who live there, for up to "
            f"{order_max.value} ({order_max.section}). It may be extended, but never to more "
            f"than {total_max.value} in all ({total_max.section})."
        ),
        "satisfaction": wording.satisfaction(closure.body, context["issuer"]["organisation"]),
        "hearing_rights": wording.hearing_rights(issued_on),
        "order_offence": wording.order_breach(issued_on),
        "tenancy": wording.tenancy(issued_on),
        "signature": wording.signature(closure.body, notice),
    }
    codes = {e.get("code") for e in notice.exemptions}
    if not text(closure.premises_description).strip():
        blocking.append(_missing("identifies_premises", "Describe the premises on the closure."))
    if not {"residents", "owner"} <= codes:
        blocking.append(
            "s.76(4): a closure notice may not prohibit access by people who habitually live on "
            "the premises or by the owner; its allow-list must name both."
        )
    if not text(notice.hearing_court).strip():
        blocking.append(
            _missing("states_order_application", "Record the court the application goes to.")
        )
    if notice.hearing_at is None or not text(notice.hearing_court).strip():
        blocking.append(_missing("hearing_when_and_where", "Record the booked hearing."))
    if not (context["advice"]["housing"] and context["advice"]["legal"]):
        blocking.append(
            _missing(
                "housing_and_legal_advice_contacts",
                "Add the local housing and legal advice contacts under Document details.",
            )
        )
    blocking += _signatory_blocks(closure, notice)
    warnings = []
    if context["hearing"]["court"] and not context["hearing"]["address"]:
        warnings.append(
            "s.76(5)(e): the notice says where the application will be heard, but no address "
            "is recorded for the court; it prints the court's name alone."
        )
    title = f"Closure notice: {text(closure.premises_description)}"
    return Content(title, context, blocking, warnings=warnings)


@dataclass(frozen=True)
class FollowUp:
    """A notice that follows the closure notice: what it is, the step it records (``facts`` of
    the notice are its placeholder ``key.split('_')[0]``) and what blocks it."""

    key: str
    title: str
    description: str
    recorded: Callable[[Any], bool]
    not_recorded: str
    facts: Callable[[Any, str], dict[str, Any]]
    fields: Obj

    @property
    def name(self) -> str:
        return self.key.split("_")[0]

    def build(self, *, subject: Any, reader: Reader, inputs: dict) -> Content:
        notice, context, blocking = _base(subject, reader)
        if notice is None:
            return Content(self.title, {}, blocking)
        if not self.recorded(notice):
            blocking.append(self.not_recorded)
        closure = reader.show(subject)
        context[self.name] = self.facts(notice, closure.body)
        return Content(f"{self.title}: {text(closure.premises_description)}", context, blocking)


FOLLOW_UPS = (
    FollowUp(
        "extension_notice",
        "Extension notice",
        "Extends a 24-hour notice (s.77(4)).",
        lambda n: bool(n.extension_hours),
        "No extension of this notice is recorded (s.77(4)); record it first.",
        lambda n, body: {
            "hours": n.extension_hours,
            "issued_at": when(n.extension_issued_at),
            "issued_by": person(n.extension_issued_by, body, "senior"),
        },
        Obj.of("hours", "issued_at", "issued_by"),
    ),
    FollowUp(
        "cancellation_notice",
        "Cancellation notice",
        "Cancels the closure notice (s.78(2)).",
        lambda n: n.cancelled_at is not None,
        "This notice has not been cancelled (s.78(2)); record the cancellation.",
        lambda n, body: {
            "at": when(n.cancelled_at),
            "by": person(n.cancelled_by, body),
            "reason": n.cancellation_reason,
        },
        Obj.of("at", "by", "reason"),
    ),
    FollowUp(
        "variation_notice",
        "Variation notice",
        "Takes part of the premises out (s.78(3)).",
        lambda n: n.varied_at is not None,
        "This notice has not been varied (s.78(3)); record the variation.",
        lambda n, body: {
            "at": when(n.varied_at),
            "by": person(n.varied_by, body),
            "part_removed": n.part_removed,
        },
        Obj.of("at", "by", "part_removed"),
    ),
)


def register() -> None:
    kinds.register(
        DocumentKind(
            key="closure_notice",
            title="Closure notice",
            subject="closure",
            placeholders=CLOSURE_NOTICE,
            build=closure_notice,
            required=REQUIRED,
            description="The notice to serve under s.76, with the seven contents of s.76(5).",
        )
    )
    for follow_up in FOLLOW_UPS:
        kinds.register(
            DocumentKind(
                key=follow_up.key,
                title=follow_up.title,
                subject="closure",
                placeholders={**BASE, follow_up.name: follow_up.fields},
                build=follow_up.build,
                description=follow_up.description,
            )
        )
