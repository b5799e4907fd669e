"""Back up a store built through the services, restore it into an empty database in another
process, and find the same rows, the same photograph and the audit log still append-only."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings
from typer.testing import CliRunner

from clearhold.audit.models import AuditEntry
from clearhold.backup.manifest import sha256_of
from clearhold.cli import app
from clearhold.web.demo import demo_incidents_load, demo_partnership_load, demo_problem_load
from tests.backup.conftest import assert_audit_append_only

pytestmark = pytest.mark.django_db(transaction=True)


def _counts(link: Any) -> dict[str, int]:
    with link.cursor() as cursor:
        tables = link.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
        return counts


def _ends(link: Any, counts: dict[str, int]) -> dict[str, tuple]:
    """``{table: (key, first, last)}``: the first and last primary key of each table with rows."""
    ends = {}
    with link.cursor() as cursor:
        for table in (table for table, count in counts.items() if count):
            key = link.introspection.get_primary_key_column(cursor, table)
            cursor.execute(f'SELECT MIN("{key}"), MAX("{key}") FROM "{table}"')
            ends[table] = (key, *cursor.fetchone())
    return ends


def _rows(link: Any, ends: dict[str, tuple]) -> dict[str, list[tuple]]:
    """Those first and last rows of every table, all columns."""
    rows = {}
    with link.cursor() as cursor:
        for table, (key, first, last) in ends.items():
            cursor.execute(
                f'SELECT * FROM "{table}" WHERE "{key}" IN (%s, %s) ORDER BY "{key}"',
                [first, last],
            )
            rows[table] = cursor.fetchall()
    return rows


def _round_trip(target, backup) -> dict:
    """Back up with the CLI, restore with the CLI in another process, and insist the restored
    database has every table's rows (one audit entry more: the restore's own), the same first
    and last row of each table, and audit triggers that still refuse a change; return the
    manifest with the names of the tables sampled."""
    counts = _counts(connection)
    ends = _ends(connection, counts)
    sample = _rows(connection, ends)

    made = CliRunner().invoke(app, ["backup", "--out", str(backup)])

    assert made.exit_code == 0, made.output
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["tables"] == counts
    assert AuditEntry.objects.filter(action="export", object_type="clearhold.backup").exists()

    done = target.restore(backup)

    assert done.returncode == 0, done.stdout + done.stderr
    assert "every count checked" in done.stdout
    restored = target.connect()
    try:
        assert _counts(restored) == {**counts, "audit_auditentry": counts["audit_auditentry"] + 1}
        assert _rows(restored, ends) == sample
        assert_audit_append_only(restored)
    finally:
        restored.close()
    manifest["sampled"] = set(sample)
    return manifest


def test_a_restored_store_has_every_row_file_and_trigger(store, target, tmp_path):
    manifest = _round_trip(target, tmp_path / "backup")

    assert {"powers_serviceevent", "documents_generateddocument", "audit_auditentry"} <= set(
        manifest["sampled"]
    )
    assert manifest["tables"]["powers_serviceevent"] == 1
    assert manifest["tables"]["documents_generateddocument"] == 1
    assert manifest["migrations"]["audit"] == "0003_personal_data_reads"
    assert {f"media/{store.photo_name}", f"media/{store.document_name}"} <= {
        entry["path"] for entry in manifest["files"]
    }
    media = target.var / "media"
    assert (media / store.photo_name).read_bytes() == store.photo
    assert media.joinpath(store.document_name).read_bytes().startswith(b"%PDF")
    assert sha256_of(media / store.document_name) == store.document_sha256


@override_settings(DEMO_MODE=True)
def test_the_demo_store_restores_row_for_row(target, tmp_path):
    demo_partnership_load()
    demo_incidents_load()
    demo_problem_load()

    manifest = _round_trip(target, tmp_path / "backup")

    assert manifest["tables"]["incidents_incident"] == 18_957
    assert len(manifest["sampled"]) >= 30
