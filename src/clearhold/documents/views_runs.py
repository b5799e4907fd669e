"""Pages of a long document run: starting it, its progress page (polled like an import's),
and the progress as JSON. The finished file is the guarded download of the document it made."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from clearhold.authz import permission_required, problem_in_url
from clearhold.documents.kinds import DocumentKind
from clearhold.documents.models import DocumentRun
from clearhold.documents.permissions import DOCUMENTS_VIEW
from clearhold.documents.runs import document_run_start, run_get
from clearhold.documents.tasks import document_run_task
from clearhold.readmodel import Reader
from clearhold.toolkit.progress import progress_json


def run_start(
    request: HttpRequest, kind: DocumentKind, subject: Any, form, choices, given: dict
) -> HttpResponse:
    """Record the run, hand it to the worker once it is stored, and go to its progress page
    (the generate view has checked the rule and the forms)."""
    run = document_run_start(
        user=request.user,
        kind=kind,
        subject=subject,
        fmt=form.cleaned_data["format"],
        inputs=choices.cleaned_data if choices else {},
        purpose=given.get("purpose", ""),
        note=given.get("note", ""),
    )
    transaction.on_commit(lambda: document_run_task.enqueue(run.pk))
    for warning in run.reading_warnings:
        messages.warning(request, f"Plain English: {warning}")
    return redirect(run)


@require_GET
@permission_required(DOCUMENTS_VIEW, problem_in_url(DocumentRun))
def run_page(request: HttpRequest, pk: int) -> HttpResponse:
    run = run_get(user=request.user, pk=pk)
    with Reader(request.user, channel="Document run page; ") as reader:
        return render(
            request,
            "documents/run.html",
            {
                "run": reader.show(run),
                "finished": run.finished,  # a property: not answered on a partly withheld run
                "problem": reader.show(run.problem),
                "document": reader.show(run.document),
            },
        )


@require_GET
@permission_required(DOCUMENTS_VIEW, problem_in_url(DocumentRun))
def run_progress(request: HttpRequest, pk: int) -> JsonResponse:
    run = run_get(user=request.user, pk=pk)
    return progress_json(request, run)
