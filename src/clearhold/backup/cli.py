"""`clearhold backup --out DIR [--encrypt-with AGE_PUBLIC_KEY]`, `clearhold restore DIR
[--decrypt-with KEYFILE]` and `clearhold backup-key --out KEYFILE`: a failure exits with status
1 and says what was wrong (a damaged file, a wrong key, a database that is not empty, a missing
pg_dump)."""

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
        ...,
        "--out",
        help="A new (or empty) directory to write the backup into; with --encrypt-with, a new file",
    ),
    encrypt_with: list[str] = typer.Option(
        [],
        "--encrypt-with",
        metavar="AGE_PUBLIC_KEY",
        help="Encrypt the backup for this age public key (age1…); repeat for several keys",
    ),
) -> None:
    """Back up the database and every uploaded and generated file, with a manifest of sha256s."""
    django_setup()
    from clearhold.backup.services import backup_create

    started = time.perf_counter()
    try:
        manifest = backup_create(out=out, encrypt_for=encrypt_with)
    except BackupError as error:
        console.print(f"[red]Not backed up:[/red] {error}")
        raise typer.Exit(1) from None
    size = sum(entry.size for entry in manifest.files)
    console.print(
        f"Backed up {len(manifest.tables)} tables ({sum(manifest.tables.values()):,} rows) and "
        f"{len(manifest.files) - 1} files, {size / 1e6:.1f} MB, to {out} "
        f"{'(encrypted) ' if encrypt_with else ''}in {time.perf_counter() - started:.1f} s."
    )


def restore_command(
    backup: Path = typer.Argument(
        ..., help="The backup directory (it holds manifest.json), or an encrypted backup file"
    ),
    decrypt_with: Path | None = typer.Option(
        None,
        "--decrypt-with",
        metavar="KEYFILE",
        help="The age private key file the backup was encrypted for (clearhold backup-key)",
    ),
) -> None:
    """Restore a backup into the configured empty database and the media directory."""
    django_setup()
    from clearhold.backup.restore import backup_restore

    started = time.perf_counter()
    try:
        restored = backup_restore(source=backup, key_file=decrypt_with)
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


def backup_key_command(
    out: Path = typer.Option(
        ..., "--out", help="A new file for the private key (readable by you alone)"
    ),
) -> None:
    """Make an age key pair for encrypted backups: the private key goes to a new file (0600),
    the public key (for `backup --encrypt-with`) is printed."""
    from clearhold.backup.encryption import key_pair_create

    try:
        public = key_pair_create(out=out)
    except BackupError as error:
        console.print(f"[red]No key made:[/red] {error}")
        raise typer.Exit(1) from None
    console.print(
        f"Private key written to {out} (readable by you alone). Keep it safe and apart from "
        "the backups (the server needs only the public key): without it, no backup made for "
        "it can be restored."
    )
    console.print(f"Public key, for `clearhold backup --encrypt-with`:\n{public}", soft_wrap=True)
