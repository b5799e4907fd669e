"""The incident store's and the surveys' change counters come from one builder
(``toolkit/triggers.py``) and keep the trigger and function names they were first installed
with, so their migrations remove and install them again on a database migrated before. The
incident store's PostgreSQL trigger counts inserts since incidents 0006, which replaces the
trigger of 0004 going forward and puts it back going backward."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from clearhold.incidents import store_changes
from clearhold.surveys import survey_changes
from clearhold.toolkit.triggers import change_counter

SURVEY_TABLES = (
    "surveys_survey",
    "surveys_wave",
    "surveys_householdcode",
    "surveys_response",
    "surveys_answer",
)
COUNTED_TABLES = ("incidents_incident", *SURVEY_TABLES)

#: What incidents 0004 and surveys 0003 installed before the builder: (name, table, event or
#: events, counter table) of each trigger.
_INCIDENTS = "incidents_storeversion"
_SURVEYS = "surveys_surveyversion"
_SQLITE_TRIGGERS = [
    ("incident_removed", "incidents_incident", "DELETE", _INCIDENTS),
    ("incident_changed", "incidents_incident", "UPDATE", _INCIDENTS),
    *(
        (f"{table}_{event.lower()}_counted", table, event, _SURVEYS)
        for table in SURVEY_TABLES
        for event in ("INSERT", "UPDATE", "DELETE")
    ),
]
_PG_TRIGGERS = [
    (
        "incident_store_changed",
        "incidents_incident",
        "INSERT OR DELETE OR UPDATE OR TRUNCATE",
        _INCIDENTS,
    ),
    *(
        ("survey_data_changed", table, "INSERT OR DELETE OR UPDATE OR TRUNCATE", _SURVEYS)
        for table in SURVEY_TABLES
    ),
]


def _bump(counter: str) -> str:
    return (
        f"INSERT INTO {counter} (id, changes) VALUES (1, 1) "
        f"ON CONFLICT (id) DO UPDATE SET changes = {counter}.changes + 1;"
    )


#: The released triggers (and PostgreSQL functions) as the database shows them, as of the
#: newest migration.
RELEASED = {
    "sqlite": {
        (name, table, f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {_bump(c)} END")
        for name, table, event, c in _SQLITE_TRIGGERS
    },
    "postgresql": {
        *(
            (
                name,
                table,
                f"CREATE TRIGGER {name} AFTER {events} ON public.{table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
            )
            for name, table, events, _c in _PG_TRIGGERS
        ),
        ("incident_store_changed", "", f"BEGIN {_bump(_INCIDENTS)} RETURN NULL; END;"),
        ("survey_data_changed", "", f"BEGIN {_bump(_SURVEYS)} RETURN NULL; END;"),
    },
}
#: PostgreSQL's incident store trigger as incidents 0004 installed it: inserts not counted.
FIRST_INCIDENT_TRIGGER = (
    "incident_store_changed",
    "incidents_incident",
    "CREATE TRIGGER incident_store_changed AFTER DELETE OR UPDATE OR TRUNCATE ON "
    "public.incidents_incident FOR EACH STATEMENT EXECUTE FUNCTION incident_store_changed()",
)
BEFORE_INSERTS_COUNTED = [("incidents", "0005_incident_premises_partial_index")]
BEFORE_COUNTERS = [
    ("incidents", "0003_batch_organisation_and_removals_understood"),
    ("surveys", "0002_wave_closed_at"),
]


def installed() -> set[tuple[str, str, str]]:
    """(name, table, definition) of each trigger on a counted table, and (name, "", body) of
    each trigger function, as the database holds them."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
            found = set(cursor.fetchall())
        else:
            cursor.execute(
                "SELECT tgname, tgrelid::regclass::text, pg_get_triggerdef(oid) FROM pg_trigger "
                "WHERE NOT tgisinternal"
            )
            found = set(cursor.fetchall())
            cursor.execute(
                "SELECT proname, '', prosrc FROM pg_proc WHERE prorettype = 'trigger'::regtype "
                "AND proname IN ('incident_store_changed', 'survey_data_changed')"
            )
            found |= set(cursor.fetchall())
    return {
        (name, table, " ".join(sql.split()))
        for name, table, sql in found
        if table in COUNTED_TABLES or not table
    }


def _named(statements: list[str], pattern: str) -> set[tuple[str, ...]]:
    """The names ``pattern`` finds at the start of each statement, whatever its layout."""
    return {m.groups() for s in statements if (m := re.match(pattern, " ".join(s.split())))}


def released_before_inserts_counted(vendor: str) -> set[tuple[str, str, str]]:
    """What the database held at incidents 0005: on PostgreSQL, 0004's incident trigger."""
    if vendor == "sqlite":
        return RELEASED[vendor]
    newest = {t for t in RELEASED[vendor] if t[:2] == FIRST_INCIDENT_TRIGGER[:2]}
    return RELEASED[vendor] - newest | {FIRST_INCIDENT_TRIGGER}


@pytest.mark.parametrize("vendor", ["sqlite", "postgresql"])
def test_each_counter_is_built_with_the_names_it_was_released_with(vendor):
    install = [*store_changes.INSTALL[vendor], *survey_changes.INSTALL[vendor]]
    remove = [*store_changes.REMOVE[vendor], *survey_changes.REMOVE[vendor]]
    created = _named(install, r"CREATE TRIGGER (?:IF NOT EXISTS )?(\w+) AFTER [A-Z ]+ ON (\w+)")
    assert created == {(name, table) for name, table, _sql in RELEASED[vendor] if table}
    if vendor == "sqlite":
        assert _named(remove, r"DROP TRIGGER IF EXISTS (\w+);") == {(n,) for n, _t in created}
    else:
        assert _named(remove, r"DROP TRIGGER IF EXISTS (\w+) ON (\w+);") == created
        functions = {("incident_store_changed",), ("survey_data_changed",)}
        assert _named(install, r"CREATE OR REPLACE FUNCTION (\w+)\(\)") == functions
        assert _named(remove, r"DROP FUNCTION IF EXISTS (\w+)\(\);") == functions


@pytest.mark.parametrize("vendor", ["sqlite", "postgresql"])
def test_only_postgresql_counts_inserts_of_incidents_and_only_since_0006(vendor):
    """SQLite's incident triggers stay as 0004 released them (no per-row insert trigger);
    PostgreSQL's differs from 0004's by counting INSERT statements alone."""
    first = " ".join(store_changes.FIRST_INSTALL[vendor])
    now = " ".join(store_changes.INSTALL[vendor])
    if vendor == "sqlite":
        assert now == first
        assert "AFTER INSERT" not in now
    else:
        assert "AFTER DELETE OR UPDATE OR TRUNCATE ON incidents_incident" in first
        assert "AFTER INSERT" not in first
        assert now == first.replace("AFTER DELETE", "AFTER INSERT OR DELETE")


def test_a_name_that_is_not_an_identifier_is_refused():
    with pytest.raises(ValueError, match="Not a table"):
        change_counter(
            counter_table="counter; DROP TABLE x",
            function="f",
            tables=("t",),
            events=("INSERT",),
        )
    with pytest.raises(ValueError, match="Not a table"):
        change_counter(counter_table="c", function="f", tables=("t",), events=("SELECT",))


@pytest.mark.django_db(transaction=True)
def test_the_counters_migrate_back_and_forth_as_released():
    """Back past the migrations that installed them (their removal runs), forward again (their
    installation runs): the database holds the same triggers and functions as before, those
    first released."""
    before = installed()
    assert before == RELEASED[connection.vendor]
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_INSERTS_COUNTED)
    assert installed() == released_before_inserts_counted(connection.vendor)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_COUNTERS)
    assert installed() == set()
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert installed() == before
