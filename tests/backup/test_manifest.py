"""The manifest keeps a restore inside its directories and refuses what it cannot read."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearhold.backup import postgres
from clearhold.backup.manifest import (
    FORMAT_VERSION,
    MANIFEST,
    BackupError,
    FileEntry,
    Manifest,
    copy_hashed,
    damaged_files,
    entry_for,
    safe_relative,
)

PARTS = st.sampled_from(["media", "service", "..", ".", "", "gate.jpg", "/", "a/../..", "x"])


def _manifest(**changes) -> Manifest:
    fields = {
        "clearhold_version": "0.1.0",
        "vendor": "sqlite",
        "created": "2026-12-06T03:00:00+00:00",
        "database_file": "database.sqlite3",
        "migrations": {"audit": "0003_personal_data_reads"},
        "tables": {"audit_auditentry": 3},
    }
    return Manifest(**{**fields, **changes})


@given(st.lists(PARTS, min_size=1, max_size=5))
def test_a_path_the_manifest_names_never_leaves_its_root(parts):
    path = "/".join(parts)
    root = Path("/backup/root")
    try:
        relative = safe_relative(path)
    except BackupError:
        return
    resolved = Path(os.path.normpath(root / relative))
    assert resolved.is_relative_to(root)
    assert resolved != root


@pytest.mark.parametrize("path", ["/etc/passwd", "media/../../etc/passwd", "..", ""])
def test_paths_outside_the_backup_are_refused(path):
    with pytest.raises(BackupError, match="outside the backup"):
        safe_relative(path)


def test_a_manifest_reads_back_as_written(tmp_path):
    (tmp_path / "database.sqlite3").write_bytes(b"SQLite format 3\x00")
    written = _manifest(files=[entry_for(tmp_path, "database.sqlite3")])
    written.write(tmp_path)

    assert Manifest.read(tmp_path) == written
    assert damaged_files(tmp_path, written) == []


def test_a_newer_manifest_format_is_refused(tmp_path):
    _manifest(format_version=FORMAT_VERSION + 1).write(tmp_path)

    with pytest.raises(BackupError, match="Restore it with a newer ClearHold"):
        Manifest.read(tmp_path)


def test_a_manifest_naming_a_file_outside_is_refused(tmp_path):
    _manifest(files=[FileEntry("../elsewhere", 1, "0" * 64)]).write(tmp_path)

    with pytest.raises(BackupError, match="outside the backup"):
        Manifest.read(tmp_path)


def test_a_manifest_that_is_not_one_is_named(tmp_path):
    (tmp_path / MANIFEST).write_text(json.dumps({"files": []}))

    with pytest.raises(BackupError, match="cannot be read as a ClearHold manifest"):
        Manifest.read(tmp_path)


def test_a_file_of_another_size_is_named(tmp_path):
    (tmp_path / "a").write_bytes(b"abc")
    manifest = _manifest(files=[entry_for(tmp_path, "a")])
    (tmp_path / "a").write_bytes(b"abcd")

    assert damaged_files(tmp_path, manifest) == ["a is 4 bytes, not 3"]


def test_a_copy_is_hashed_from_the_bytes_written(tmp_path):
    photo = b"\xff\xd8 a photograph"
    (tmp_path / "photo.jpg").write_bytes(photo)

    size, sha256 = copy_hashed(tmp_path / "photo.jpg", tmp_path / "out" / "photo.jpg")

    assert (size, sha256) == (len(photo), hashlib.sha256(photo).hexdigest())
    assert (tmp_path / "out" / "photo.jpg").read_bytes() == photo
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["photo.jpg"]


def test_a_missing_pg_dump_is_named(monkeypatch):
    monkeypatch.setenv("PATH", "")

    with pytest.raises(BackupError, match="pg_dump was not found on PATH"):
        postgres._program("pg_dump")
