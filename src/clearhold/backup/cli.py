"""`clearhold backup --out DIR` and `clearhold restore DIR`: a failure exits with status 1 and
says what was wrong (a damaged file, a database that is not empty, a missing pg_dump)."""

from __future__ import annotations

import time
from pathlib import Path

import typer
from rich.console import Console

from clearhold.backup.manifest import BackupError
from clearhold.toolkit.bootstrap import django_setup

console = Console()


def backup_command(
    out: Path = typer.Option(
        ..., "--out", help="A new (or empty) directory to write the backup into"
    ),
) -> None:
    """Back up the database and every uploaded and generated file, with a manifest of sha256s."""
    django_setup()
    from clearhold.backup.services import backup_create

    started = time.perf_counter()
    try:
        manifest = backup_create(out=out)
    except BackupError as error:
        console.print(f"[red]Not backed up:[/red] {error}")
        raise typer.Exit(1) from None
    size = sum(entry.size for entry in manifest.files)
    console.print(
        f"Backed up {len(manifest.tables)} tables ({sum(manifest.tables.values()):,} rows) and "
        f"{len(manifest.files) - 1} files, {size / 1e6:.1f} MB, to {out} "
        f"in {time.perf_counter() - started:.1f} s."
    )


def restore_command(
    backup: Path = typer.Argument(..., help="The backup directory (it holds manifest.json)"),
) -> None:
    """Restore a backup into the configured empty database and the media directory."""
    django_setup()
    from clearhold.backup.restore import backup_restore

    started = time.perf_counter()
    try:
        restored = backup_restore(source=backup)
    except BackupError as error:
        console.print(f"[red]Not restored:[/red] {error}")
        raise typer.Exit(1) from None
    console.print(
        f"Restored {restored.tables} tables ({restored.rows:,} rows, every count checked) and "
        f"{restored.files} files in {time.perf_counter() - started:.1f} s."
    )
    if restored.pending:
        console.print(
            "The backup predates this code's migrations for "
            f"{', '.join(restored.pending)}: run `clearhold manage migrate` next."
        )
