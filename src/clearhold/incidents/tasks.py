"""Background work for imports, run by django-tasks' database backend (no extra server).

The worker runs outside any request, so no middleware names the person acting: the task names
its importer for the audit trail itself, as the command line does (``acting_as``)."""

from __future__ import annotations

from django_tasks import task

from clearhold.audit.context import acting_as
from clearhold.incidents.models import ImportBatch
from clearhold.incidents.services import import_batch_run


@task()
def import_batch_task(batch_id: int) -> str:
    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    with acting_as(batch.created_by, path=f"worker: import batch {batch.pk}"):
        return import_batch_run(batch=batch).status
