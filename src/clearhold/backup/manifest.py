"""The backup's manifest: what was backed up, from which code and database, and every file's
size and sha256, so a restore can prove the copy is whole before it writes anything."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath

#: Raised when the layout of ``manifest.json`` changes; a restore refuses a newer format.
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
_CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why in plain words."""


@dataclass(frozen=True)
class FileEntry:
    """One file of the backup, by its path relative to the backup directory."""

    path: str
    size: int
    sha256: str


@dataclass
class Manifest:
    """Everything a restore needs to check before and after it writes."""

    clearhold_version: str
    vendor: str
    created: str
    database_file: str
    migrations: dict[str, str]
    tables: dict[str, int]
    files: list[FileEntry] = field(default_factory=list)
    format_version: int = FORMAT_VERSION

    def write(self, directory: Path) -> Path:
        """Write ``manifest.json`` into ``directory`` (the last step of a backup)."""
        target = directory / MANIFEST
        partial = target.with_suffix(".partial")
        partial.write_text(json.dumps(asdict(self), indent=2, sort_keys=True) + "\n")
        os.replace(partial, target)
        return target

    @classmethod
    def read(cls, directory: Path) -> Manifest:
        """Read the manifest of the backup in ``directory``; refuse what is not one."""
        source = directory / MANIFEST
        if not source.is_file():
            raise BackupError(f"{directory} has no {MANIFEST}: it is not a finished backup.")
        try:
            data = json.loads(source.read_text())
            version = int(data.get("format_version", 0))
            if version > FORMAT_VERSION:
                raise BackupError(
                    f"The backup's manifest is format {version}; this ClearHold reads up to "
                    f"format {FORMAT_VERSION}. Restore it with a newer ClearHold."
                )
            data["files"] = [FileEntry(**entry) for entry in data["files"]]
            manifest = cls(**data)
        except (ValueError, TypeError, KeyError) as error:
            raise BackupError(f"{source} cannot be read as a ClearHold manifest: {error}") from None
        for entry in manifest.files:
            safe_relative(entry.path)
        safe_relative(manifest.database_file)
        if manifest.database_file not in {entry.path for entry in manifest.files}:
            raise BackupError(
                f"The manifest's database file {manifest.database_file!r} is not among the "
                f"backup's checked files."
            )
        return manifest


def safe_relative(path: str) -> PurePosixPath:
    """``path`` as a relative path that stays inside its root (a manifest names no other)."""
    relative = PurePosixPath(path)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise BackupError(f"The manifest names {path!r}, which is outside the backup.")
    return relative


def sha256_of(path: Path) -> str:
    """The sha256 of the file at ``path``, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def copy_hashed(source: Path, target: Path) -> tuple[int, str]:
    """Copy ``source`` to ``target`` (via a temporary name) and return its size and sha256,
    both taken from the bytes written, in one pass."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    digest = hashlib.sha256()
    size = 0
    with source.open("rb") as reading, partial.open("wb") as writing:
        while chunk := reading.read(_CHUNK):
            digest.update(chunk)
            writing.write(chunk)
            size += len(chunk)
    os.replace(partial, target)
    return size, digest.hexdigest()


def entry_for(directory: Path, relative: str) -> FileEntry:
    """The manifest entry of the file at ``relative`` inside ``directory``."""
    path = directory / relative
    return FileEntry(path=relative, size=path.stat().st_size, sha256=sha256_of(path))


def damaged_files(directory: Path, manifest: Manifest) -> list[str]:
    """Each file of the manifest that is missing or differs from its size and sha256, named
    with what is wrong; an empty list means the backup is whole."""
    damaged = []
    for entry in manifest.files:
        path = directory / safe_relative(entry.path)
        if _linked(directory, safe_relative(entry.path)):
            damaged.append(f"{entry.path} is a link, which a backup never holds")
        elif not path.is_file():
            damaged.append(f"{entry.path} is missing")
        elif path.stat().st_size != entry.size:
            damaged.append(f"{entry.path} is {path.stat().st_size} bytes, not {entry.size}")
        elif sha256_of(path) != entry.sha256:
            damaged.append(f"{entry.path} has changed (its sha256 differs)")
    return damaged


def _linked(directory: Path, relative: PurePosixPath) -> bool:
    """Whether the file, or a folder on the way to it, is a symbolic link (which could lead a
    restore to read a file outside the backup)."""
    path = directory
    for part in relative.parts:
        path = path / part
        if path.is_symlink():
            return True
    return False


def private(directory: Path) -> None:
    """Let only the owner read ``directory`` and everything in it (a backup holds every
    person's data): folders 0700, files 0600."""
    for path in [directory, *directory.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o700 if path.is_dir() else 0o600)
