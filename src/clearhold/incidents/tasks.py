"""Background work for imports, run by django-tasks' database backend (no extra server)."""

from __future__ import annotations

from django_tasks import task

from clearhold.incidents.models import ImportBatch
from clearhold.incidents.services import import_batch_run


@task()
def import_batch_task(batch_id: int) -> str:
    batch = import_batch_run(batch=ImportBatch.objects.get(pk=batch_id))
    return batch.status
