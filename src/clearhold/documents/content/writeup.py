"""The practice write-up in the College of Policing practice-bank layout.

Built only from the write-up a person has checked and saved (``PracticeWriteUp``), never from
the unsaved draft: what a partnership publishes about its work should be what it agreed to say.
With nothing saved yet the document is blocked and the message names the page to use.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from clearhold.documents import kinds
from clearhold.documents.content.common import day, person, text
from clearhold.documents.content.review import paragraphs
from clearhold.documents.content.survey import PLACEHOLDERS as SURVEY_PLACEHOLDERS
from clearhold.documents.content.survey import survey_context
from clearhold.documents.kinds import Content, DocumentKind
from clearhold.documents.templating import ListOf, Obj
from clearhold.documents.writeup import PAGE_NAME, WRITEUP_FIELDS, writeup_of
from clearhold.readmodel import Reader

KEY_DETAILS = Obj.of("organisation", "partners", "start_date", "end_date", "scale", "target_group")
PREPARED = Obj.of("by", "organisation", "on")
SECTIONS = WRITEUP_FIELDS[len(KEY_DETAILS.fields) :]  # the sections after the key details
PLACEHOLDERS = {
    "reference": None,
    "title": None,
    "key_details": KEY_DETAILS,
    **{name: ListOf(None) for name in SECTIONS},
    "prepared": PREPARED,
    **SURVEY_PLACEHOLDERS,
}
REQUIRED = {
    "key_details": "the practice bank asks for the key details of every entry.",
    "aim": "the practice bank asks what the work set out to do.",
    "overall_impact": "the practice bank asks what difference the work made.",
}


def practice_write_up(*, subject: Any, reader: Reader, inputs: dict) -> Content:
    problem = reader.show(subject)
    writeup = reader.show(writeup_of(subject))
    if writeup is None:
        return Content(
            "Practice write-up",
            {},
            [
                "Check the prefilled write-up and save it first: open Documents, then "
                f"‘{PAGE_NAME}’, read and edit each section, and save it."
            ],
        )
    partners = [line.strip() for line in text(writeup.partners).splitlines() if line.strip()]
    author = person(writeup.updated_by)
    context = {
        "reference": f"CH-{problem.pk}-PW",
        "title": text(problem.title),
        "key_details": {
            "organisation": text(writeup.organisation),
            "partners": ", ".join(partners),
            "start_date": day(writeup.start_date),
            "end_date": day(writeup.end_date) if writeup.end_date else "Ongoing",
            "scale": text(writeup.scale),
            "target_group": text(writeup.target_group),
        },
        **{name: paragraphs(text(getattr(writeup, name))) for name in SECTIONS},
        "prepared": {
            "by": author["name"] or author["role"],
            "organisation": author["organisation"],
            "on": day(timezone.localtime(writeup.updated_at).date()),
        },
        **survey_context(reader, subject),
    }
    return Content(f"Practice write-up: {text(problem.title)}", context)


def register() -> None:
    kinds.register(
        DocumentKind(
            key="practice_write_up",
            title="Practice write-up",
            subject="problem",
            placeholders=PLACEHOLDERS,
            build=practice_write_up,
            required=REQUIRED,
            description="The College of Policing practice-bank entry: key details, aim, "
            "intended outcome, description, overall impact and learning, from the write-up "
            "you checked and saved.",
        )
    )
