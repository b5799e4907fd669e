"""Database triggers that count every change to stored incidents other than an insert.

The results cache keys a result by the store's version (:func:`results_cache.store_version`):
the newest incident id, which every import raises, and this count, which every removal,
replacement and in-place change raises (a deleted premises' link set to null among them).
Counting in the database, whatever the client, costs one row read a request where counting
the incidents cost a scan of an index (tens of milliseconds on a force's store of a million).
Installed by a migration, built by :func:`clearhold.toolkit.triggers.change_counter` as the
surveys' counter is; an upsert, so a flush that emptied the counter's table starts it again.
"""

from __future__ import annotations

from typing import Any

from clearhold.toolkit.triggers import change_counter, execute_for_vendor

#: Named as first installed (migration 0004): SQLite ``incident_removed`` and
#: ``incident_changed``, PostgreSQL ``incident_store_changed`` (trigger and function).
_SQLITE_NAMES = {"DELETE": "incident_removed", "UPDATE": "incident_changed"}

INSTALL, REMOVE = change_counter(
    counter_table="incidents_storeversion",
    function="incident_store_changed",
    tables=("incidents_incident",),
    events=("DELETE", "UPDATE"),
    sqlite_name=lambda _table, event: _SQLITE_NAMES[event],
)


def install(connection: Any) -> None:
    execute_for_vendor(connection, INSTALL)


def remove(connection: Any) -> None:
    execute_for_vendor(connection, REMOVE)
