"""The collected static files production serves: hashed, compressed names in ``STATIC_ROOT``.

whitenoise serves ``STATIC_ROOT`` with the manifest storage's hashed names (cached for a year)
and their gzip and Brotli copies. Collecting takes about 10 s of processor time (the compression;
source maps are not compressed), so ``clearhold serve`` collects only when the sources changed:
the digest of every source file is kept beside the manifest and compared at start.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders

STAMP_NAME = "clearhold-sources.sha256"
MANIFEST_NAME = "staticfiles.json"
INSTALLED = "collected from the installed sources"


@dataclass(frozen=True)
class StaticState:
    """Whether the collected files are what the sources would make now, in words."""

    ready: bool
    words: str


def _root() -> Path | None:
    root = settings.STATIC_ROOT
    return Path(root) if root else None


def sources_digest() -> str:
    """A SHA-256 over every source static file's name and content, in a fixed order."""
    found: dict[str, str] = {}
    for finder in get_finders():
        for name, storage in finder.list([]):
            found.setdefault(name, storage.path(name))
    digest = hashlib.sha256()
    for name in sorted(found):
        digest.update(name.encode() + b"\0")
        digest.update(hashlib.sha256(Path(found[name]).read_bytes()).digest())
    return digest.hexdigest()


def static_state() -> StaticState:
    """Whether the manifest is present and collected from the sources installed now."""
    root = _root()
    if root is None or settings.WHITENOISE_USE_FINDERS:
        return StaticState(True, "served from the app folders (demo, debug or tests)")
    if not (root / MANIFEST_NAME).exists():
        return StaticState(False, "not collected: run `clearhold manage collectstatic`")
    stamp = root / STAMP_NAME
    if not stamp.exists() or stamp.read_text().strip() != sources_digest():
        return StaticState(False, "collected from other sources: collect them again")
    return StaticState(True, INSTALLED)


def static_collect(*, force: bool = False) -> bool:
    """Collect (hash and compress) the static files when they are missing or out of date, or
    when ``force``; True when it collected."""
    root = _root()
    if root is None or settings.WHITENOISE_USE_FINDERS:
        return False
    if not force and static_state().ready:
        return False
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    (root / STAMP_NAME).write_text(sources_digest() + "\n")
    return True
