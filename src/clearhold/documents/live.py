"""Where documents show on a problem: a section on its page and entries on its timeline."""

from __future__ import annotations

from typing import Any

from clearhold.authz import can
from clearhold.documents.permissions import DOCUMENT_GENERATE, DOCUMENTS_VIEW
from clearhold.documents.selectors import problem_documents, recent_documents
from clearhold.problems.sections import Section, add_section, add_timeline_source
from clearhold.problems.timeline import Event
from clearhold.readmodel import Reader
from clearhold.toolkit.addresses import address


def problem_section(*, problem: Any, user: Any, reader: Reader | None = None) -> dict[str, Any]:
    if not can(user, DOCUMENTS_VIEW, problem):
        return {"documents_visible": False}
    reader = reader or Reader(user, log=False)
    return {
        "documents_visible": True,
        "documents_href": address("documents:problem", args=[problem.pk]),
        "recent_documents": [reader.show(d) for d in recent_documents(problem=problem)],
        "may_generate_documents": can(user, DOCUMENT_GENERATE, problem),
    }


def timeline_source(*, problem: Any):
    for document in problem_documents(problem=problem):
        yield Event(
            date=document.created_at.date(),
            kind="document",
            title=f"Generated: {document}",
            # Who made it is a staff name (restricted); the timeline names their organisation.
            detail=f"by {document.created_by.organisation or 'ClearHold'} · "
            f"template {document.template_version} · sha256 {document.sha256[:16]}…",
            href=document.get_absolute_url(),
        )


def register() -> None:
    add_section(Section("problem", "documents/problem_section.html", problem_section))
    add_timeline_source(timeline_source)
