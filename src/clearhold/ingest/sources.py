"""Finding the files to read, fingerprinting them, and turning their bytes into UTF-8 text.

Everything a reader needs to know before parsing lives here: which files a list of paths and
folders means, their sha256 and size, gunzipping, refusing content that is not a text CSV at
all (a binary file, a ZIP or Excel workbook renamed ``.csv``, an HTML error page saved as the
download), and decoding: UTF-8 (with or without a byte-order mark), falling back to Windows-1252
and then Latin-1, which is how spreadsheets on Windows save "CSV".

A file's text is capped at :data:`MAX_TEXT_BYTES`: a plain file larger than that is refused
before it is read, and a gzipped one is inflated as a stream that stops one byte past the cap,
so a 50 KB "decompression bomb" costs at most the cap, never what it would expand to.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from clearhold.ingest.errors import IngestError, RowError

try:  # ISA-L inflates gzip about 2.5 times faster than zlib; optional.
    from isal import igzip as _igzip
except ImportError:  # pragma: no cover - depends on the environment
    _igzip = None

__all__ = ["MAX_TEXT_BYTES", "Candidate", "TextFile", "expand_paths", "load_text", "too_large"]

#: Most text ClearHold reads from one file, after decompression: above the 100 MB upload limit
#: (so any plain CSV that may be uploaded can also be sent gzipped) and some five times the
#: largest police.uk force-month file.
MAX_TEXT_BYTES = 128 * 1024 * 1024

_BOM = b"\xef\xbb\xbf"
_SNIFF = 2048


@dataclass(frozen=True)
class Candidate:
    """A file to read, with the name errors will call it by (unique within one read)."""

    path: Path
    name: str


@dataclass(frozen=True)
class TextFile:
    """A file's fingerprint and, unless it was refused (``problem``), its text as UTF-8 bytes."""

    path: Path
    name: str
    sha256: str
    size: int
    data: bytes
    encoding: str
    problem: str | None = None

    def refusal(self) -> RowError:
        """The file-level error for a refused file."""
        return RowError(self.name, None, None, None, self.problem or "the file was refused")


def expand_paths(
    paths: Iterable[str | Path], *, suffixes: tuple[str, ...]
) -> tuple[list[Candidate], list[RowError]]:
    """The files meant by ``paths``: files as given, folders searched recursively (sorted) for
    names ending in one of ``suffixes``. A path given twice is read once.

    Raises :class:`IngestError` for a path that does not exist (a usage error); an empty
    folder becomes a file-level :class:`RowError` instead.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    found: list[Path] = []
    problems: list[RowError] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            inside = sorted(
                p for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(suffixes)
            )
            if not inside:
                wanted = " or ".join(suffixes)
                problems.append(
                    RowError(path.name or str(path), None, None, None, f"no {wanted} files here")
                )
            found.extend(inside)
        elif path.is_file():
            found.append(path)
        else:
            raise IngestError(f"{path} does not exist (or is not a file or folder)")
    unique = list(dict.fromkeys(p.resolve() for p in found))
    return [Candidate(p, n) for p, n in zip(unique, _display_names(unique), strict=True)], problems


def _display_names(paths: list[Path]) -> list[str]:
    """Each file's name, with as many parent folders as it takes to tell same-named files apart."""
    depth = dict.fromkeys(paths, 1)
    while True:
        names = {p: "/".join(p.parts[-depth[p] :]) for p in paths}
        seen: dict[str, list[Path]] = {}
        for p, name in names.items():
            seen.setdefault(name, []).append(p)
        clashes = [p for group in seen.values() if len(group) > 1 for p in group]
        growable = [p for p in clashes if depth[p] < len(p.parts)]
        if not growable:
            return [names[p] for p in paths]
        for p in growable:
            depth[p] += 1


def too_large(what: str, limit: int) -> str:
    """The refusal for a file whose content passes ``limit`` bytes (``what``: how it does)."""
    return (
        f"the file {what} more than {limit // (1024 * 1024):,} MB, the most ClearHold reads "
        "from one file; split it into smaller files (for example one per month)"
    )


def load_text(candidate: Candidate, *, allow_zip: bool = False) -> TextFile:
    """Read, fingerprint and decode one file; bad content sets ``problem`` instead of raising."""
    size = candidate.path.stat().st_size
    if size > MAX_TEXT_BYTES:
        with candidate.path.open("rb") as stream:
            digest = hashlib.file_digest(stream, "sha256").hexdigest()
        problem = too_large("holds", MAX_TEXT_BYTES)
        return TextFile(candidate.path, candidate.name, digest, size, b"", "", problem)
    raw = candidate.path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()

    def refused(problem: str, encoding: str = "") -> TextFile:
        return TextFile(candidate.path, candidate.name, digest, len(raw), b"", encoding, problem)

    data = raw
    if raw[:2] == b"\x1f\x8b":
        try:
            data = _gunzip(raw, MAX_TEXT_BYTES)
        except (OSError, EOFError, zlib.error) as error:
            return refused(f"the file is gzip-compressed but cannot be decompressed ({error})")
        if len(data) > MAX_TEXT_BYTES:
            return refused(too_large("is gzip-compressed and expands to", MAX_TEXT_BYTES))
    problem = _not_text(data, allow_zip=allow_zip)
    if problem:
        return refused(problem)
    data, encoding = _to_utf8(data)
    return TextFile(candidate.path, candidate.name, digest, len(raw), data, encoding)


def _gunzip(raw: bytes, limit: int) -> bytes:
    """Inflate at most ``limit + 1`` bytes, as a stream (so a longer result is known to be too
    long without being made), with ISA-L when installed (about 2.5 times faster), else zlib.
    Concatenated gzip members are read as one file, as ``gzip.decompress`` does."""
    opener = _igzip.IGzipFile if _igzip is not None else gzip.GzipFile
    with opener(fileobj=io.BytesIO(raw), mode="rb") as stream:
        return stream.read(limit + 1)


def _not_text(data: bytes, *, allow_zip: bool) -> str | None:
    """Why ``data`` cannot be a text CSV, or ``None`` when it may be one."""
    head = data[:_SNIFF]
    if not head.strip() and not data.strip():
        return "the file is empty (it has no header row)"
    if head.startswith(b"PK\x03\x04") and not allow_zip:
        return (
            "the file is a ZIP archive (perhaps an Excel workbook or a zipped download) with a "
            "CSV name; unzip it, or save it from the spreadsheet as CSV"
        )
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "the file is UTF-16 text; save it as CSV UTF-8 instead"
    if head.startswith(b"%PDF"):
        return "the file is a PDF document, not a CSV"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "the file is an old Excel .xls workbook (or another Office file); save it as CSV"
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml")) or (
        b"<html" in lowered[:512]
    ):
        return (
            "the file is an HTML web page, not a CSV (perhaps an error page was saved instead "
            "of the download)"
        )
    if b"\x00" in data and not (allow_zip and head.startswith(b"PK\x03\x04")):
        return "the file is binary (it contains NUL bytes), not a CSV text file"
    return None


def _to_utf8(data: bytes) -> tuple[bytes, str]:
    """The text re-encoded as UTF-8 without a byte-order mark, and the encoding it was in."""
    encoding = "utf-8"
    if data.startswith(_BOM):
        data, encoding = data[len(_BOM) :], "utf-8-sig"
    if data.isascii():
        return data, encoding
    try:
        data.decode("utf-8")
        return data, encoding
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252").encode("utf-8"), "cp1252"
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined
        return data.decode("latin-1").encode("utf-8"), "latin-1"
