"""Running a migration's raw statements for the database in use (triggers and their
functions): each vendor's list from a dict keyed by ``connection.vendor``; none for others.

Also the statements of a change counter (:func:`change_counter`): database triggers that
raise a one-row table's count on every write to some tables, whatever the client, so a
cached result keyed by the count is never read for data written after it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, NamedTuple

#: The statements for each vendor, keyed by ``connection.vendor``.
Statements = dict[str, list[str]]

_NAME = re.compile(r"[a-z_][a-z0-9_]*")
_EVENTS = ("INSERT", "UPDATE", "DELETE")


def execute_for_vendor(connection: Any, statements: Statements) -> None:
    """Execute ``statements[connection.vendor]`` in order on ``connection``."""
    with connection.cursor() as cursor:
        for statement in statements.get(connection.vendor, []):
            cursor.execute(statement)


class CounterTriggers(NamedTuple):
    """What installs a change counter's triggers and function, and what removes them."""

    install: Statements
    remove: Statements


def counted_trigger_name(table: str, event: str) -> str:
    """A SQLite trigger's name, one per table and event: ``surveys_wave_insert_counted``."""
    return f"{table}_{event.lower()}_counted"


def change_counter(
    *,
    counter_table: str,
    function: str,
    tables: tuple[str, ...],
    events: tuple[str, ...],
    sqlite_name: Callable[[str, str], str] = counted_trigger_name,
    statement_events: tuple[str, ...] = (),
) -> CounterTriggers:
    """The statements that keep ``counter_table``'s row 1 counting ``events`` (of INSERT,
    UPDATE, DELETE) on ``tables``: an upsert, so a flush that emptied the counter's table
    starts it again. SQLite: one trigger a table and event, named by ``sqlite_name(table,
    event)``, run once a row. PostgreSQL: one trigger a table named ``function`` like the
    function it runs, once a statement, TRUNCATE and ``statement_events`` counted too (events
    worth a count once a statement but not once a row, as SQLite's triggers would run).
    Migrations install these by name: a released counter's names and events change only by a
    new migration, which keeps the old statements for its reverse."""
    names = (counter_table, function, *tables, *(sqlite_name(t, e) for t in tables for e in events))
    counted = (*events, *statement_events)
    if not all(_NAME.fullmatch(name) for name in names) or not set(counted) <= set(_EVENTS):
        raise ValueError(f"Not a table, trigger or event name: {names} {counted}")
    # Identifiers checked above, from the code alone; no value is interpolated.
    bump = (
        f"INSERT INTO {counter_table} (id, changes) VALUES (1, 1) "  # nosec B608
        f"ON CONFLICT (id) DO UPDATE SET changes = {counter_table}.changes + 1"
    )
    on = " OR ".join((*statement_events, *events, "TRUNCATE"))
    sqlite = [(sqlite_name(table, event), table, event) for table in tables for event in events]
    install = {
        "sqlite": [
            f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {event} ON {table} BEGIN {bump}; END;"
            for name, table, event in sqlite
        ],
        "postgresql": [
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$ "
            f"BEGIN {bump}; RETURN NULL; END; $$ LANGUAGE plpgsql;",
            *(
                statement
                for table in tables
                for statement in (
                    f"DROP TRIGGER IF EXISTS {function} ON {table};",
                    f"CREATE TRIGGER {function} AFTER {on} ON {table} "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION {function}();",
                )
            ),
        ],
    }
    remove = {
        "sqlite": [f"DROP TRIGGER IF EXISTS {name};" for name, _table, _event in sqlite],
        "postgresql": [
            *(f"DROP TRIGGER IF EXISTS {function} ON {table};" for table in tables),
            f"DROP FUNCTION IF EXISTS {function}();",
        ],
    }
    return CounterTriggers(install, remove)
