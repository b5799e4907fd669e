"""The store's data version changes with every import, removal and change in place, and is
read in one query that counts nothing: database triggers keep the count of changes."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from clearhold.incidents.models import Incident, StoreVersion
from clearhold.incidents.results_cache import store_version
from clearhold.incidents.services import IncomingFile, import_batch_create, import_batch_run
from tests.incidents.policeuk_files import FENLAND


def load(month: str) -> None:
    path = FENLAND / f"{month}-cambridgeshire-street-fenland.csv.gz"
    batch = import_batch_create(user=None, source="policeuk", files=[IncomingFile(path, path.name)])
    import_batch_run(batch=batch)


@pytest.fixture
def one_month(db):
    load("2025-01")


def test_an_import_a_removal_and_a_change_in_place_each_give_a_new_version(one_month):
    seen = {store_version()}
    load("2025-02")
    seen.add(store_version())
    Incident.objects.filter(pk=Incident.objects.order_by("pk").first().pk).delete()
    seen.add(store_version())
    Incident.objects.filter(pk=Incident.objects.order_by("pk").first().pk).update(outcome="x")
    seen.add(store_version())
    assert len(seen) == 4


def test_removing_the_newest_incidents_is_not_mistaken_for_the_older_store(one_month):
    """Max id falls back to an earlier value; the change count still moves on."""
    before = store_version()
    load("2025-02")
    newest = Incident.objects.order_by("-pk").values_list("batch", flat=True).first()
    Incident.objects.filter(batch=newest).delete()
    assert store_version() != before


def test_the_version_is_one_query_that_counts_no_incident(one_month):
    with CaptureQueriesContext(connection) as ran:
        store_version()
    assert len(ran.captured_queries) == 1
    assert "COUNT" not in ran.captured_queries[0]["sql"].upper()


def test_a_removal_rolled_back_leaves_the_version_as_it_was(one_month):
    before = store_version()

    def remove_then_fail():
        with transaction.atomic():
            Incident.objects.all().delete()
            raise RuntimeError("the removal is refused")

    with pytest.raises(RuntimeError):
        remove_then_fail()
    assert store_version() == before
    assert Incident.objects.exists()


def test_a_flushed_counter_starts_again_at_the_next_removal(one_month):
    """``flush`` (the browser tests' reset) empties the counter's table too."""
    StoreVersion.objects.all().delete()
    before = store_version()
    Incident.objects.filter(pk=Incident.objects.order_by("pk").first().pk).delete()
    assert store_version() != before
    assert StoreVersion.objects.get(pk=1).changes >= 1


@pytest.mark.parametrize("large", [False, True], ids=["kept-indexes", "rebuilt-indexes"])
def test_an_import_raises_the_count_once_on_postgresql_and_not_on_sqlite(
    one_month, monkeypatch, large
):
    """PostgreSQL counts each INSERT statement, an import's COPY among them (statement-level
    insert triggers fire for COPY; a large load drops indexes and keys, not the trigger); SQLite
    counts no insert, the newest id standing for it."""
    from clearhold.incidents import store

    monkeypatch.setattr(store, "_large_load", lambda *_args: large)
    before = StoreVersion.objects.get(pk=1).changes
    newest = Incident.objects.order_by("-pk").values_list("pk", flat=True).first()
    load("2025-02")
    assert Incident.objects.order_by("-pk").values_list("pk", flat=True).first() > newest
    counted = StoreVersion.objects.get(pk=1).changes - before
    assert counted == (1 if connection.vendor == "postgresql" else 0)
