"""What a backup records about its database, read the same way on either vendor: the row count
of every table and the latest migration applied per app."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

#: Tables ``migrate`` itself fills: a database holding rows only here is still empty.
MIGRATE_FILLS = frozenset({"django_migrations", "django_content_type", "auth_permission"})


#: Tables whose rows a backup leaves out: the live sign-ins. A session's key is a credential
#: (anyone holding a copy of the backup could use it on the running server, second factor
#: given); a restored server simply has everyone sign in again.
LEFT_OUT = ("accounts_signedinsession", "django_session")


def without_left_out(counts: dict[str, int]) -> dict[str, int]:
    """The row counts as the backup holds them: none in the tables it leaves out."""
    return {table: 0 if table in LEFT_OUT else rows for table, rows in counts.items()}


@dataclass(frozen=True)
class Snapshot:
    """The row count of each table and the latest migration per app, read in one snapshot."""

    tables: dict[str, int]
    migrations: dict[str, str]


def quoted(table: str) -> str:
    """A table name as an SQL identifier (the same quoting on SQLite and PostgreSQL)."""
    return '"' + table.replace('"', '""') + '"'


def row_counts(cursor: Any, tables: Iterable[str]) -> dict[str, int]:
    """``{table: rows}`` for each of ``tables``, sorted by name."""
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quoted(table)}")  # nosec B608 # names from the catalogue
        counts[table] = cursor.fetchone()[0]
    return counts


def _order(name: str) -> tuple[int, str]:
    number = re.match(r"\d+", name)
    return (int(number.group()) if number else -1, name)


def latest_migrations(cursor: Any) -> dict[str, str]:
    """``{app: name}`` of the latest migration applied to each app (by its number)."""
    cursor.execute("SELECT app, name FROM django_migrations")
    latest: dict[str, str] = {}
    for app, name in cursor.fetchall():
        if app not in latest or _order(name) > _order(latest[app]):
            latest[app] = name
    return dict(sorted(latest.items()))


def first_table_with_data(counts: dict[str, int]) -> tuple[str, int] | None:
    """The first table holding rows that ``migrate`` did not put there, with its count."""
    for table, rows in sorted(counts.items()):
        if rows and table not in MIGRATE_FILLS:
            return table, rows
    return None
