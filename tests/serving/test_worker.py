"""`clearhold worker`: runs the database queue's tasks and keeps a heartbeat while it runs."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.db import OperationalError
from django.utils import timezone
from django_tasks import task

from clearhold.serving.models import WorkerHeartbeat
from clearhold.serving.worker import Heartbeat, WorkerOptions, heartbeat_beat, worker_run

SEEN: list[int] = []


@task()
def remember(number: int) -> int:
    """A task the worker under test runs: it notes its argument."""
    SEEN.append(number)
    return number


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    SEEN.clear()


def test_a_beat_records_this_process_and_forgets_workers_gone_a_day(db):
    old = timezone.now() - dt.timedelta(days=2)
    WorkerHeartbeat.objects.create(worker_id="gone", host="h", pid=1, started_at=old, seen_at=old)
    started = timezone.now()
    heartbeat_beat(worker_id="here", started_at=started)
    heartbeat_beat(worker_id="here", started_at=started)
    rows = list(WorkerHeartbeat.objects.values_list("worker_id", "started_at"))
    assert rows == [("here", started)]


def _seen_until(wanted, seconds: float = 20):
    """The heartbeat row's seen_at once ``wanted(seen_at)`` holds (a loaded machine may give
    the thread its turn late). SQLite's in-memory test database shares one cache between the
    connections, which locks the whole table while the thread writes (SQLITE_LOCKED, which no
    busy timeout waits on): a read that meets the lock is simply asked again."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            at = (
                WorkerHeartbeat.objects.filter(worker_id="thread-test")
                .values_list("seen_at", flat=True)
                .first()
            )
        except OperationalError as locked:
            if "locked" not in str(locked):
                raise
            at = None
        if wanted(at) or time.monotonic() > deadline:
            return at
        time.sleep(0.05)


def test_the_heartbeat_thread_beats_until_stopped_and_then_removes_its_row(transactional_db):
    heartbeat = Heartbeat("thread-test", every=0.05)
    heartbeat.start()
    try:
        seen = _seen_until(lambda at: at is not None)
        assert _seen_until(lambda at: at is not None and at > seen) > seen
    finally:
        heartbeat.stop()
    assert not heartbeat.is_alive()
    assert not WorkerHeartbeat.objects.filter(worker_id="thread-test").exists()


def test_a_batch_run_runs_each_queued_task_once(transactional_db, database_queue):
    results = [remember.enqueue(number) for number in range(5)]
    worker_run(WorkerOptions(batch=True, interval=0))
    assert sorted(SEEN) == [0, 1, 2, 3, 4]
    for result in results:
        result.refresh()
        assert result.status == "SUCCESSFUL"
    assert not WorkerHeartbeat.objects.exists()
