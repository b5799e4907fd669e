"""SQLite: the online backup API copies a consistent image of the database while the server
runs (a write during the copy makes SQLite start again from a consistent state), and copies it
back into the configured file on restore."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from clearhold.backup.tables import LEFT_OUT, Snapshot, latest_migrations, quoted, row_counts

FILE_NAME = "database.sqlite3"


def _tables(cursor: Any) -> list[str]:
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    return [name for (name,) in cursor.fetchall()]


def sqlite_snapshot(connection: Any, target: Path) -> Snapshot:
    """Copy the database behind Django's ``connection`` into ``target`` and read its row
    counts and migration state from the copy itself (so they describe exactly what was kept)."""
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        _leave_out_sign_ins(copy)
        cursor = copy.cursor()
        snapshot = Snapshot(
            tables=row_counts(cursor, _tables(cursor)), migrations=latest_migrations(cursor)
        )
    finally:
        copy.close()
    return snapshot


def _leave_out_sign_ins(copy: sqlite3.Connection) -> None:
    """Empty the copy's live sign-ins (``LEFT_OUT``), their bytes overwritten, not just
    unlinked, so no session key is left in a free page of the file."""
    copy.execute("PRAGMA secure_delete=ON")
    present = set(_tables(copy.cursor()))
    for table in (t for t in LEFT_OUT if t in present):
        copy.execute(f"DELETE FROM {quoted(table)}")  # nosec B608 # a fixed name
    copy.commit()
    copy.execute("VACUUM")


def sqlite_prepare(connection: Any) -> None:
    """Make the directory of the configured database file, which a new server may lack."""
    Path(connection.settings_dict["NAME"]).parent.mkdir(parents=True, exist_ok=True)


def sqlite_restore(connection: Any, source: Path) -> None:
    """Copy the backup's database ``source`` into the file Django's ``connection`` is
    configured with, page by page through the backup API (which also empties any -wal file).

    The empty target is taken out of WAL first: a new store has 16 KiB pages, and SQLite
    refuses to copy pages of another size (an older store's 4 KiB) into a WAL database. The
    restored file keeps the backup's page size; the next connection turns WAL back on."""
    target = Path(connection.settings_dict["NAME"])
    connection.close()
    kept = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    restored = sqlite3.connect(target)
    try:
        restored.execute("PRAGMA journal_mode=DELETE")
        kept.backup(restored)
    finally:
        kept.close()
        restored.close()
