"""Background work for long document runs, run by django-tasks' database backend (the worker
imports use: no extra server).

The worker runs outside any request, so no middleware names the person acting: the task names
the run's maker for the audit trail itself (``acting_as``), as the page would have."""

from __future__ import annotations

from django_tasks import task

from clearhold.audit.context import acting_as
from clearhold.documents.models import DocumentRun
from clearhold.documents.runs import document_run_make


@task()
def document_run_task(run_id: int) -> str:
    run = DocumentRun.objects.select_related("created_by").get(pk=run_id)
    with acting_as(run.created_by, path=f"worker: document run {run.pk}"):
        return document_run_make(run).status
