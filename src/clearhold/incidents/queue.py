"""What the worker asks before it runs an import batch: is the batch still waiting (a task can be
delivered twice), and may the person who uploaded it still import (the queue can wait minutes,
or hours with the worker down, and an account can be closed in between)."""

from __future__ import annotations

from django.db import transaction

from clearhold.authz import can
from clearhold.incidents.models import ImportBatch, ImportStatus
from clearhold.incidents.permissions import INCIDENTS_IMPORT

IMPORTER_REFUSED = (
    "The person who started this import may no longer import data (their account was closed "
    "or their role changed after the upload). Nothing was stored. Someone who may import can "
    "upload the files again."
)


@transaction.atomic
def batch_claim(batch: ImportBatch) -> bool:
    """Mark ``batch`` running if it is waiting to run; False (and ``batch`` as stored) if it is
    running or finished already. Saved rather than updated, so the audit trail has the change."""
    waiting = ImportBatch.objects.select_for_update().filter(
        pk=batch.pk, status=ImportStatus.QUEUED
    )
    if not waiting.exists():
        batch.refresh_from_db()
        return False
    batch.status = ImportStatus.RUNNING
    batch.progress_message = "Checking files"
    batch.save()
    return True


def importer_refusal(batch: ImportBatch) -> str:
    """Why ``batch`` may not be stored for its importer now ("" when it may, and for a batch the
    server's operator started with no user). Asked as they are now, not as they were at the
    upload. The sentence names no one: the batch page shows its message to the organisation."""
    importer = batch.created_by
    if importer is None or can(importer, INCIDENTS_IMPORT):
        return ""
    return IMPORTER_REFUSED
