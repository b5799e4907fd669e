"""Writes: generate and store a document, adapt a template, keep the document details.

Generating runs the kind's builder (which names anything missing: a blocked document is never
made), renders the template in use, converts it to PDF or DOCX and stores the bytes with their
sha256, the template version, the user and the time — file and row together or neither. Every
generated document is an export, so it is written to the audit log.

The builder reads through one :class:`~clearhold.readmodel.Reader` for the maker and the
purpose they gave: a document holds only what its maker may see (nothing personal without a
purpose), each personal value read is audited, and the document is marked as holding personal
data exactly when the reader read some.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Manager, Model, QuerySet
from django.utils import timezone

from clearhold.audit.models import AuditAction
from clearhold.audit.services import audit_record
from clearhold.authz import require
from clearhold.documents.docx_render import html_to_docx
from clearhold.documents.kinds import PERSONAL_MARKING, Content, DocumentKind
from clearhold.documents.models import (
    DocumentDetails,
    DocumentTemplate,
    Format,
    GeneratedDocument,
)
from clearhold.documents.pdf import Rendered, lay_out, page, parts_for
from clearhold.documents.permissions import (
    DOCUMENT_GENERATE,
    DOCUMENT_PERSONAL_DATA,
    TEMPLATE_CHANGE,
)
from clearhold.documents.reading import reading_check, text_check
from clearhold.documents.selectors import (
    TemplateInUse,
    template_for,
    template_versions,
)
from clearhold.documents.templating import (
    TemplateCheck,
    check_template,
    environment,
    render,
    template_line,
)
from clearhold.readmodel import Reader
from clearhold.toolkit.csvstream import marked_name, safe_row

logger = logging.getLogger(__name__)
FILE_SUFFIX = {Format.PDF: "pdf", Format.DOCX: "docx", Format.CSV: "csv", Format.ZIP: "zip"}
#: Told how far a document has got: a percentage and a sentence (a run's progress bar).
Progress = Callable[[int, str], None]


def _silent(percent: int, message: str) -> None:
    """Progress nobody is watching (a document made while its page waits)."""


class DocumentBlocked(ValidationError):
    """Generation stopped: each message names what is missing."""


def problem_of(subject: Any):
    """The problem a closure, review or problem belongs to."""
    return getattr(subject, "problem", subject)


def render_body(content: Content, template: TemplateInUse) -> str:
    """The document's HTML body: the template once, or once per item (a letter per home)."""
    return "".join(render_parts(content, template, 1))


def holds_no_record(value: Any, where: str) -> None:
    """Refuse a template context holding a stored record: a template author (another
    organisation's manager, perhaps) could walk from it to any record and past the read model.
    Builders hand templates plain values, or records read through the maker's reader."""
    if isinstance(value, Model | QuerySet | Manager):
        raise TypeError(
            f"The document's {where} holds a stored {type(value).__name__}: a template could "
            "reach any record from it. Give the template plain values or records read through "
            "the read model."
        )
    if isinstance(value, dict):
        for key, inner in value.items():
            holds_no_record(inner, f"{where}.{key}")
    elif isinstance(value, list | tuple | set | frozenset):
        for number, inner in enumerate(value):
            holds_no_record(inner, f"{where}[{number}]")


def render_parts(content: Content, template: TemplateInUse, parts: int) -> list[str]:
    """The body cut into up to ``parts`` runs of whole items, in order (one run if no repeat).

    A stored template that fails here (one saved before the sandbox check, or one that fails
    only on real values) blocks the document with a sentence saying so, instead of a fault.
    """
    holds_no_record(content.context, "context")
    for number, item in enumerate(content.repeat or ()):
        holds_no_record(item, f"{content.item_name} {number + 1}")
    try:
        return _render_parts(content, template, parts)
    except Exception as failed:  # only the template's own code runs here
        logger.warning("The template %s failed to render", template.label, exc_info=True)
        line = template_line(failed)
        raise DocumentBlocked(
            f"The template in use ({template.label}) could not be filled in"
            + (f" at line {line}" if line else "")
            + f": {failed}. Nothing was generated. An administrator or partnership manager of "
            "the organisation leading this problem can correct it on the Document templates "
            "page."
        ) from failed


def _render_parts(content: Content, template: TemplateInUse, parts: int) -> list[str]:
    if content.repeat is None:
        return [render(template.source, content.context)]
    compiled = environment().from_string(template.source)  # once, not once per letter
    items = list(content.repeat)
    size = -(-len(items) // max(parts, 1)) or 1
    return [
        "".join(
            compiled.render({**content.context, content.item_name: item})
            for item in items[start : start + size]
        )
        for start in range(0, len(items), size)
    ] or [""]


def _csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    header = list(rows[0]) if rows else ["unit"]
    writer.writerow(safe_row(header))
    writer.writerows(safe_row(row.get(name, "") for name in header) for row in rows)
    return out.getvalue().encode("utf-8-sig")


def document_bytes(
    kind: DocumentKind,
    content: Content,
    fmt: str,
    organisation: str,
    template: TemplateInUse | None,
    progress: Progress = _silent,
) -> Rendered:
    """Render ``content`` with ``template`` (none for CSV) into the bytes of ``fmt``, with any
    resource the template asked for that was refused (PDF only: a DOCX fetches nothing).
    A PDF laid out in parts tells ``progress`` as each part is done (from 20% to 90%)."""
    if fmt == Format.CSV:
        if content.rows is None:
            raise DocumentBlocked(f"A {kind.title.lower()} has no CSV form.")
        return Rendered(_csv(content.rows))
    if fmt == Format.PDF:
        parts = parts_for(len(content.repeat)) if content.repeat is not None else 1
        pages = [
            page(body, title=content.title, organisation=organisation, marking=content.marking)
            for body in render_parts(content, template, parts)
        ]

        def laid_out(done: int, total: int) -> None:
            progress(20 + 70 * done // total, f"Laid out {done} of {total} part(s) of the PDF")

        return lay_out(pages, parts_done=laid_out)
    docx = html_to_docx(
        render_body(content, template),
        fields={
            "title": content.title,
            "organisation": organisation,
            "reference": content.context.get("reference", ""),
            "generated_on": f"{timezone.localdate():%-d %B %Y}",
            "marking": content.marking,
        },
    )
    return Rendered(docx)


def document_generate(
    *,
    user,
    kind: DocumentKind,
    subject: Any,
    fmt: str,
    inputs: dict[str, Any] | None = None,
    purpose: str = "",
    note: str = "",
    progress: Progress = _silent,
) -> GeneratedDocument:
    """Generate one document of ``kind`` from ``subject`` (closure, problem or review), as
    ``user`` may see it for ``purpose`` (no purpose: nothing personal is read); ``progress``
    is told how far it has got (a background run's progress bar).

    The document's ``reading_warnings`` (not stored) list what the plain-English check found in
    a letter made from the partnership's adapted template (:func:`letter_reading_warnings`)."""
    problem = problem_of(subject)
    require(user, DOCUMENT_GENERATE, problem)
    if fmt not in kind.formats:
        raise DocumentBlocked(f"A {kind.title.lower()} cannot be made as {fmt.upper()}.")
    inputs = inputs or {}
    if inputs.get("personal_data"):
        require(user, DOCUMENT_PERSONAL_DATA, problem)
    channel = f"Generated a {kind.title.lower()} as {fmt.upper()}; "
    with Reader(user, purpose=purpose, note=note, channel=channel) as reader:
        progress(5, "Reading the record")
        content = kind.build(subject=subject, reader=reader, inputs=inputs)
        if content.blocking:
            raise DocumentBlocked(content.blocking)
        items = len(content.repeat) if content.repeat is not None else 1
        progress(15, f"Writing {items} item{'s' if items != 1 else ''}")
        return _document_store(user, kind, subject, fmt, inputs, content, reader, progress)


def _document_store(
    user,
    kind: DocumentKind,
    subject: Any,
    fmt: str,
    inputs: dict,
    content: Content,
    reader,
    progress: Progress = _silent,
) -> GeneratedDocument:
    """Render and store the built document, marked by what its reader read."""
    problem = problem_of(subject)
    personal = reader.personal_data
    if personal:
        content.marking = PERSONAL_MARKING
    classes = sorted(reader.classes_read)
    organisation = str(getattr(user, "organisation", "") or "")
    template = template_for(kind, problem) if fmt != Format.CSV else None
    rendered = document_bytes(kind, content, fmt, organisation, template, progress)
    progress(95, "Storing the file")
    warnings = letter_reading_warnings(kind, content, template)
    document = document_save(
        user=user,
        problem=problem,
        closure=subject if kind.subject == "closure" else None,
        kind_key=kind.key,
        fmt=fmt,
        title=content.title,
        rendered=rendered,
        template_label=template.label if template else f"{kind.key}@csv",
        classes=classes,
        inputs=inputs,
    )
    document.reading_warnings = warnings
    return document


def document_save(
    *,
    user,
    problem: Any,
    closure: Any,
    kind_key: str,
    fmt: str,
    title: str,
    rendered: Rendered,
    template_label: str,
    classes: list[str],
    inputs: dict,
) -> GeneratedDocument:
    """Store a rendered document and write its export (and any refused resource) to the audit
    log: file and row together or neither. ``classes`` are the personal-data classes its reader
    read (none: it holds no personal data)."""
    data = rendered.data
    sha256 = hashlib.sha256(data).hexdigest()
    personal = bool(classes)
    name = marked_name(  # the name carries the marking a CSV cannot print
        f"{kind_key}-{timezone.now():%Y%m%d-%H%M%S}-{sha256[:8]}.{FILE_SUFFIX[fmt]}", personal
    )
    with transaction.atomic():
        document = GeneratedDocument(
            problem=problem,
            closure=closure,
            kind=kind_key,
            format=fmt,
            title=title[:300],
            size=len(data),
            sha256=sha256,
            template_version=template_label[:80],
            personal_data=personal,
            data_classes=",".join(classes),
            inputs={k: v for k, v in inputs.items() if isinstance(v, str | int | bool | list)},
            created_by=user,
        )
        document.file.save(name, ContentFile(data), save=False)
        try:
            document.save()
            audit_record(
                action=AuditAction.EXPORT,
                obj=document,
                detail=f"{title} as {fmt.upper()}, sha256 {sha256}"
                + (f", with personal data ({', '.join(classes)})" if personal else ""),
                user=user,
            )
            if rendered.refused:
                _audit_refused(document, template_label, rendered.refused, user)
        except Exception:
            document.file.delete(save=False)
            raise
    return document


def letter_reading_warnings(
    kind: DocumentKind, content: Content, template: TemplateInUse | None
) -> list[str]:
    """The plain-English check (``reading``) on a letter as a resident gets it, when it is made
    from an adapted template: checked at upload with each placeholder one word, the letter
    filled in can still run long (a long premises description or advice line). The first
    letter of a run stands for the rest (they differ only in the address, which is not prose).
    A warning, never a refusal: a council may need a long legal sentence. The shipped templates
    are held to the check by the tests, so they are not measured at each run."""
    if not kind.reading_check or template is None or template.builtin:
        return []
    first = replace(content, repeat=content.repeat[:1]) if content.repeat else content
    return text_check(render_body(first, template)).warnings()


def _audit_refused(document, template_label: str, refused: tuple[str, ...], user) -> None:
    """Record that the template in use asked for files or addresses that were not read."""
    audit_record(
        action=AuditAction.REFUSED,
        obj=document,
        detail=f"The template {template_label} asked for {len(refused)} resource(s) outside "
        f"ClearHold's own files; none was read or fetched: {', '.join(refused[:10])}",
        user=user,
    )


def template_check(kind: DocumentKind, source: str) -> TemplateCheck:
    """What is wrong with ``source`` as a template for ``kind`` (and reading warnings)."""
    check = check_template(source, kind.placeholders, kind.required)
    if kind.reading_check and check.ok:
        check.warnings.extend(reading_check(source).warnings())
    return check


def template_upload(*, user, kind: DocumentKind, source: str, note: str = "") -> DocumentTemplate:
    """Store a new version of the user's organisation's template for ``kind``, refusing one
    with errors; it prints on the problems that organisation leads, and on no other."""
    organisation = user.organisation
    require(user, TEMPLATE_CHANGE, organisation)
    check = template_check(kind, source)
    if not check.ok:
        raise ValidationError(check.errors)
    with transaction.atomic():
        latest = template_versions(kind, organisation).select_for_update().first()
        return DocumentTemplate.objects.create(
            organisation=organisation,
            kind=kind.key,
            version=(latest.version + 1) if latest else 1,
            source=source,
            note=note,
            uploaded_by=user,
        )


def details_save(*, user, problem, **fields: str) -> DocumentDetails:
    require(user, DOCUMENT_GENERATE, problem)
    details, _ = DocumentDetails.objects.update_or_create(problem=problem, defaults=fields)
    return details
