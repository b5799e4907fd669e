"""PostgreSQL: ``pg_dump --format=custom`` inside an exported snapshot (so the row counts and
migration state in the manifest describe exactly the dump), and ``pg_restore --no-owner
--exit-on-error`` in one transaction on restore."""

from __future__ import annotations

import os
import shutil
import subprocess  # nosec B404 # runs pg_dump and pg_restore with fixed arguments
from pathlib import Path
from typing import Any

from clearhold.backup.manifest import BackupError
from clearhold.backup.tables import (
    LEFT_OUT,
    Snapshot,
    latest_migrations,
    quoted,
    row_counts,
    without_left_out,
)

FILE_NAME = "database.pgdump"
_TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = ANY (current_schemas(false))"


def _program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} was not found on PATH. Install PostgreSQL's client programs of the "
            f"server's major version or newer (Debian: apt-get install postgresql-client)."
        )
    return found


def _environment(settings: dict[str, Any]) -> dict[str, str]:
    """The libpq variables that point pg_dump and pg_restore at Django's database."""
    given = {
        "PGHOST": settings.get("HOST"),
        "PGPORT": settings.get("PORT"),
        "PGUSER": settings.get("USER"),
        "PGPASSWORD": settings.get("PASSWORD"),
        "PGDATABASE": settings.get("NAME"),
        "PGSSLMODE": settings.get("OPTIONS", {}).get("sslmode"),
    }
    return {**os.environ, **{key: str(value) for key, value in given.items() if value}}


def _run(arguments: list[str], settings: dict[str, Any]) -> None:
    done = subprocess.run(  # nosec B603 # a program from PATH, arguments built here
        arguments, env=_environment(settings), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        said = done.stderr.strip().splitlines()[-5:]
        raise BackupError(f"{Path(arguments[0]).name} failed: " + " ".join(said))


def postgres_snapshot(connection: Any, target: Path) -> Snapshot:
    """Dump the database into ``target`` from a snapshot exported by a read-only repeatable
    read transaction, in which the row counts and migration state are also read."""
    pg_dump = _program("pg_dump")
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        with raw.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot_id,) = cursor.fetchone()
            cursor.execute(_TABLES)
            tables = [name for (name,) in cursor.fetchall()]
            snapshot = Snapshot(
                tables=without_left_out(row_counts(cursor, tables)),
                migrations=latest_migrations(cursor),
            )
        dump = [pg_dump, "--format=custom", f"--snapshot={snapshot_id}", f"--file={target}"]
        _run(
            [*dump, *(f"--exclude-table-data={table}" for table in LEFT_OUT)],
            connection.settings_dict,
        )
    finally:
        raw.rollback()
        raw.close()
    return snapshot


def postgres_prepare(connection: Any) -> None:
    """Nothing to make: the database itself is created by whoever runs PostgreSQL."""


def postgres_restore(connection: Any, source: Path) -> None:
    """Drop the (checked empty) tables a migrate may have made, then ``pg_restore`` the dump
    into the configured database in one transaction: on any error nothing is kept."""
    pg_restore = _program("pg_restore")
    with connection.cursor() as cursor:
        cursor.execute(_TABLES)
        tables = [quoted(name) for (name,) in cursor.fetchall()]
        if tables:
            cursor.execute(f"DROP TABLE {', '.join(tables)} CASCADE")
    connection.close()
    _run(
        [
            pg_restore,
            "--no-owner",
            "--exit-on-error",
            "--single-transaction",
            "--clean",
            "--if-exists",
            f"--dbname={connection.settings_dict['NAME']}",
            str(source),
        ],
        connection.settings_dict,
    )
