"""Probes of ``clearhold backup`` and ``restore`` (issue 21): who can read the files a backup
writes, and what a tampered manifest or backup folder can make a restore read."""

from __future__ import annotations

import os
import stat
import subprocess  # nosec B404
from pathlib import Path

import pytest
from django.test import Client

from clearhold.accounts.models import SignedInSession
from clearhold.backup.manifest import BackupError, Manifest
from clearhold.backup.restore import backup_restore
from clearhold.backup.services import backup_create
from tests.accounts.second_factor_helpers import sign_in
from tests.backup.conftest import (  # noqa: F401  (fixtures)
    PHOTO,
    assert_audit_append_only,
    backup,
    edit_manifest,
    jpeg,
    media,
    target,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_only_the_account_that_made_a_backup_can_read_it(backup):  # noqa: F811
    """It holds every person's data: no group or other bits on any file or folder in it."""
    paths = [backup, *backup.rglob("*")]
    assert any(p.name == "gate.jpg" for p in paths)
    for path in paths:
        mode = stat.S_IMODE(path.lstat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))


@pytest.mark.parametrize("named", ["../elsewhere.sqlite3", "/etc/hostname", "manifest.json"])
def test_a_database_file_outside_the_checked_files_is_refused(backup, named):  # noqa: F811
    edit_manifest(backup, database_file=named)
    with pytest.raises(BackupError, match=r"outside the backup|not among"):
        backup_restore(source=backup)


def test_a_file_that_is_a_link_out_of_the_backup_is_refused(backup, tmp_path):  # noqa: F811
    kept = next(p for p in backup.rglob("gate.jpg"))
    outside = tmp_path / "outside.jpg"
    outside.write_bytes(kept.read_bytes())
    kept.unlink()
    kept.symlink_to(outside)
    with pytest.raises(BackupError, match="link"):
        backup_restore(source=backup)


def test_a_folder_that_is_a_link_out_of_the_backup_is_refused(backup, tmp_path):  # noqa: F811
    folder = backup / "media" / "service"
    moved = tmp_path / "moved"
    folder.rename(moved)
    folder.symlink_to(moved)
    with pytest.raises(BackupError, match="link"):
        backup_restore(source=backup)


def test_no_secret_of_the_server_is_written_into_a_backup(settings, site, media, tmp_path):  # noqa: F811
    settings.SECRET_KEY = "probe-secret-key-" + "x" * 40
    settings.OIDC_RP_CLIENT_SECRET = "probe-oidc-client-secret"
    out = tmp_path / "backup"
    backup_create(out=out)
    assert Manifest.read(out).files
    for path in (p for p in out.rglob("*") if p.is_file()):
        data = path.read_bytes()
        assert b"probe-secret-key" not in data
        assert b"probe-oidc-client-secret" not in data
    assert os.environ.get("CLEARHOLD_OIDC_CLIENT_SECRET", "") == ""


def _database_bytes(folder: Path, manifest: Manifest) -> bytes:
    """The backup's database as bytes a key could be found in (a PostgreSQL dump's data is
    compressed: pg_restore writes it out as SQL)."""
    kept = folder / manifest.database_file
    if manifest.vendor == "sqlite":
        return kept.read_bytes()
    done = subprocess.run(  # nosec B603 B607
        ["pg_restore", "--data-only", "--file=-", str(kept)], capture_output=True, check=True
    )
    return done.stdout


def test_no_live_sign_in_is_written_into_a_backup(officer, media, tmp_path, target):  # noqa: F811
    """A session key is a credential for the running server: a copy of the backup must not
    let its reader act as whoever was signed in (second factor given) when it was made."""
    browser = Client()
    sign_in(browser, "officer")
    key = browser.session.session_key
    assert SignedInSession.objects.filter(session_id=key).exists()
    out = tmp_path / "backup"
    manifest = backup_create(out=out)
    assert manifest.tables["django_session"] == 0
    assert manifest.tables["accounts_signedinsession"] == 0
    assert key.encode() not in _database_bytes(out, manifest)
    assert browser.get("/").status_code == 200  # the server's own sessions are untouched
    done = target.restore(out)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_restored_audit_log_is_append_only_even_when_the_backup_lost_its_triggers(
    site,
    media,  # noqa: F811
    tmp_path,
    target,  # noqa: F811
):
    """A store whose append-only triggers someone with the database's password dropped (to
    rewrite the trail), or a backup edited to leave them out, restored a trail anyone could
    change: the restore checked rows and files, not that the log is still append-only."""
    from django.db import connection

    from clearhold.audit import triggers

    triggers.remove(connection)
    try:
        out = tmp_path / "backup"
        backup_create(out=out)
    finally:
        triggers.install(connection)
    done = target.restore(out)
    assert done.returncode == 0, done.stdout + done.stderr
    restored = target.connect()
    try:
        assert_audit_append_only(restored)
    finally:
        restored.close()
