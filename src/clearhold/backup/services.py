"""Making a backup of the whole store (``restore`` puts one back into an empty database).

Backup and restore run from the command line with shell access to the server, so no user's
permission is asked; both write an audit entry. A backup copies bytes, never records, so it
does not go through the read model: it must keep everything, special-category data too.
"""

from __future__ import annotations

import datetime as dt
import getpass
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

from clearhold import __version__
from clearhold.audit.models import AuditAction
from clearhold.audit.services import audit_record
from clearhold.backup import postgres, sqlite
from clearhold.backup.encryption import archive_encrypt, recipients_parse
from clearhold.backup.manifest import (
    BackupError,
    FileEntry,
    Manifest,
    copy_hashed,
    entry_for,
    private,
)
from clearhold.backup.tables import Snapshot

MEDIA = "media"


@dataclass(frozen=True)
class Vendor:
    """How one database vendor is copied out and back."""

    file_name: str
    snapshot: Callable[[Any, Path], Snapshot]
    prepare: Callable[[Any], None]
    restore: Callable[[Any, Path], None]


VENDORS = {
    "sqlite": Vendor(
        sqlite.FILE_NAME, sqlite.sqlite_snapshot, sqlite.sqlite_prepare, sqlite.sqlite_restore
    ),
    "postgresql": Vendor(
        postgres.FILE_NAME,
        postgres.postgres_snapshot,
        postgres.postgres_prepare,
        postgres.postgres_restore,
    ),
}


def vendor_of(connection: Any) -> Vendor:
    if connection.vendor not in VENDORS:
        raise BackupError(f"ClearHold cannot back up a {connection.vendor} database.")
    return VENDORS[connection.vendor]


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _empty_directory(out: Path) -> Path:
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise BackupError(f"{out} already exists and is not an empty directory.")
    out.mkdir(parents=True, exist_ok=True)
    out.chmod(0o700)  # before any data is written into it
    return out


def _media_copy(media: Path, out: Path) -> list[FileEntry]:
    """Copy every file under ``media`` into ``out/media``, hashing as it copies."""
    entries = []
    for path in sorted(p for p in media.rglob("*") if p.is_file()) if media.is_dir() else []:
        relative = f"{MEDIA}/{path.relative_to(media).as_posix()}"
        size, sha256 = copy_hashed(path, out / relative)
        entries.append(FileEntry(path=relative, size=size, sha256=sha256))
    return entries


def operator() -> str:
    """The operating-system account running the command, as the audit log names it."""
    try:
        account = getpass.getuser()
    except (KeyError, OSError):  # a container's user may have no name
        account = "an unnamed account"
    return f"{account} (command line)"


def backup_create(*, out: Path, encrypt_for: Sequence[str] = ()) -> Manifest:
    """Back up the database, then the uploaded and generated files, into the new directory
    ``out``; write the manifest last. The database goes first so every file its rows name
    is copied (an upload during the backup is kept too; it is simply not referenced).

    With ``encrypt_for`` (age public keys), ``out`` is instead a new file: the same backup,
    made in a private folder beside it, packed and encrypted for those keys (the folder is
    deleted, whatever happens)."""
    out = out.resolve()
    if encrypt_for:
        recipients = recipients_parse(list(encrypt_for))  # refused before any work
        if out.exists():
            raise BackupError(f"{out} already exists; an encrypted backup is a new file.")
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
        try:
            manifest = _backup_into(_empty_directory(staging / "backup"))
            archive_encrypt(staging / "backup", out=out, recipients=recipients)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        where = f"{out}, encrypted for {len(recipients)} age key(s)"
    else:
        manifest = _backup_into(_empty_directory(out))
        where = str(out)
    audit_record(
        action=AuditAction.EXPORT,
        object_type="clearhold.backup",
        username=operator(),
        detail=f"Backed up the whole store ({sum(manifest.tables.values())} rows, "
        f"{len(manifest.files) - 1} files) to {where}",
    )
    return manifest


def _backup_into(out: Path) -> Manifest:
    """The backup itself, into the empty directory ``out``."""
    connection = connections["default"]
    vendor = vendor_of(connection)
    snapshot = vendor.snapshot(connection, out / vendor.file_name)
    files = [entry_for(out, vendor.file_name), *_media_copy(media_root(), out)]
    manifest = Manifest(
        clearhold_version=__version__,
        vendor=connection.vendor,
        created=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        database_file=vendor.file_name,
        migrations=snapshot.migrations,
        tables=snapshot.tables,
        files=files,
    )
    manifest.write(out)
    private(out)
    return manifest
