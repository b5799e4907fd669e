"""An operation's closure notices in bulk: one PDF in street order, with a contents page, and a
ZIP of each premises' notice on its own.

Each notice is the single notice exactly: built by the closure notice's own builder through the
maker's one reader (so it holds only what the maker may see, and keeps its own reference and
its s.76(5) checks), filled in with the template in use for the problem, and laid out on its
own. A premises whose notice cannot be made (none issued yet, or a content the Act requires is
missing) is listed on the contents page by name with the reason, and the others are still made.
Both files are stored and audited as any document is, marked when the reader read personal data.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Any

import pikepdf
from django.db import transaction
from django.utils.text import slugify

from clearhold.authz import require
from clearhold.documents.kinds import PERSONAL_MARKING, TEMPLATES, kind_get
from clearhold.documents.models import Format, GeneratedDocument
from clearhold.documents.pdf import Rendered, lay_out_each, page
from clearhold.documents.pdf_merge import merge_tagged
from clearhold.documents.permissions import DOCUMENT_GENERATE
from clearhold.documents.selectors import template_for
from clearhold.documents.services import DocumentBlocked, document_save, render_body
from clearhold.documents.templating import render
from clearhold.powers.operation_premises import premises_name
from clearhold.powers.selectors import operation_closures
from clearhold.readmodel import Reader

KIND = "operation_notices"
CONTENTS = TEMPLATES / "operation_notices.html"


@dataclass(frozen=True)
class NoticeMade:
    """One premises' notice in the bundle: where it sits on the route and in the PDF."""

    position: int
    premises: str
    reference: str
    first_page: int
    pages: int

    @property
    def file_name(self) -> str:
        return f"{self.position:02d}-{slugify(self.premises)}-closure-notice.pdf"


@dataclass(frozen=True)
class NoticeMissing:
    """A premises whose notice could not be made, and why (each reason a sentence)."""

    position: int
    premises: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class OperationNotices:
    """What a bulk run made: the joined PDF, the ZIP, and each premises made or missing."""

    pdf: GeneratedDocument
    archive: GeneratedDocument
    made: list[NoticeMade]
    missing: list[NoticeMissing]


def _page_count(data: bytes) -> int:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def _contents(operation: Any, made: list[NoticeMade], missing: list, marking: str) -> str:
    context = {
        "operation": str(operation.name),
        "notices": [
            {
                "position": n.position,
                "premises": n.premises,
                "reference": n.reference,
                "pages": str(n.first_page)
                if n.pages == 1
                else f"{n.first_page} to {n.first_page + n.pages - 1}",
            }
            for n in made
        ],
        "missing": [
            {"position": m.position, "premises": m.premises, "reasons": list(m.reasons)}
            for m in missing
        ],
    }
    body = render(CONTENTS.read_text(encoding="utf-8"), context)
    return page(body, title=f"Closure notices: {operation.name}", organisation="", marking=marking)


def _laid_out_contents(
    operation: Any, made: list[NoticeMade], missing: list, marking: str
) -> tuple[Rendered, list[NoticeMade]]:
    """The contents pages, the notices' page numbers counted after them (laid out again when
    the first guess of how many there are, about 40 premises a page, was wrong)."""
    leading = 1 + (len(made) + len(missing)) // 40
    for _ in range(3):  # more numbers never add a page: the second count stands
        numbered = [
            NoticeMade(n.position, n.premises, n.reference, n.first_page + leading, n.pages)
            for n in made
        ]
        (laid_out,) = lay_out_each([_contents(operation, numbered, missing, marking)])
        pages = _page_count(laid_out.data)
        if pages == leading:
            break
        leading = pages
    return laid_out, numbered


def _zip(made: list[NoticeMade], parts: list[Rendered]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for notice, part in zip(made, parts, strict=True):
            archive.writestr(notice.file_name, part.data)
    return out.getvalue()


def operation_notices_make(
    *, user: Any, operation: Any, purpose: str = "", note: str = ""
) -> OperationNotices:
    """Make every premises' closure notice of ``operation`` as ``user`` may see it: one PDF in
    street order after a contents page, and a ZIP of the separate notices. Refused (nothing
    stored) only when no premises has a notice that can be made."""
    problem = operation.problem
    require(user, DOCUMENT_GENERATE, problem)
    kind = kind_get("closure_notice")
    template = template_for(kind, problem)
    channel = f"Generated the closure notices of {operation.name} as PDF and ZIP; "
    with Reader(user, purpose=purpose, note=note, channel=channel) as reader:
        built, missing = [], []
        for position, closure in enumerate(operation_closures(operation), start=1):
            position = closure.route_position or position
            content = kind.build(subject=closure, reader=reader, inputs={})
            name = premises_name(reader.show(closure))
            if content.blocking:
                missing.append(NoticeMissing(position, name, tuple(content.blocking)))
            else:
                built.append((position, name, content))
        if not built:
            raise DocumentBlocked(
                [f"{m.premises}: {' '.join(m.reasons)}" for m in missing]
                or [f"{operation.name} has no premises."]
            )
        classes = sorted(reader.classes_read)
    marking = PERSONAL_MARKING if classes else "OFFICIAL"
    organisation = str(getattr(user, "organisation", "") or "")
    parts = lay_out_each(
        [
            page(
                render_body(c, template), title=c.title, organisation=organisation, marking=marking
            )
            for _, _, c in built
        ]
    )
    made, first = [], 1
    for (position, name, content), part in zip(built, parts, strict=True):
        pages = _page_count(part.data)
        made.append(NoticeMade(position, name, str(content.context["reference"]), first, pages))
        first += pages
    contents, made = _laid_out_contents(operation, made, missing, marking)
    refused = tuple(url for part in parts for url in part.refused)
    joined = Rendered(merge_tagged([contents.data, *(p.data for p in parts)]), refused)
    saved = {
        "user": user,
        "problem": problem,
        "closure": None,
        "kind_key": KIND,
        "template_label": template.label,
        "classes": classes,
        "inputs": {"operation": operation.pk, "missing": [m.premises for m in missing]},
    }
    title = f"Closure notices: {operation.name}, {len(made)} premises in street order"
    archived = Rendered(_zip(made, parts), refused)
    with transaction.atomic():  # the joined PDF and the ZIP together, or neither
        pdf = document_save(**saved, fmt=Format.PDF, title=title, rendered=joined)
        try:
            archive = document_save(**saved, fmt=Format.ZIP, title=title, rendered=archived)
        except Exception:
            pdf.file.delete(save=False)
            raise
    return OperationNotices(pdf, archive, made, missing)
