"""The record of informing and consulting before a closure notice (s.76(6),(7)), as a document.

Before a closure notice may be issued, reasonable efforts must have been made to inform the
people who live on the premises (s.76(6)(a)) and anyone with control of, responsibility for or
an interest in them (s.76(6)(b)), and any body or person the issuer thinks appropriate must
have been consulted (s.76(7)). A court and a defence solicitor ask for the proof: who was told
and who was consulted, when, how, and what they said. This paper gives it, duty by duty, from
the closure's engagement log; an entry made after the notice was issued is shown and marked,
because it cannot satisfy a duty that falls before issue. Consultation before an extension of
the order (s.82(4)) is listed apart.

The residents' answers to the letters are another paper (the consultation log): this one is
the issuer's duties. Every entry is read through the maker's reader. Blocked only when nothing
is recorded on the closure; a duty with no entry is a warning and is printed as "Nothing
recorded", so the gap is on the page and not hidden.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from clearhold.documents import kinds
from clearhold.documents.content.common import PREMISES, day, person, premises, text, when
from clearhold.documents.kinds import Content, DocumentKind
from clearhold.documents.templating import ListOf, Obj
from clearhold.powers.models import EngagementKind
from clearhold.powers.state import notice_of
from clearhold.readmodel import Reader

ENTRY = Obj.of("at", "who", "how", "recorded_by", "late")
DUTY = Obj.of("section", "heading", "duty", "entries")
PLACEHOLDERS = {
    "reference": None,
    "date": None,
    "premises": PREMISES,
    "issued_at": None,
    "duties": ListOf(DUTY),
    "extension": DUTY,
}

#: The duties before issue, in the Act's order: (kind, section, heading, what the law asks).
BEFORE_ISSUE = (
    (
        EngagementKind.INFORM_OCCUPIERS,
        "s.76(6)(a)",
        "People who live on the premises",
        "Reasonable efforts to inform the people who live on the premises (whether or not "
        "they live there habitually) that the notice is going to be issued.",
    ),
    (
        EngagementKind.INFORM_INTERESTED,
        "s.76(6)(b)",
        "People with control of, responsibility for or an interest in the premises",
        "Reasonable efforts to inform any person who has control of or responsibility for the "
        "premises or any other interest in them that the notice is going to be issued.",
    ),
    (
        EngagementKind.CONSULT,
        "s.76(7)",
        "Bodies and people consulted",
        "Consultation with any body or individual the issuer thinks appropriate (the "
        "statutory guidance suggests victims, residents affected, the landlord and agencies).",
    ),
)
EXTENSION = (
    EngagementKind.CONSULT_EXTENSION,
    "s.82(4)",
    "Consultation before applying to extend the order",
    "The appropriate consultee: the local authority for a police application, the chief "
    "officer of police for a council's.",
)


def _entry(engagement: Any, issued: Any) -> dict[str, str]:
    late = issued is not None and engagement.at > issued
    return {
        "at": when(engagement.at),
        "who": text(engagement.who),
        "how": text(engagement.how) or "Not recorded",
        "recorded_by": person(engagement.recorded_by)["name"],
        "late": "After the notice was issued: this does not meet the duty." if late else "",
    }


def _duty(spec: tuple, found: list[Any], issued: Any) -> dict[str, Any]:
    kind, section, heading, duty = spec
    return {
        "section": section,
        "heading": heading,
        "duty": duty,
        "entries": [_entry(e, issued) for e in found if e.kind == kind],
    }


def consultation_record(*, subject: Any, reader: Reader, inputs: dict) -> Content:
    closure = reader.show(subject)
    found = list(reader.show(subject.engagements.select_related("recorded_by")))
    recorded = notice_of(subject)
    issued = reader.show(recorded).issued_at if recorded is not None else None
    duties = [_duty(spec, found, issued) for spec in BEFORE_ISSUE]
    context = {
        "reference": f"CH-{closure.problem_id}-{closure.pk}",
        "date": day(timezone.localdate()),
        "premises": premises(closure),
        "issued_at": when(issued),
        "duties": duties,
        "extension": _duty(EXTENSION, found, None),
    }
    blocking = (
        []
        if found
        else [
            "No informing or consultation is recorded on this closure (s.76(6),(7)): record "
            "it on the closure page first."
        ]
    )
    warnings = [
        f"{d['section']}: nothing is recorded for “{d['heading'].lower()}”."
        for d in duties
        if not d["entries"]
    ]
    title = f"Informing and consultation: {text(closure.premises_description)}"
    return Content(title=title, context=context, blocking=blocking, warnings=warnings)


def register() -> None:
    kinds.register(
        DocumentKind(
            key="consultation_record",
            title="Informing and consultation record",
            subject="closure",
            placeholders=PLACEHOLDERS,
            build=consultation_record,
            description="Who was informed and consulted before the closure notice (s.76(6),"
            "(7)), when, how and what they said; and before any extension (s.82(4)).",
        )
    )
