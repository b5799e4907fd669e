"""A restore checks before it writes: a damaged backup, a database with data in it, a backup from
newer code or another database all stop it with the reason named and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from typer.testing import CliRunner

from clearhold.backup.manifest import MANIFEST, BackupError
from clearhold.backup.restore import backup_restore
from clearhold.cli import app
from tests.backup.conftest import PHOTO, edit_manifest

pytestmark = pytest.mark.django_db(transaction=True)


def _tables_in(target) -> list[str]:
    restored = target.connect()
    try:
        with restored.cursor() as cursor:
            return restored.introspection.table_names(cursor)
    finally:
        restored.close()


def test_a_changed_file_is_named_and_nothing_is_restored(backup, target):
    photo = backup / "media" / PHOTO
    damaged = bytearray(photo.read_bytes())
    damaged[-3] ^= 0xFF
    photo.write_bytes(bytes(damaged))

    done = target.restore(backup)

    assert done.returncode == 1
    assert f"media/{PHOTO} has changed" in " ".join(done.stdout.split())
    assert not (target.var / "media").exists()
    if connection.vendor == "sqlite":
        assert not Path(target.settings["NAME"]).exists()
    else:
        assert _tables_in(target) == []


def test_a_missing_file_is_named(backup):
    (backup / "media" / PHOTO).unlink()

    with pytest.raises(BackupError, match=f"nothing was restored: media/{PHOTO} is missing"):
        backup_restore(source=backup)


def test_a_database_with_rows_is_refused_naming_the_table(backup, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "elsewhere"

    with pytest.raises(BackupError, match="not empty: table accounts_organisation has 1 rows"):
        backup_restore(source=backup)
    assert not settings.MEDIA_ROOT.exists()


def test_a_backup_from_newer_code_is_refused(backup):
    edit_manifest(backup, migrations={"audit": "0099_from_the_future"})

    with pytest.raises(BackupError, match=r"newer ClearHold .*audit\.0099_from_the_future"):
        backup_restore(source=backup)


def test_a_backup_of_another_kind_of_database_is_refused(backup):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    edit_manifest(backup, vendor=other)

    with pytest.raises(BackupError, match=f"backup is of a {other} database"):
        backup_restore(source=backup)


def test_a_directory_without_a_manifest_is_not_a_backup(backup):
    (backup / MANIFEST).unlink()

    with pytest.raises(BackupError, match="not a finished backup"):
        backup_restore(source=backup)


def test_the_cli_will_not_write_into_a_directory_with_files(backup):
    refused = CliRunner().invoke(app, ["backup", "--out", str(backup)])

    assert refused.exit_code == 1
    assert "is not an empty directory" in " ".join(refused.output.split())
