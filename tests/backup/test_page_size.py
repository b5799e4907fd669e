"""New SQLite stores have 16 KiB pages, existing ones keep theirs, and a backup of a store
with another page size (every store made before) restores into a new one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from django.db import connection

from clearhold.backup.sqlite import sqlite_restore

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's page size; PostgreSQL's is fixed at build"
)


def _pragma(wrapper, name: str):
    with wrapper.cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        return cursor.fetchone()[0]


def _old_store(path: Path) -> None:
    """A database as ClearHold made them before: SQLite's default 4 KiB pages, some rows."""
    with sqlite3.connect(path) as old:
        old.execute("CREATE TABLE reading (id INTEGER PRIMARY KEY, note TEXT)")
        old.executemany("INSERT INTO reading (note) VALUES (?)", [("x" * 500,)] * 200)
    old.close()


def test_a_new_store_has_16_kib_pages_and_wal(target):
    Path(target.settings["NAME"]).parent.mkdir(parents=True)
    store = target.connect()
    try:
        store.ensure_connection()
        assert _pragma(store, "page_size") == 16384
        assert _pragma(store, "journal_mode") == "wal"
    finally:
        store.close()


def test_an_existing_store_keeps_its_page_size(target):
    Path(target.settings["NAME"]).parent.mkdir(parents=True)
    _old_store(Path(target.settings["NAME"]))
    store = target.connect()
    try:
        assert _pragma(store, "page_size") == 4096
        assert _pragma(store, "journal_mode") == "wal"
        with store.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM reading")
            assert cursor.fetchone()[0] == 200
    finally:
        store.close()


def test_a_backup_with_4_kib_pages_restores_into_a_new_store(target, tmp_path):
    backup = tmp_path / "database.sqlite3"
    _old_store(backup)
    Path(target.settings["NAME"]).parent.mkdir(parents=True)
    store = target.connect()
    try:
        store.ensure_connection()  # the new, empty store restore finds: WAL, 16 KiB pages
        sqlite_restore(store, backup)
        assert _pragma(store, "page_size") == 4096  # the backup's, whole
        assert _pragma(store, "journal_mode") == "wal"  # on again for the server
        assert _pragma(store, "integrity_check") == "ok"
        with store.cursor() as cursor:
            cursor.execute("SELECT COUNT(*), MIN(note) FROM reading")
            assert cursor.fetchone() == (200, "x" * 500)
    finally:
        store.close()
