"""Imports at once on PostgreSQL: a commit of new incidents always changes the store's version
(its trigger counts INSERT statements, ``store_changes.py``), even when an import holding lower
ids commits after one holding higher ids, and waiting on the count's row closes no deadlock.

Real threads, each with its own connection. SQLite is skipped: one transaction writes at a
time there, so ids are committed in the order they are taken and neither case can arise."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from django.db import connection, transaction

from clearhold.incidents import services, store
from clearhold.incidents.models import ImportStatus, Incident
from clearhold.incidents.results_cache import cached_result, store_version
from tests.incidents.policeuk_files import row, write
from tests.incidents.test_import_service import run

pytestmark = pytest.mark.django_db(transaction=True)

#: The advisory lock key that holds import A's INSERT statement open.
HOLD = 424_242

#: Import A: three rows from one INSERT statement whose ids are taken as rows are written; the
#: third waits for the advisory lock before the statement ends (and is never written).
HELD_INSERT = """
    INSERT INTO incidents_incident (source, reference, category, source_category, month,
        precision, location, lsoa_code, lsoa_name, outcome, force, description, row_key,
        file_name, row_number, batch_id)
    SELECT 'policeuk', '', 'asb-unclassified', '', DATE '2024-01-01', '', 'held', '', '', '',
        'Cambridgeshire Constabulary', '', g, 'held.csv', g, %s
    FROM generate_series(1, 3) AS g
    WHERE CASE WHEN g < 3 THEN TRUE ELSE pg_advisory_lock(%s)::text = 'never' END
"""


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


def _count(counted: list[int]) -> int:
    def compute() -> int:
        counted.append(Incident.objects.count())
        return counted[-1]

    return cached_result("probe-count", "whole-store", (), compute)


def test_an_import_holding_lower_ids_committed_last_still_changes_the_version(tmp_path):
    first = run([write(tmp_path / "first.csv", [row(i) for i in range(4)])])
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [HOLD])
    pids: list[int] = []
    outcomes: list = []

    def import_a() -> str:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(HELD_INSERT, [first.pk, HOLD])
        return "committed"

    try:
        thread = _in_thread(import_a, pids, outcomes)
        _until_waiting(pids)  # A has taken its ids; its statement (and transaction) is open
        b_rows = [row(i, month="2024-02") for i in range(10, 15)]
        later = run([write(tmp_path / "later.csv", b_rows)])
        assert later.status == ImportStatus.STORED, later.message
        before, counted = store_version(), []
        assert _count(counted) == 9  # B's rows, not A's
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [HOLD])
    thread.join(timeout=30)
    assert outcomes == ["committed"]
    held = Incident.objects.filter(file_name="held.csv").values_list("pk", flat=True)
    assert max(held) < Incident.objects.filter(batch=later).earliest("pk").pk
    assert store_version() != before
    assert _count(counted) == 11
    assert counted == [9, 11], "the count kept under the old version was not served"


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
