"""Database triggers that count every change to the survey tables the results are computed
from (surveys, waves, household codes, responses, answers): inserts, updates and deletes.

The problem page caches each survey's results under this count (``results_cache.py``).
Counting in the database, whatever the client (a service, a bulk insert, a queryset update
such as the demo's, a cascade), means no write can leave a stale result behind, which a
signal or a service that remembered to bump a counter could not promise. Installed by a
migration; an upsert, so a flush that emptied the counter's table starts it again.
"""

from __future__ import annotations

from typing import Any

from clearhold.toolkit.triggers import execute_for_vendor

#: The tables whose rows the results read.
TABLES = (
    "surveys_survey",
    "surveys_wave",
    "surveys_householdcode",
    "surveys_response",
    "surveys_answer",
)
_BUMP = (
    "INSERT INTO surveys_surveyversion (id, changes) VALUES (1, 1) "
    "ON CONFLICT (id) DO UPDATE SET changes = surveys_surveyversion.changes + 1"
)
_EVENTS = ("INSERT", "UPDATE", "DELETE")

INSTALL = {
    "sqlite": [
        f"""CREATE TRIGGER IF NOT EXISTS {table}_{event.lower()}_counted
            AFTER {event} ON {table} BEGIN {_BUMP}; END;"""
        for table in TABLES
        for event in _EVENTS
    ],
    "postgresql": [
        f"""CREATE OR REPLACE FUNCTION survey_data_changed() RETURNS trigger AS $$
            BEGIN {_BUMP}; RETURN NULL; END; $$ LANGUAGE plpgsql;""",
        *(
            statement
            for table in TABLES
            for statement in (
                f"DROP TRIGGER IF EXISTS survey_data_changed ON {table};",
                f"""CREATE TRIGGER survey_data_changed
                    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
                    FOR EACH STATEMENT EXECUTE FUNCTION survey_data_changed();""",
            )
        ),
    ],
}
REMOVE = {
    "sqlite": [
        f"DROP TRIGGER IF EXISTS {table}_{event.lower()}_counted;"
        for table in TABLES
        for event in _EVENTS
    ],
    "postgresql": [
        *(f"DROP TRIGGER IF EXISTS survey_data_changed ON {table};" for table in TABLES),
        "DROP FUNCTION IF EXISTS survey_data_changed();",
    ],
}


def install(connection: Any) -> None:
    execute_for_vendor(connection, INSTALL)


def remove(connection: Any) -> None:
    execute_for_vendor(connection, REMOVE)
