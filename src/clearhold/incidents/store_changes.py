"""Database triggers that count every change to stored incidents other than an insert.

The results cache keys a result by the store's version (:func:`results_cache.store_version`):
the newest incident id, which every import raises, and this count, which every removal,
replacement and in-place change raises (a deleted premises' link set to null among them).
Counting in the database, whatever the client, costs one row read a request where counting
the incidents cost a scan of an index (tens of milliseconds on a force's store of a million).
Installed by a migration; an upsert, so a flush that emptied the counter's table starts it again.
"""

from __future__ import annotations

from typing import Any

from clearhold.toolkit.triggers import execute_for_vendor

_BUMP = (
    "INSERT INTO incidents_storeversion (id, changes) VALUES (1, 1) "
    "ON CONFLICT (id) DO UPDATE SET changes = incidents_storeversion.changes + 1"
)

INSTALL = {
    "sqlite": [
        f"""CREATE TRIGGER IF NOT EXISTS incident_removed AFTER DELETE ON incidents_incident
            BEGIN {_BUMP}; END;""",
        f"""CREATE TRIGGER IF NOT EXISTS incident_changed AFTER UPDATE ON incidents_incident
            BEGIN {_BUMP}; END;""",
    ],
    "postgresql": [
        f"""CREATE OR REPLACE FUNCTION incident_store_changed() RETURNS trigger AS $$
            BEGIN {_BUMP}; RETURN NULL; END; $$ LANGUAGE plpgsql;""",
        "DROP TRIGGER IF EXISTS incident_store_changed ON incidents_incident;",
        """CREATE TRIGGER incident_store_changed AFTER UPDATE OR DELETE OR TRUNCATE
           ON incidents_incident FOR EACH STATEMENT EXECUTE FUNCTION incident_store_changed();""",
    ],
}
REMOVE = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS incident_removed;",
        "DROP TRIGGER IF EXISTS incident_changed;",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS incident_store_changed ON incidents_incident;",
        "DROP FUNCTION IF EXISTS incident_store_changed();",
    ],
}


def install(connection: Any) -> None:
    execute_for_vendor(connection, INSTALL)


def remove(connection: Any) -> None:
    execute_for_vendor(connection, REMOVE)
