"""Encrypted backups with age (pyrage): the backup directory as one tar archive encrypted for
one or more age public keys, so a copy on a backup server, a tape or another site is nothing
to whoever holds it without a private key.

age authenticates every 64 KiB chunk of what it encrypts: a file changed by one bit, cut short
or encrypted for another key does not decrypt at all, and a restore stops before it writes
anything. The archive is unpacked only after the whole file has decrypted, into a private
folder, and then restored as a plain backup, with every sha256 of its manifest checked again.
"""

from __future__ import annotations

import datetime as dt
import os
import tarfile
from pathlib import Path

import pyrage
from pyrage import x25519

from clearhold.backup.manifest import BackupError

AGE_HEADER = b"age-encryption.org/v1\n"
ARCHIVE_ROOT = "backup"


def recipients_parse(values: list[str]) -> list[x25519.Recipient]:
    """The age public keys (``age1…``) to encrypt for; an error names one that is not."""
    recipients = []
    for value in values:
        try:
            recipients.append(x25519.Recipient.from_str(value.strip()))
        except pyrage.RecipientError:
            raise BackupError(
                f"{value!r} is not an age public key (one begins age1…; "
                "`clearhold backup-key` makes a pair). Nothing was backed up."
            ) from None
    return recipients


def key_pair_create(*, out: Path) -> str:
    """Write a new age private key to ``out`` (readable by its owner only; refused if the file
    exists) in age-keygen's layout, and return its public key."""
    identity = x25519.Identity.generate()
    public = str(identity.to_public())
    made = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    text = f"# created: {made}\n# public key: {public}\n{identity}\n"
    try:
        descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise BackupError(f"{out} already exists; a key is never overwritten.") from None
    with os.fdopen(descriptor, "w") as stream:
        stream.write(text)
    return public


def identities_read(key_file: Path) -> list[x25519.Identity]:
    """The age private keys in ``key_file`` (age-keygen's layout: ``#`` comments, one
    ``AGE-SECRET-KEY-1…`` a line)."""
    try:
        lines = key_file.read_text().splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise BackupError(f"The key file {key_file} cannot be read: {error}.") from None
    identities = []
    for line in (ln.strip() for ln in lines):
        if line and not line.startswith("#"):
            try:
                identities.append(x25519.Identity.from_str(line))
            except pyrage.IdentityError:
                raise BackupError(
                    f"The key file {key_file} holds a line that is not an age private key."
                ) from None
    if not identities:
        raise BackupError(f"The key file {key_file} holds no age private key.")
    return identities


def is_encrypted(path: Path) -> bool:
    """Whether ``path`` is a file in age's format."""
    if not path.is_file():
        return False
    with path.open("rb") as stream:
        return stream.read(len(AGE_HEADER)) == AGE_HEADER


def archive_encrypt(directory: Path, *, out: Path, recipients: list[x25519.Recipient]) -> None:
    """Pack ``directory`` into a tar archive beside it, encrypt that to ``out`` (0600, via a
    temporary name), and delete the unencrypted archive."""
    archive = directory.with_name(directory.name + ".tar")
    with tarfile.open(archive, "w") as tar:
        tar.add(directory, arcname=ARCHIVE_ROOT)
    partial = out.with_name(out.name + ".partial")
    try:
        partial.touch(mode=0o600, exist_ok=False)
        pyrage.encrypt_file(str(archive), str(partial), recipients)
        os.replace(partial, out)
    finally:
        archive.unlink()
        partial.unlink(missing_ok=True)


def archive_decrypt(source: Path, *, key_file: Path, into: Path) -> Path:
    """Decrypt the backup ``source`` with the keys in ``key_file`` and unpack it under the
    private folder ``into``; returns the backup directory. Refuses a wrong key by name, and a
    damaged file, before anything is unpacked."""
    identities = identities_read(key_file)
    archive = into / "backup.tar"
    try:
        pyrage.decrypt_file(str(source), str(archive), identities)
    except pyrage.DecryptError:
        keys = ", ".join(str(i.to_public()) for i in identities)
        raise BackupError(
            f"{source} was not encrypted for the key in {key_file} (public key {keys}), or "
            "its header is damaged. Nothing was restored."
        ) from None
    except OSError:
        raise BackupError(
            f"{source} is damaged: part of it does not decrypt (changed or cut short). "
            "Nothing was restored."
        ) from None
    _unpack(archive, into)
    return into / ARCHIVE_ROOT


def _unpack(archive: Path, into: Path) -> None:
    """Unpack the decrypted archive: plain files and folders under ``backup/`` only."""
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            inside = member.name == ARCHIVE_ROOT or member.name.startswith(ARCHIVE_ROOT + "/")
            if not inside or not (member.isfile() or member.isdir()):
                raise BackupError(
                    f"The archive holds {member.name!r}, which a ClearHold backup never does. "
                    "Nothing was restored."
                )
        tar.extractall(into, filter="data")
    archive.unlink()
