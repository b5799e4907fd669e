"""`clearhold worker`: django-tasks' database worker, with a heartbeat ``/healthz`` reads.

The heartbeat runs in a thread beside the worker's loop and refreshes this process's row every
``HEARTBEAT_SECONDS``; a row not refreshed for ``CLEARHOLD_WORKER_STALE_SECONDS`` means the
worker is gone. A long task does not stop the heartbeat, so a stuck task shows instead as the
age of the oldest task waiting (also on ``/healthz``).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from dataclasses import dataclass

from django.db import DatabaseError, connections
from django.utils import timezone
from django.utils.crypto import get_random_string

from clearhold.serving.models import WorkerHeartbeat

HEARTBEAT_SECONDS = 30
# Rows of workers gone this long are removed by the next heartbeat of any worker.
FORGET_AFTER = dt.timedelta(days=1)
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class WorkerOptions:
    """What `clearhold worker` was asked for."""

    queue: str = "default"
    interval: float = 1.0
    batch: bool = False
    max_tasks: int | None = None


def heartbeat_beat(*, worker_id: str, started_at: dt.datetime) -> None:
    """Record that the worker ``worker_id`` of this process is alive now."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "seen_at": now,
        },
    )
    WorkerHeartbeat.objects.filter(seen_at__lt=now - FORGET_AFTER).delete()


class Heartbeat(threading.Thread):
    """Beats every ``every`` seconds until stopped; a failed beat is logged and retried."""

    def __init__(self, worker_id: str, every: float = HEARTBEAT_SECONDS) -> None:
        super().__init__(name="clearhold-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.every = every
        self.started_at = timezone.now()
        self.stopped = threading.Event()

    def start(self) -> None:
        """Beat once in the starting thread, so the worker is seen before it takes a task and
        the thread never writes while the first task is read, then beat on in the thread."""
        self._beat()
        super().start()

    def run(self) -> None:
        while not self.stopped.wait(self.every):
            try:
                self._beat()
            finally:
                connections.close_all()  # this thread's connections only

    def _beat(self) -> None:
        try:
            heartbeat_beat(worker_id=self.worker_id, started_at=self.started_at)
        except DatabaseError:
            logger.warning("The worker's heartbeat could not reach the database.")

    def stop(self) -> None:
        """Stop beating and remove this worker's row: it stopped on purpose."""
        self.stopped.set()
        self.join(timeout=5)
        try:
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        except DatabaseError:
            logger.warning("The stopped worker's heartbeat could not be removed.")


def worker_run(options: WorkerOptions) -> None:
    """Run tasks from the database queue until stopped, beating all the while."""
    from django.core.management import call_command

    worker_id = f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(8)}"
    heartbeat = Heartbeat(worker_id)
    heartbeat.start()
    try:
        call_command(
            "db_worker",
            queue_name=options.queue,
            interval=options.interval,
            batch=options.batch,
            max_tasks=options.max_tasks,
            worker_id=worker_id,
            reload=False,
        )
    finally:
        heartbeat.stop()
