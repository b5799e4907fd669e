"""The import service: all-or-nothing, idempotent, force-month replacement, concurrency."""

from __future__ import annotations

import re

import pytest

from clearhold.incidents import services
from clearhold.incidents.models import ImportBatch, ImportFile, ImportStatus, Incident
from clearhold.incidents.services import (
    ImportRefused,
    IncomingFile,
    import_batch_confirm_replacement,
    import_batch_create,
    import_batch_run,
)
from tests.incidents.policeuk_files import FENLAND, read_rows, row, write


def run(paths, user=None, **options) -> ImportBatch:
    batch = import_batch_create(
        user=user,
        source="policeuk",
        files=[IncomingFile(path=p, name=p.name) for p in paths],
        **options,
    )
    return import_batch_run(batch=batch)


@pytest.fixture
def january():
    return FENLAND / "2024-01-cambridgeshire-street-fenland.csv.gz"


def test_real_fenland_month_is_stored_whole_with_categories_and_grid_references(db, january):
    expected = read_rows(january)
    batch = run([january])
    assert batch.status == ImportStatus.STORED, batch.message
    assert batch.rows_read == batch.rows_stored == len(expected) == Incident.objects.count()
    asb = [r for r in expected if r[9] == "Anti-social behaviour"]
    assert Incident.objects.filter(category="asb-unclassified").count() == len(asb)
    assert Incident.objects.filter(category="asb-unclassified").exclude(reference="").count() == 0
    located = Incident.objects.exclude(easting=None)
    assert located.count() == sum(1 for r in expected if r[4])
    for incident in located[:50]:
        assert 520_000 < incident.easting < 560_000
        assert 280_000 < incident.northing < 330_000
    assert {i.force for i in Incident.objects.all()} == {"Cambridgeshire Constabulary"}
    assert str(Incident.objects.first().month) == "2024-01-01"


def test_importing_the_same_file_again_adds_nothing_and_says_so(db, january):
    first = run([january])
    again = run([january])
    assert again.status == ImportStatus.DUPLICATE
    assert f"already imported in batch {first.pk}" in again.message
    assert Incident.objects.count() == first.rows_stored


def test_a_bad_row_rejects_the_whole_batch_and_names_file_row_column(db, tmp_path):
    good = write(tmp_path / "good.csv", [row(i) for i in range(5)])
    bad = write(tmp_path / "bad.csv", [row(10), row(11, month="2024-13"), row(12)])
    batch = run([good, bad])
    assert batch.status == ImportStatus.REJECTED
    assert Incident.objects.count() == 0
    assert not ImportFile.objects.filter(stored=True).exists()
    [error] = batch.error_report
    assert (error["file"], error["row"], error["column"], error["value"]) == (
        "bad.csv",
        3,
        "Month",
        "2024-13",
    )
    assert "Nothing was stored" in batch.message


def test_keeping_valid_rows_stores_them_and_reports_the_rest(db, tmp_path):
    bad = write(tmp_path / "mixed.csv", [row(1), row(2, lat="95"), row(3), row(4, month="2024-13")])
    batch = run([bad], keep_valid_rows=True)
    assert batch.status == ImportStatus.STORED
    assert (batch.rows_read, batch.rows_stored, batch.rows_rejected) == (4, 2, 2)
    assert sorted(e["row"] for e in batch.error_report) == [3, 5]
    assert Incident.objects.count() == 2


def test_a_fault_while_storing_leaves_the_store_as_it_was(db, tmp_path, monkeypatch, january):
    run([january])
    before = Incident.objects.count()
    real_insert = services.incidents_bulk_insert

    def insert_then_fail(table, *, batch_id, keys):
        real_insert(table, batch_id=batch_id, keys=keys)
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "incidents_bulk_insert", insert_then_fail)
    more = [row(i, force="Elsewhere Police") for i in range(20)]
    batch = run([write(tmp_path / "more.csv", more)])
    assert batch.status == ImportStatus.FAILED
    assert "Nothing was stored" in batch.message
    assert Incident.objects.count() == before
    assert not batch.files.filter(stored=True).exists()


def test_newer_download_of_a_force_month_shows_the_difference_then_replaces(db, tmp_path):
    old_rows = [row(i) for i in range(10)]
    old = write(tmp_path / "2024-01-cambridgeshire-street.csv", old_rows)
    first = run([old])
    new_rows = [*old_rows[2:], row(99)]
    newer = write(tmp_path / "2024-01-cambridgeshire-street-v2.csv", new_rows)
    waiting = run([newer])
    assert waiting.status == ImportStatus.NEEDS_CONFIRMATION
    [plan] = waiting.replacement_plan
    assert (plan["stored_rows"], plan["new_rows"], plan["added"], plan["removed"]) == (10, 9, 1, 2)
    assert plan["batches"] == [first.pk]
    assert Incident.objects.count() == 10
    replaced = import_batch_run(batch=import_batch_confirm_replacement(user=None, batch=waiting))
    assert replaced.status == ImportStatus.STORED, replaced.message
    assert replaced.rows_replaced == 10
    assert Incident.objects.count() == 9
    assert set(Incident.objects.values_list("batch_id", flat=True)) == {replaced.pk}
    assert Incident.objects.filter(location="On or near Street 99").exists()


def test_two_imports_of_the_same_file_at_once_store_it_once(db, tmp_path, monkeypatch):
    path = write(tmp_path / "same.csv", [row(i) for i in range(3)])
    first = import_batch_create(
        user=None, source="policeuk", files=[IncomingFile(path, "same.csv")]
    )
    second = import_batch_create(
        user=None, source="policeuk", files=[IncomingFile(path, "same.csv")]
    )
    assert import_batch_run(batch=first).status == ImportStatus.STORED
    # The second started before the first committed: its checks saw nothing stored yet.
    monkeypatch.setattr(services, "already_stored", lambda files: {})
    monkeypatch.setattr(services, "_replacement_plan", lambda table, batch, keys: [])
    racing = import_batch_run(batch=second)
    assert racing.status == ImportStatus.DUPLICATE
    assert "finished first" in racing.message
    assert Incident.objects.count() == 3


def test_unknown_profile_and_no_files_are_refused(db, tmp_path):
    with pytest.raises(ImportRefused, match="no mapping profile called “nope”"):
        import_batch_create(user=None, source="nope", files=[IncomingFile(tmp_path, "x")])
    with pytest.raises(ImportRefused, match="at least one file"):
        import_batch_create(user=None, source="policeuk", files=[])
    assert not ImportBatch.objects.exists()


def store_constraints() -> set[str]:
    """The names of the incident table's indexes, foreign keys and checks (not its key)."""
    from django.db import connection

    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, Incident._meta.db_table)
    return {name for name, c in found.items() if not c["primary_key"]}


def premises_index_definition() -> str:
    """The premises index's definition as the database keeps it."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'incident_premises'")
        else:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'incident_premises'")
        return cursor.fetchone()[0]


def premises_lookup_plan() -> str:
    """The database's plan for a premises' incidents (sequential scans off on PostgreSQL, whose
    planner prefers one on an empty table)."""
    from django.db import connection

    sql, params = Incident.objects.filter(premises_id=1).order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return " ".join(str(part) for line in cursor.fetchall() for part in line)


def test_the_premises_index_holds_linked_rows_only_and_serves_a_premises_lookup(db):
    assert "WHERE" in premises_index_definition().upper()
    # By name, not as part of Django's "incidents_incident_premises_id_..." full index.
    assert re.search(r"\bincident_premises\b", premises_lookup_plan())
    assert "incidents_incident_premises_id_abb402a4" not in store_constraints()


def test_a_large_first_import_keeps_every_index_of_the_store(db, tmp_path):
    before = store_constraints()
    assert {"incident_category_month", "incident_bng", "incident_premises"} <= before
    partial = premises_index_definition()
    rows = [row(i, lon=f"{0.15 + (i % 100) / 1000:.4f}") for i in range(60_000)]
    batch = run([write(tmp_path / "big.csv.gz", rows)])
    assert batch.status == ImportStatus.STORED
    assert Incident.objects.count() == 60_000
    assert store_constraints() == before
    assert premises_index_definition() == partial  # rebuilt partial, as it was
    assert (
        Incident.objects.filter(category="asb-unclassified", month="2024-01-01").count() == 60_000
    )


def test_a_large_import_failing_after_the_drops_keeps_indexes_and_keys_and_no_rows(
    db, tmp_path, monkeypatch
):
    from django.db import connection

    from clearhold.incidents import store

    before = store_constraints()
    if connection.vendor == "postgresql":
        assert any("fk" in name for name in before)  # the foreign keys are dropped too
    monkeypatch.setattr(store, "LARGE_LOAD_ROWS", 1)
    during: list[set[str]] = []
    # The rows are written (COPY on PostgreSQL, converted on SQLite), then the disk "fills".
    failing = "_copy" if connection.vendor == "postgresql" else "_row_major"
    written = getattr(store, failing)

    def write_then_fail(*args):
        written(*args)
        during.append(store_constraints())
        raise OSError("No space left on device")

    monkeypatch.setattr(store, failing, write_then_fail)
    batch = run([write(tmp_path / "rows.csv", [row(i) for i in range(20)])])
    assert batch.status == ImportStatus.FAILED
    assert "incident_bng" not in during[0]  # the failure came after the drops
    assert Incident.objects.count() == 0
    assert store_constraints() == before


def test_a_large_load_keeps_the_premises_index_in_place_and_in_use(db, tmp_path, monkeypatch):
    from django.db import connection

    from clearhold.incidents import store
    from clearhold.places.models import Premises

    run([write(tmp_path / "first.csv", [row(i) for i in range(3)])])
    linked = Incident.objects.order_by("id").first()
    premises = Premises.objects.create(name="Onyx Court")
    Incident.objects.filter(pk=linked.pk).update(premises=premises)
    monkeypatch.setattr(store, "LARGE_LOAD_ROWS", 1)
    during: list[set[str]] = []
    writer = "_copy" if connection.vendor == "postgresql" else "_row_major"
    writes = getattr(store, writer)

    def recording(*args):
        during.append(store_constraints())
        return writes(*args)

    monkeypatch.setattr(store, writer, recording)
    batch = run([write(tmp_path / "large.csv", [row(i, month="2024-02") for i in range(20)])])
    assert batch.status == ImportStatus.STORED, batch.message
    assert "incident_bng" not in during[0]  # a large load: the other indexes were dropped
    assert "incident_premises" in during[0]  # kept, not dropped and rebuilt
    assert "incident_bng" in store_constraints()
    assert list(Incident.objects.filter(premises=premises)) == [linked]
    assert re.search(r"\bincident_premises\b", premises_lookup_plan())


def test_a_refused_batch_counts_its_rows_and_whole_files_in_words(db, tmp_path):
    bad = write(tmp_path / "bad.csv", [row(10), row(11, month="2024-13"), row(12)])
    assert run([bad]).message.startswith("1 problem found in 1 row. Nothing was stored.")
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("Not,A,Police,File\n1,2,3,4\n")
    batch = run([wrong])
    assert batch.status == ImportStatus.REJECTED
    assert "in 0 row" not in batch.message
    assert "whole file" in batch.message.split(". ")[0]
    assert "(s)" not in batch.message


def test_problems_found_counts_each_row_once_and_says_plurals():
    from clearhold.ingest import RowError, problems_found

    two_in_one_row = [
        RowError("a.csv", 3, "Month", "x", "bad"),
        RowError("a.csv", 3, "Lat", "", "bad"),
    ]
    assert problems_found(two_in_one_row) == "2 problems found in 1 row"
    whole = [RowError("b.csv", None, None, None, "not a police.uk file")]
    assert problems_found(two_in_one_row + whole) == "3 problems found in 1 row and 1 whole file"
    assert problems_found(whole) == "1 problem found in 1 whole file"
