"""Database triggers that count every change to the survey tables the results are computed
from (surveys, waves, household codes, responses, answers): inserts, updates and deletes.

The problem page caches each survey's results under this count (``results_cache.py``).
Counting in the database, whatever the client (a service, a bulk insert, a queryset update
such as the demo's, a cascade), means no write can leave a stale result behind, which a
signal or a service that remembered to bump a counter could not promise. Installed by a
migration, built by :func:`clearhold.toolkit.triggers.change_counter` as the incident store's
counter is; an upsert, so a flush that emptied the counter's table starts it again.
"""

from __future__ import annotations

from typing import Any

from clearhold.toolkit.triggers import change_counter, execute_for_vendor

#: The tables whose rows the results read.
TABLES = (
    "surveys_survey",
    "surveys_wave",
    "surveys_householdcode",
    "surveys_response",
    "surveys_answer",
)

#: Named as first installed (migration 0003): SQLite ``<table>_<event>_counted``,
#: PostgreSQL ``survey_data_changed`` (trigger and function).
INSTALL, REMOVE = change_counter(
    counter_table="surveys_surveyversion",
    function="survey_data_changed",
    tables=TABLES,
    events=("INSERT", "UPDATE", "DELETE"),
)


def install(connection: Any) -> None:
    execute_for_vendor(connection, INSTALL)


def remove(connection: Any) -> None:
    execute_for_vendor(connection, REMOVE)
