"""A backup taken while the server writes is one consistent state, and restore knows which
migrations the code has that the backup lacks."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from django.db.backends.sqlite3.base import DatabaseWrapper
from django.db.migrations.loader import MigrationLoader

from clearhold.backup.manifest import Manifest
from clearhold.backup.restore import _pending, _refuse_newer
from clearhold.backup.sqlite import sqlite_snapshot

BATCH = 100


def _live_database(path: Path) -> None:
    with sqlite3.connect(path) as setup:
        setup.execute("PRAGMA journal_mode=WAL")
        setup.execute("CREATE TABLE django_migrations (app TEXT, name TEXT)")
        setup.executemany(
            "INSERT INTO django_migrations VALUES (?, ?)",
            [("audit", "0002_append_only_triggers"), ("audit", "0003_personal_data_reads")],
        )
        setup.execute("CREATE TABLE reading (id INTEGER PRIMARY KEY, batch INTEGER)")
    setup.close()


def _write_batches(path: Path, writing: threading.Event, stop: threading.Event) -> None:
    """The server: rows arrive in transactions of ``BATCH``, so a consistent copy holds a
    multiple of ``BATCH`` rows; ``writing`` is set once five batches are in."""
    writer = sqlite3.connect(path, timeout=20)
    batch = 0
    while not stop.is_set() or batch < 20:
        with writer:
            writer.executemany("INSERT INTO reading (batch) VALUES (?)", [(batch,)] * BATCH)
        batch += 1
        if batch == 5:
            writing.set()
    writer.close()


def _wrapper(path: Path) -> DatabaseWrapper:
    settings = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {},
        "TIME_ZONE": None,
        "AUTOCOMMIT": True,
        "ATOMIC_REQUESTS": False,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "USER": "",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "TEST": {},
    }
    return DatabaseWrapper(settings, alias="live")


def test_a_copy_taken_while_rows_arrive_is_one_consistent_state(tmp_path, django_db_blocker):
    live = tmp_path / "live.sqlite3"
    _live_database(live)
    writing, stop = threading.Event(), threading.Event()
    server = threading.Thread(target=_write_batches, args=(live, writing, stop))
    server.start()
    wrapper = _wrapper(live)
    try:
        assert writing.wait(timeout=30)
        with django_db_blocker.unblock():
            snapshot = sqlite_snapshot(wrapper, tmp_path / "copy.sqlite3")
    finally:
        stop.set()
        server.join()
        wrapper.close()

    copy = sqlite3.connect(tmp_path / "copy.sqlite3")
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    kept = copy.execute("SELECT COUNT(*) FROM reading").fetchone()[0]
    copy.close()
    assert snapshot.tables["reading"] == kept
    assert kept % BATCH == 0
    assert kept >= 5 * BATCH
    assert snapshot.migrations == {"audit": "0003_personal_data_reads"}
    later = sqlite3.connect(live)
    assert later.execute("SELECT COUNT(*) FROM reading").fetchone()[0] >= 20 * BATCH
    later.close()


def test_a_restore_names_the_apps_still_to_migrate():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    latest = {app: name for app, name in loader.graph.leaf_nodes()}
    older = {**latest, "audit": "0002_append_only_triggers"}
    manifest = Manifest("0.1.0", "sqlite", "2026-12-06T03:00:00+00:00", "d", older, {})

    _refuse_newer(manifest, loader)

    assert _pending(manifest, loader) == ["audit"]
