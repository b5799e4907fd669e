"""Database triggers that count changes to stored incidents: every removal, replacement and
change in place, and on PostgreSQL every insert statement too.

The results cache keys a result by the store's version (:func:`results_cache.store_version`):
the newest incident id and this count. Counting in the database, whatever the client, costs
one row read a request where counting the incidents cost a scan of an index (tens of
milliseconds on a force's store of a million). Installed by migrations, built by
:func:`clearhold.toolkit.triggers.change_counter` as the surveys' counter is; an upsert, so a
flush that emptied the counter's table starts it again.

Why PostgreSQL counts inserts (migration 0006) and SQLite does not. On PostgreSQL ids come from
a sequence and imports run at once: import A takes ids 1000-1999, B 2000-2999, B commits first;
a result computed then is kept under (2999, c) without A's rows, and A's commit left the
version at (2999, c), so the stale result was served until the next change. Counting each
INSERT statement (COPY included: it fires statement-level insert triggers) makes every commit
of new incidents raise the committed count. The cost: one update of the counter's row a
statement (a COPY of a million rows is one statement), and that row stays locked until the
writer commits, so concurrent imports wait for each other from the end of the first one's
COPY until it commits (imports are rare, and SQLite serialises them anyway). A replacing
import takes its locks on the table before its removals raise the count, so this wait closes
no deadlock (``store.incidents_lock_for_replacement``). On SQLite one transaction writes at a
time: new ids are taken and committed in turn, above every id committed before, so a commit
of new incidents always raises the newest id; a per-row insert trigger (SQLite has no
per-statement ones) would only add a counter write to every row of a bulk import.
"""

from __future__ import annotations

from typing import Any

from clearhold.toolkit.triggers import change_counter, execute_for_vendor

#: Named as first installed (migration 0004): SQLite ``incident_removed`` and
#: ``incident_changed``, PostgreSQL ``incident_store_changed`` (trigger and function).
_SQLITE_NAMES = {"DELETE": "incident_removed", "UPDATE": "incident_changed"}
_COUNTER = {
    "counter_table": "incidents_storeversion",
    "function": "incident_store_changed",
    "tables": ("incidents_incident",),
    "events": ("DELETE", "UPDATE"),
    "sqlite_name": lambda _table, event: _SQLITE_NAMES[event],
}

#: As migration 0004 installed them: inserts not counted (kept for its reverse and 0006's).
FIRST_INSTALL, FIRST_REMOVE = change_counter(**_COUNTER)

#: Since migration 0006: PostgreSQL's trigger counts INSERT statements too; SQLite's unchanged.
INSTALL, REMOVE = change_counter(**_COUNTER, statement_events=("INSERT",))


def install_first(connection: Any) -> None:
    execute_for_vendor(connection, FIRST_INSTALL)


def remove_first(connection: Any) -> None:
    execute_for_vendor(connection, FIRST_REMOVE)


def _postgresql(*statements: list[str]) -> dict[str, list[str]]:
    """PostgreSQL's statements only: SQLite's triggers are the same before and after 0006."""
    return {"postgresql": [s for part in statements for s in part]}


def count_inserts(connection: Any) -> None:
    """Migration 0006: the PostgreSQL trigger of 0004 replaced by one that counts inserts."""
    execute_for_vendor(connection, _postgresql(FIRST_REMOVE["postgresql"], INSTALL["postgresql"]))


def count_inserts_undo(connection: Any) -> None:
    """Migration 0006's reverse: the trigger of 0004 again."""
    execute_for_vendor(connection, _postgresql(REMOVE["postgresql"], FIRST_INSTALL["postgresql"]))
