"""Restoring a backup: check everything first, write only then, and check again after.

Before anything is written: every file's sha256, the vendor, the migration state (a backup
from newer code is refused), that the database is empty and that no uploaded file would be
overwritten with other bytes. After: every table's row count equals the manifest's, and the
audit log's append-only triggers are installed afresh (whatever the backup held of them).
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connections
from django.db.migrations.loader import MigrationLoader

from clearhold import __version__
from clearhold.audit import triggers
from clearhold.audit.models import AuditAction
from clearhold.audit.services import audit_record
from clearhold.backup.encryption import archive_decrypt, is_encrypted
from clearhold.backup.manifest import (
    BackupError,
    Manifest,
    copy_hashed,
    damaged_files,
    safe_relative,
    sha256_of,
)
from clearhold.backup.services import MEDIA, media_root, operator, vendor_of
from clearhold.backup.tables import first_table_with_data, row_counts


@dataclass(frozen=True)
class Restored:
    """What a restore put back, and the apps whose newer migrations still need ``migrate``."""

    tables: int
    rows: int
    files: int
    pending: list[str]


def _refuse_damage(source: Path, manifest: Manifest) -> None:
    damaged = damaged_files(source, manifest)
    if damaged:
        raise BackupError("The backup is damaged and nothing was restored: " + "; ".join(damaged))


def _refuse_newer(manifest: Manifest, loader: MigrationLoader) -> None:
    for app, name in manifest.migrations.items():
        if (app, name) not in loader.disk_migrations:
            raise BackupError(
                f"The backup was made by a newer ClearHold ({manifest.clearhold_version}): its "
                f"migration {app}.{name} is not in this code ({__version__}). Upgrade "
                f"ClearHold, then restore."
            )


def _pending(manifest: Manifest, loader: MigrationLoader) -> list[str]:
    """The apps whose latest migration in the code is past the backup's."""
    return sorted(
        {app for app, name in loader.graph.leaf_nodes() if manifest.migrations.get(app) != name}
    )


def _counts(connection: Any) -> dict[str, int]:
    with connection.cursor() as cursor:
        return row_counts(cursor, connection.introspection.table_names(cursor))


def _refuse_data(connection: Any) -> None:
    holding = first_table_with_data(_counts(connection))
    if holding is not None:
        table, rows = holding
        raise BackupError(
            f"The database is not empty: table {table} has {rows} rows. Restore into a new "
            f"database (or one only migrated); nothing was restored."
        )


def _media_plan(source: Path, manifest: Manifest, media: Path) -> list[tuple[Path, Path, str]]:
    """``(from, to, sha256)`` for each file to copy; refuse a different file already there."""
    plan = []
    for entry in manifest.files:
        relative = safe_relative(entry.path)
        if relative.parts[0] != MEDIA:
            continue
        target = media.joinpath(*relative.parts[1:])
        if target.exists():
            if target.is_file() and sha256_of(target) == entry.sha256:
                continue
            raise BackupError(f"{target} already exists with other contents; nothing was restored.")
        plan.append((source / relative, target, entry.sha256))
    return plan


def _media_restore(plan: list[tuple[Path, Path, str]]) -> None:
    for kept, target, sha256 in plan:
        if copy_hashed(kept, target)[1] != sha256:
            raise BackupError(f"{target} changed while it was copied back; restore again.")


def _append_only(connection: Any) -> None:
    """Install the audit log's append-only triggers afresh on the restored database: a backup
    of a store whose triggers someone had dropped (to rewrite the trail), or one edited to
    leave them out or to hold harmless ones under their names, must not restore a trail that
    can be changed. Dropped first, so a trigger of the same name is replaced, not kept."""
    with connection.cursor() as cursor:
        present = "audit_auditentry" in connection.introspection.table_names(cursor)
    if present:
        triggers.remove(connection)
        triggers.install(connection)


def _check_counts(connection: Any, manifest: Manifest) -> None:
    restored = _counts(connection)
    wrong = [
        f"{table}: {restored.get(table, 'no table')} rows, the backup had {rows}"
        for table, rows in manifest.tables.items()
        if restored.get(table) != rows
    ]
    if wrong:
        raise BackupError("The restored database differs from the backup: " + "; ".join(wrong))


def backup_restore(*, source: Path, key_file: Path | None = None) -> Restored:
    """Restore the backup in directory ``source`` into the configured, empty database and
    the media directory, refusing before any write if the backup is damaged or does not fit.
    An encrypted backup (a file) is decrypted with the age keys in ``key_file`` into a private
    temporary folder first (deleted afterwards), then restored and checked the same way."""
    if key_file is None:
        if is_encrypted(source):
            raise BackupError(
                f"{source} is an encrypted backup: give the key file it was encrypted for "
                "(--decrypt-with KEYFILE). Nothing was restored."
            )
        return _restore(source)
    if not is_encrypted(source):
        raise BackupError(
            f"{source} is not an encrypted backup (an age file); restore it without a key. "
            "Nothing was restored."
        )
    staging = Path(tempfile.mkdtemp(prefix="clearhold-restore-"))
    try:
        return _restore(archive_decrypt(source, key_file=key_file, into=staging))
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _restore(source: Path) -> Restored:
    manifest = Manifest.read(source)
    _refuse_damage(source, manifest)
    connection = connections["default"]
    if connection.vendor != manifest.vendor:
        raise BackupError(
            f"The backup is of a {manifest.vendor} database; the configured database is "
            f"{connection.vendor}. Nothing was restored."
        )
    loader = MigrationLoader(None, ignore_no_migrations=True)
    _refuse_newer(manifest, loader)
    vendor = vendor_of(connection)
    vendor.prepare(connection)
    _refuse_data(connection)
    plan = _media_plan(source, manifest, media_root())
    vendor.restore(connection, source / manifest.database_file)
    _append_only(connection)
    _media_restore(plan)
    _check_counts(connection, manifest)
    audit_record(
        action=AuditAction.CHANGE,
        object_type="clearhold.backup",
        username=operator(),
        detail=f"Restored the whole store from the backup made at {manifest.created} "
        f"by ClearHold {manifest.clearhold_version}",
    )
    return Restored(
        tables=len(manifest.tables),
        rows=sum(manifest.tables.values()),
        files=len(manifest.files) - 1,
        pending=_pending(manifest, loader),
    )
