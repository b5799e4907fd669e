"""Probes of ``clearhold backup`` and ``restore`` (issue 21): who can read the files a backup
writes, and what a tampered manifest or backup folder can make a restore read."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from clearhold.backup.manifest import MANIFEST, BackupError, Manifest
from clearhold.backup.restore import backup_restore
from clearhold.backup.services import backup_create
from tests.backup.conftest import jpeg, media  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)
PHOTO = "service/2025/05/gate.jpg"


@pytest.fixture
def backup(site, media, tmp_path) -> Path:  # noqa: F811
    default_storage.save(PHOTO, ContentFile(jpeg()))
    out = tmp_path / "backup"
    backup_create(out=out)
    return out


def _edit_manifest(backup: Path, **changes) -> None:
    path = backup / MANIFEST
    path.write_text(json.dumps({**json.loads(path.read_text()), **changes}))


def test_only_the_account_that_made_a_backup_can_read_it(backup):
    """It holds every person's data: no group or other bits on any file or folder in it."""
    paths = [backup, *backup.rglob("*")]
    assert any(p.name == "gate.jpg" for p in paths)
    for path in paths:
        mode = stat.S_IMODE(path.lstat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))


@pytest.mark.parametrize("named", ["../elsewhere.sqlite3", "/etc/hostname", "manifest.json"])
def test_a_database_file_outside_the_checked_files_is_refused(backup, named):
    _edit_manifest(backup, database_file=named)
    with pytest.raises(BackupError, match=r"outside the backup|not among"):
        backup_restore(source=backup)


def test_a_file_that_is_a_link_out_of_the_backup_is_refused(backup, tmp_path):
    kept = next(p for p in backup.rglob("gate.jpg"))
    outside = tmp_path / "outside.jpg"
    outside.write_bytes(kept.read_bytes())
    kept.unlink()
    kept.symlink_to(outside)
    with pytest.raises(BackupError, match="link"):
        backup_restore(source=backup)


def test_a_folder_that_is_a_link_out_of_the_backup_is_refused(backup, tmp_path):
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
