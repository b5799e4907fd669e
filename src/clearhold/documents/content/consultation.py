"""The consultation log as a document: what the homes written to said, and the replies sent.

For the partnership's file and, when it matters, the court: counts by stance, every objection
with its reason and the reply, every response per home, and the homes that did not answer. A
CSV of the responses is offered too. Blocked only when no homes are recorded on the problem's
sites (there was no one to consult).

What a household said and the reply are restricted: the log is read through the maker's reader
(``selectors.consultation_log_shown``, as the log's page is), so they appear (and the document
is marked) only for a maker allowed them who gave a purpose.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.utils import timezone

from clearhold.documents import kinds
from clearhold.documents.content.common import day, text
from clearhold.documents.content.letters import unit_blocks
from clearhold.documents.kinds import Content, DocumentKind
from clearhold.documents.selectors import consultation_log_shown
from clearhold.documents.templating import ListOf, Obj
from clearhold.readmodel import Reader

RESPONSE = Obj.of("unit", "site", "received_on", "stance", "reason", "reply_sent_on", "reply")
PLACEHOLDERS = {
    "reference": None,
    "date": None,
    "problem": Obj.of("title"),
    "written_to": None,
    "answered": None,
    "not_answered": None,
    "counts": ListOf(Obj.of("stance", "count")),
    "objections": ListOf(RESPONSE),
    "responses": ListOf(RESPONSE),
    "awaiting_reply": None,
    "silent": ListOf(Obj.of("site", "count", "units")),
}


def _response(response: Any) -> dict[str, str]:
    return {
        "unit": text(response.unit.name),
        "site": text(response.unit.site.name),
        "received_on": day(response.received_on),
        "stance": response.get_stance_display(),
        "reason": text(response.reason),
        "reply_sent_on": day(response.reply_sent_on) or "Not yet",
        "reply": text(response.reply),
    }


def _silent(units: list[Any]) -> list[dict[str, Any]]:
    by_site: dict[str, list[str]] = defaultdict(list)
    for unit in units:
        by_site[unit.site.name].append(unit.name)
    return [
        {"site": site, "count": len(names), "units": ", ".join(names)}
        for site, names in by_site.items()
    ]


def _row(response: Any) -> dict[str, str]:
    return {
        "unit": text(response.unit.name),
        "site": text(response.unit.site.name),
        "received_on": response.received_on.isoformat(),
        "stance": response.get_stance_display(),
        "reason": text(response.reason),
        "reply_sent_on": response.reply_sent_on.isoformat() if response.reply_sent_on else "",
        "reply": text(response.reply),
    }


def consultation_document(*, subject: Any, reader: Reader, inputs: dict) -> Content:
    problem = reader.show(subject)
    log = consultation_log_shown(problem=subject, reader=reader)
    blocking = unit_blocks(log.units, subject)[:1] if not log.units else []
    responses = log.responses
    context = {
        "reference": f"CH-{problem.pk}",
        "date": day(timezone.localdate()),
        "problem": {"title": text(problem.title)},
        "written_to": len(log.units),
        "answered": log.answered,
        "not_answered": len(log.silent),
        "counts": [{"stance": c.label, "count": c.count} for c in log.counts],
        "objections": [_response(r) for r in log.objections],
        "responses": [_response(r) for r in responses],
        "awaiting_reply": len(log.awaiting_reply),
        "silent": _silent(log.silent),
    }
    return Content(
        title=f"Consultation log: {text(problem.title)}",
        context=context,
        blocking=blocking,
        rows=[_row(r) for r in responses],
    )


def register() -> None:
    kinds.register(
        DocumentKind(
            key="consultation_log",
            title="Consultation log",
            subject="problem",
            placeholders=PLACEHOLDERS,
            build=consultation_document,
            formats=("pdf", "docx", "csv"),
            description="What residents said after the letters: responses per home, objections "
            "with their reasons, replies sent, and homes that did not answer.",
        )
    )
