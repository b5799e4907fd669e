"""Imports at once on PostgreSQL: waiting on the store's change count's row (``store_changes.py``)
closes no deadlock.

Real threads, each with its own connection. SQLite is skipped: one transaction writes at a
time there, so ids are committed in the order they are taken and neither case can arise."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from django.db import connection

from clearhold.incidents import services, store
from clearhold.incidents.models import ImportStatus, Incident
from tests.incidents.policeuk_files import row, write
from tests.incidents.test_import_service import run

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip(
            "PostgreSQL only: SQLite has one writer at a time, so new ids are committed in the "
            "order they are taken and a later commit always raises the newest id"
        )


def _pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _until_waiting(pids: list[int], timeout: float = 20.0) -> None:
    """Return once the backend in ``pids`` (filled by its thread) waits for a lock."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pids:
            with connection.cursor() as cursor:
                cursor.execute("SELECT cardinality(pg_blocking_pids(%s))", [pids[0]])
                if cursor.fetchone()[0]:
                    return
        time.sleep(0.02)
    raise AssertionError("the other connection never waited for a lock")


def _in_thread(work: Callable[[], object], pids: list[int], outcomes: list) -> threading.Thread:
    """Start ``work`` on its own connection, its backend's pid put in ``pids``."""

    def target() -> None:
        try:
            pids.append(_pid())
            outcomes.append(work())
        except Exception as failed:  # named in the test's assertion
            outcomes.append(failed)
        finally:
            connection.close()

    thread = threading.Thread(target=target)
    thread.start()
    return thread


def test_a_large_replacing_import_beside_another_import_is_not_deadlocked(tmp_path, monkeypatch):
    """A's removals of the force-month it replaces raise the count and keep its row locked;
    its large load then drops the indexes, which waits for every writer of the table. A writer
    that had written and was waiting for the count's row would close a deadlock: the replacing
    import holds the other writers off before it removes anything."""
    held = run([write(tmp_path / "2024-01.csv", [row(i) for i in range(6)])])
    newer = write(tmp_path / "2024-01-v2.csv", [row(i) for i in range(1, 9)])
    other = write(tmp_path / "2024-02.csv", [row(i, month="2024-02") for i in range(3)])
    monkeypatch.setattr(store, "LARGE_LOAD_ROWS", 1)
    pids: list[int] = []
    outcomes: list = []
    threads: list[threading.Thread] = []
    insert = services.incidents_bulk_insert

    def after_removals_another_import_writes(table, **options):
        if threads:  # the other import's own insert
            return insert(table, **options)
        threads.append(_in_thread(lambda: run([other]).status, pids, outcomes))
        _until_waiting(pids)  # the other import waits: on A's lock, or on the count's row
        return insert(table, **options)

    waiting = run([newer])
    assert waiting.status == ImportStatus.NEEDS_CONFIRMATION
    monkeypatch.setattr(services, "incidents_bulk_insert", after_removals_another_import_writes)
    confirmed = services.import_batch_confirm_replacement(user=None, batch=waiting)
    replaced = services.import_batch_run(batch=confirmed)
    threads[0].join(timeout=30)
    assert replaced.status == ImportStatus.STORED, replaced.message
    assert outcomes == [ImportStatus.STORED]
    assert replaced.rows_replaced == 6
    assert not Incident.objects.filter(batch=held).exists()
    assert Incident.objects.count() == 8 + 3
