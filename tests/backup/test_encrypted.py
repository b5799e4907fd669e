"""Encrypted backups (age, through pyrage): `clearhold backup-key` makes a key pair, `backup
--encrypt-with` writes one file only that key opens, `restore --decrypt-with` puts it back; a
wrong key or a changed file is refused, by name, before anything is restored."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from typer.testing import CliRunner

from clearhold.backup.encryption import AGE_HEADER
from clearhold.backup.manifest import BackupError
from clearhold.backup.restore import backup_restore
from clearhold.backup.services import backup_create
from clearhold.cli import app
from tests.backup.conftest import PHOTO, jpeg

pytestmark = pytest.mark.django_db(transaction=True)


def make_key(path: Path) -> str:
    """`clearhold backup-key --out path`; returns the public key it printed."""
    made = CliRunner().invoke(app, ["backup-key", "--out", str(path)])
    assert made.exit_code == 0, made.output
    return made.output.split()[-1]


@pytest.fixture
def keys(tmp_path) -> Path:
    folder = tmp_path / "keys"
    folder.mkdir()
    return folder


@pytest.fixture
def encrypted(site, media, tmp_path, keys) -> tuple[Path, Path, bytes]:
    """A store with one site and one photograph, backed up encrypted for a new key."""
    photo = jpeg()
    default_storage.save(PHOTO, ContentFile(photo))
    public = make_key(keys / "backup.key")
    out = tmp_path / "backups" / "clearhold.age"
    made = CliRunner().invoke(app, ["backup", "--out", str(out), "--encrypt-with", public])
    assert made.exit_code == 0, made.output
    return out, keys / "backup.key", photo


def said(done, text: str) -> bool:
    """Whether the command printed ``text`` (Rich wraps long lines, paths among them)."""
    return "".join(text.split()) in "".join(done.stdout.split())


def _nothing_restored(target) -> None:
    assert not (target.var / "media").exists()
    if connection.vendor == "sqlite":
        assert not Path(target.settings["NAME"]).exists()


def test_a_key_pair_is_made_with_the_private_key_for_its_owner_alone(keys):
    public = make_key(keys / "backup.key")
    text = (keys / "backup.key").read_text()
    assert public.startswith("age1")
    assert f"# public key: {public}" in text
    assert "AGE-SECRET-KEY-1" in text
    assert stat.S_IMODE((keys / "backup.key").stat().st_mode) == 0o600
    again = CliRunner().invoke(app, ["backup-key", "--out", str(keys / "backup.key")])
    assert again.exit_code == 1
    assert "never overwritten" in again.output
    assert (keys / "backup.key").read_text() == text


def test_an_encrypted_backup_is_one_private_file_that_shows_nothing(encrypted):
    out, _, photo = encrypted
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # nothing left beside it
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    data = out.read_bytes()
    assert data.startswith(AGE_HEADER)
    for plain in (b"SQLite format 3", b"PGDMP", photo[:64], b"manifest.json", b"gate.jpg"):
        assert plain not in data


def test_an_encrypted_backup_restores_whole_with_its_key(encrypted, target, tmp_path):
    out, key, photo = encrypted
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    done = target.restore(out, "--decrypt-with", str(key), TMPDIR=str(scratch))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "every count checked" in done.stdout
    assert (target.var / "media" / PHOTO).read_bytes() == photo
    restored = target.connect()
    try:
        with restored.cursor() as cursor:
            cursor.execute("SELECT name FROM places_site")
            assert len(cursor.fetchall()) == 1
    finally:
        restored.close()
    assert list(scratch.iterdir()) == []  # the decrypted copy is gone


def test_a_wrong_key_is_refused_by_name_and_nothing_is_restored(encrypted, target, keys):
    out, _, _ = encrypted
    other = make_key(keys / "other.key")
    done = target.restore(out, "--decrypt-with", str(keys / "other.key"))
    assert done.returncode == 1
    assert said(done, f"not encrypted for the key in {keys / 'other.key'} (public key {other})")
    assert said(done, "Nothing was restored")
    _nothing_restored(target)


@pytest.mark.parametrize("change", ["one byte flipped", "cut short"])
def test_a_changed_file_is_refused_and_nothing_is_restored(encrypted, target, change):
    out, key, _ = encrypted
    data = bytearray(out.read_bytes())
    if change == "one byte flipped":
        data[len(data) // 2] ^= 0x01
    else:
        del data[-200:]
    out.write_bytes(bytes(data))
    done = target.restore(out, "--decrypt-with", str(key))
    assert done.returncode == 1
    assert said(done, f"{out} is damaged")
    assert said(done, "Nothing was restored")
    _nothing_restored(target)


def test_an_encrypted_backup_without_its_key_is_refused(encrypted):
    out, _, _ = encrypted
    with pytest.raises(BackupError, match="is an encrypted backup: give the key file"):
        backup_restore(source=out)


def test_a_plain_backup_given_a_key_is_refused(backup, keys):
    make_key(keys / "backup.key")
    with pytest.raises(BackupError, match="is not an encrypted backup"):
        backup_restore(source=backup, key_file=keys / "backup.key")


def test_a_malformed_public_key_is_refused_before_anything_is_written(site, media, tmp_path):
    out = tmp_path / "backups" / "clearhold.age"
    with pytest.raises(BackupError, match="'age1nope' is not an age public key"):
        backup_create(out=out, encrypt_for=["age1nope"])
    assert not out.parent.exists()


@pytest.mark.parametrize("member", ["link", "outside"])
def test_an_archive_with_a_link_or_a_path_outside_is_refused(
    backup, keys, tmp_path, settings, member
):
    """Someone holding the public key can encrypt any archive: what it holds is checked before
    anything is unpacked."""
    import io
    import tarfile

    import pyrage
    from pyrage import x25519

    public = make_key(keys / "backup.key")
    archive = tmp_path / "crafted.tar"
    with tarfile.open(archive, "w") as tar:
        tar.add(backup, arcname="backup")
        if member == "link":
            link = tarfile.TarInfo("backup/media/elsewhere.jpg")
            link.type, link.linkname = tarfile.SYMTYPE, "/etc/hostname"
            tar.addfile(link)
        else:
            tar.addfile(tarfile.TarInfo("../planted.txt"), io.BytesIO(b""))
    crafted = tmp_path / "crafted.age"
    pyrage.encrypt_file(str(archive), str(crafted), [x25519.Recipient.from_str(public)])
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    with pytest.raises(BackupError, match="which a ClearHold backup never does"):
        backup_restore(source=crafted, key_file=keys / "backup.key")
    assert not (tmp_path / "planted.txt").exists()
    assert not settings.MEDIA_ROOT.exists()
