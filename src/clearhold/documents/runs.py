"""Long document runs in the background: start one, make it in the worker, read its progress.

Letters to 500 homes take 13–18 s to lay out; a page that hangs that long gives no sign it is
working. The generate page therefore records a :class:`~clearhold.documents.models.DocumentRun`
and hands it to django-tasks' worker (the mechanism imports use), and the maker watches its
progress page. The worker makes the document exactly as the page would have: the same service,
as the maker, with the inputs and the purpose they gave, read through their read model. A run
that cannot be made fails with the sentences saying why, and stores no file.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from clearhold.authz import require
from clearhold.documents.kinds import DocumentKind, kind_get
from clearhold.documents.models import DocumentRun, RunStatus
from clearhold.documents.permissions import (
    DOCUMENT_GENERATE,
    DOCUMENT_PERSONAL_DATA,
    DOCUMENTS_VIEW,
)
from clearhold.documents.selectors import subjects_of, template_for
from clearhold.documents.services import (
    DocumentBlocked,
    document_generate,
    letter_reading_warnings,
    problem_of,
)
from clearhold.readmodel import Reader

logger = logging.getLogger(__name__)
FAULT = (
    "The run stopped because of a fault in ClearHold, not in what you entered. Nothing was "
    "stored. Start it again; if it fails again, tell your ClearHold administrator."
)


def _plain(inputs: dict[str, Any]) -> dict[str, Any]:
    """The maker's choices as the run keeps them (JSON): text, numbers, yes/no and lists."""
    return {k: v for k, v in inputs.items() if isinstance(v, str | int | float | bool | list)}


def document_run_start(
    *,
    user,
    kind: DocumentKind,
    subject: Any,
    fmt: str,
    inputs: dict[str, Any] | None = None,
    purpose: str = "",
    note: str = "",
) -> DocumentRun:
    """Record a run of ``kind`` from ``subject`` for ``user`` to make in the background.

    What blocks it (a home with no address, a missing contact) is found now, by building its
    content once without laying it out, so the maker is told on the form, not minutes later;
    a kind made in the background must therefore build quickly (the layout is the slow part).
    The run's ``reading_warnings`` (not stored) are the plain-English check's findings on a
    letter from an adapted template, for the page to show as the run starts.
    """
    problem = problem_of(subject)
    require(user, DOCUMENT_GENERATE, problem)
    if fmt not in kind.formats:
        raise DocumentBlocked(f"A {kind.title.lower()} cannot be made as {fmt.upper()}.")
    inputs = inputs or {}
    if inputs.get("personal_data"):
        require(user, DOCUMENT_PERSONAL_DATA, problem)
    with Reader(user, purpose=purpose, note=note, log=False) as reader:  # shown to nobody
        content = kind.build(subject=subject, reader=reader, inputs=inputs)
    if content.blocking:
        raise DocumentBlocked(content.blocking)
    run = DocumentRun.objects.create(
        problem=problem,
        kind=kind.key,
        format=fmt,
        subject_pk=subject.pk,
        inputs=_plain(inputs),
        purpose=purpose,
        note=note,
        created_by=user,
        progress_message="Waiting for the background worker to start",
    )
    run.reading_warnings = letter_reading_warnings(kind, content, template_for(kind, problem))
    return run


def _report(run: DocumentRun, percent: int, said: str, **fields: Any) -> None:
    """Write how far the run has got, at once (the progress page reads it while it runs)."""
    run.progress_percent, run.progress_message = percent, said[:200]
    for name, value in fields.items():
        setattr(run, name, value)
    DocumentRun.objects.filter(pk=run.pk).update(
        progress_percent=percent, progress_message=said[:200], **fields
    )


def _subject(run: DocumentRun, kind: DocumentKind) -> Any:
    for subject in subjects_of(run.problem, kind):
        if subject.pk == run.subject_pk:
            return subject
    raise DocumentBlocked("What the document was to be made from is no longer on the problem.")


def _failed(run: DocumentRun, messages: list[str]) -> DocumentRun:
    _report(
        run,
        run.progress_percent,
        "Failed: nothing was stored",
        status=RunStatus.FAILED,
        message="\n".join(messages),
        finished_at=timezone.now(),
    )
    return run


def document_run_make(run: DocumentRun) -> DocumentRun:
    """Make the run's document as its maker (a run already started or finished is left)."""
    claimed = DocumentRun.objects.filter(pk=run.pk, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING
    )
    if not claimed:
        return run
    run.status = RunStatus.RUNNING
    try:
        kind = kind_get(run.kind)
        document = document_generate(
            user=run.created_by,
            kind=kind,
            subject=_subject(run, kind),
            fmt=run.format,
            inputs=run.inputs,
            purpose=run.purpose,
            note=run.note,
            progress=lambda percent, message: _report(run, percent, message),
        )
    except (ValidationError, LookupError) as stopped:
        messages = stopped.messages if isinstance(stopped, ValidationError) else [str(stopped)]
        return _failed(run, messages)
    except PermissionDenied as refused:
        return _failed(run, [str(refused)])
    except Exception:
        logger.exception("Document run %s failed", run.pk)
        return _failed(run, [FAULT])
    _report(
        run,
        100,
        f"Done: {document.title}",
        status=RunStatus.DONE,
        document=document,
        finished_at=timezone.now(),
    )
    return run


def run_get(*, user, pk: int) -> DocumentRun:
    """A run its maker may follow: someone else's run is not found (it is their work)."""
    run = (
        DocumentRun.objects.select_related("problem", "document")
        .filter(pk=pk, created_by=user)
        .first()
    )
    if run is None:
        raise Http404("No such document run")
    require(user, DOCUMENTS_VIEW, run.problem)
    return run


def runs_not_done(*, user, problem, days: int = 7) -> list[DocumentRun]:
    """The user's own runs on ``problem`` still running or failed in the last ``days`` days
    (the documents page lists them, so a maker who left the progress page finds it again)."""
    since = timezone.now() - dt.timedelta(days=days)
    found = list(
        DocumentRun.objects.filter(problem=problem, created_by=user, created_at__gte=since)
        .exclude(status=RunStatus.DONE)
        .order_by("-created_at")[:10]
    )
    for run in found:
        run.title = kind_get(run.kind).title if run.kind else "Document"
    return found
