"""Background work for long document runs, run by django-tasks' database backend (the worker
imports use: no extra server)."""

from __future__ import annotations

from django_tasks import task

from clearhold.documents.models import DocumentRun
from clearhold.documents.runs import document_run_make


@task()
def document_run_task(run_id: int) -> str:
    run = document_run_make(DocumentRun.objects.select_related("created_by").get(pk=run_id))
    return run.status
