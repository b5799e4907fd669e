"""Benchmark: `clearhold backup` and `clearhold restore` of the demo store, beside a hand-made copy.

Data: the demo (the Fenland partnership, 18,957 police.uk incidents, the Wisbech problem) in a
throw-away SQLite store under a temporary folder, plus ``--photos`` made-up photographs of
``--photo-kb`` each under ``MEDIA_ROOT`` (the demo itself has no uploaded files). Set-up is not
timed.

Timed: ``backup_create`` (the online backup API, row counts and migration state read from the
copy, every media file copied and hashed, the manifest) and ``backup_restore`` into a new empty
database file and media folder (every sha256 checked first, the copy back, the row counts
checked after), each in this process, so Django's start-up is not counted.

Also timed: the same backup encrypted for an age key (``backup_create(encrypt_for=…)``: the
directory packed into a tar and encrypted with pyrage) and its restore with the private key
(decrypted and unpacked into a private folder, then restored as above); the baseline for these
is the plain copy piped through the ``age`` encryption a hand-made script would add, measured
here with the same pyrage calls on a tar of the plain copy.

Baseline, what an administrator would otherwise script: SQLite's backup API into a file and a
``shutil.copytree`` of the media folder, and the same two back again, with no manifest, no
hashes and no checks. The ratio is the price of being able to prove a backup whole.

Run: ``.venv/bin/python bench/bench_backup.py [--photos 200] [--photo-kb 150] [--runs 3]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def _setup_django(scratch: Path) -> None:
    os.environ.update(
        CLEARHOLD_VAR=str(scratch / "live"),
        CLEARHOLD_DEMO="1",
        DJANGO_SETTINGS_MODULE="clearhold.web.settings",
    )
    os.environ.pop("DATABASE_URL", None)
    (scratch / "live").mkdir(parents=True)
    import django

    django.setup()


def _load(photos: int, photo_kb: int) -> Path:
    from django.conf import settings
    from django.core.management import call_command

    from clearhold.web.demo import demo_incidents_load, demo_partnership_load, demo_problem_load

    call_command("migrate", interactive=False, verbosity=0)
    demo_partnership_load()
    demo_incidents_load()
    demo_problem_load()
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    for number in range(photos):
        path = media / "service" / "2025" / "05" / f"photo-{number:04d}.jpg"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(os.urandom(photo_kb * 1024))
    return media


def _timed(runs: int, step: Callable[[int], None]) -> float:
    seconds = []
    for run in range(runs):
        started = time.perf_counter()
        step(run)
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds)


def _point_at(database: Path, media: Path) -> None:
    """Aim Django's default database and media folder at a new, empty store."""
    from django.conf import settings
    from django.db import connections

    connection = connections["default"]
    connection.close()
    connection.settings_dict["NAME"] = str(database)
    settings.MEDIA_ROOT = media


def _plain_age(scratch: Path, runs: int, copy: float, back: float) -> tuple[float, float]:
    """The hand-made script with encryption: the plain copy's time plus a tar of it encrypted
    with age (pyrage), and the plain restore's plus decrypting and unpacking it."""
    import tarfile

    import pyrage
    from pyrage import x25519

    identity = x25519.Identity.generate()

    def seal(run: int) -> None:
        with tarfile.open(scratch / f"plain-{run}.tar", "w") as tar:
            tar.add(scratch / f"plain-{run}", arcname="backup")
        pyrage.encrypt_file(
            str(scratch / f"plain-{run}.tar"),
            str(scratch / f"plain-{run}.age"),
            [identity.to_public()],
        )
        (scratch / f"plain-{run}.tar").unlink()

    def unseal(run: int) -> None:
        tar_path = scratch / f"plain-open-{run}.tar"
        pyrage.decrypt_file(str(scratch / f"plain-{run}.age"), str(tar_path), [identity])
        with tarfile.open(tar_path) as tar:
            tar.extractall(scratch / f"plain-open-{run}", filter="data")

    return copy + _timed(runs, seal), back + _timed(runs, unseal)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=200)
    parser.add_argument("--photo-kb", type=int, default=150)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="clearhold-bench-backup-"))
    _setup_django(scratch)
    from django.db import connections

    from clearhold.backup.encryption import key_pair_create
    from clearhold.backup.restore import backup_restore
    from clearhold.backup.services import backup_create

    media = _load(args.photos, args.photo_kb)
    live = Path(connections["default"].settings_dict["NAME"])

    def plain_copy(run: int) -> None:
        out = scratch / f"plain-{run}"
        out.mkdir()
        with sqlite3.connect(live) as source, sqlite3.connect(out / "db.sqlite3") as copy:
            source.backup(copy)
        shutil.copytree(media, out / "media")

    def plain_back(run: int) -> None:
        out = scratch / f"plain-back-{run}"
        out.mkdir()
        with (
            sqlite3.connect(scratch / f"plain-{run}" / "db.sqlite3") as kept,
            sqlite3.connect(out / "db.sqlite3") as restored,
        ):
            kept.backup(restored)
        shutil.copytree(scratch / f"plain-{run}" / "media", out / "media")

    plain = _timed(args.runs, plain_copy)
    plain_restore = _timed(args.runs, plain_back)
    backup = _timed(args.runs, lambda run: backup_create(out=scratch / f"backup-{run}"))

    def restore(run: int) -> None:
        _point_at(scratch / f"restored-{run}" / "clearhold.sqlite3", scratch / f"media-{run}")
        backup_restore(source=scratch / f"backup-{run}")

    restored = _timed(args.runs, restore)
    key = scratch / "backup.key"
    public = key_pair_create(out=key)
    encrypted = _timed(
        args.runs,
        lambda run: backup_create(out=scratch / f"encrypted-{run}.age", encrypt_for=[public]),
    )

    def restore_encrypted(run: int) -> None:
        _point_at(scratch / f"decrypted-{run}" / "clearhold.sqlite3", scratch / f"dmedia-{run}")
        backup_restore(source=scratch / f"encrypted-{run}.age", key_file=key)

    decrypted = _timed(args.runs, restore_encrypted)
    plain_encrypted, plain_decrypted = _plain_age(scratch, args.runs, plain, plain_restore)
    size = sum(p.stat().st_size for p in (scratch / "backup-0").rglob("*") if p.is_file())
    sealed = (scratch / "encrypted-0.age").stat().st_size
    print(f"Demo store + {args.photos} photos of {args.photo_kb} KB; backup {size / 1e6:.1f} MB")
    print(f"encrypted backup {sealed / 1e6:.1f} MB")
    print(f"{'':28}{'ClearHold':>11}{'plain copy':>12}{'ratio':>8}")
    for name, ours, theirs in (
        ("backup", backup, plain),
        ("restore", restored, plain_restore),
        ("backup, encrypted", encrypted, plain_encrypted),
        ("restore, encrypted", decrypted, plain_decrypted),
    ):
        print(f"{name:28}{ours:>10.2f}s{theirs:>11.2f}s{ours / theirs:>7.1f}×")
    shutil.rmtree(scratch)


if __name__ == "__main__":
    main()
