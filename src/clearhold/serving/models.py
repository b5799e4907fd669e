"""The task workers' heartbeats: one row per worker process, refreshed while it runs.

django-tasks' database backend records when a task started and finished, not when a worker last
looked for work, so an idle worker and a dead one look alike in its tables. ``/healthz`` reads
these rows to tell them apart. A row names a process on a server, never a person.
"""

from __future__ import annotations

from django.db import models


class WorkerHeartbeat(models.Model):
    """When one worker process started and when it was last seen alive."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"Worker {self.worker_id} on {self.host}"
