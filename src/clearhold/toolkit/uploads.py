"""The check every uploaded file passes before anything reads it: its kind, by name and by its
first bytes (a renamed program is not a CSV), and its size against the limit for that upload.

The whole request is already capped by ``clearhold.web.security`` (413 before the body is read);
these are the tighter, per-form limits, with a message that names the file and what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

SNIFF_BYTES = 4096


def _text(head: bytes) -> bool:
    """Text, not a binary file: no NUL byte at the start (programs, archives and images have
    them within their first few kilobytes; UTF-8 and Windows-1252 text never does). UTF-16 text
    passes here so that the importer can say how to save it as UTF-8."""
    return head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" not in head


@dataclass(frozen=True)
class FileKind:
    """A kind of file an upload may be: its name, the endings allowed and a first-bytes test."""

    label: str
    suffixes: tuple[str, ...]
    looks_right: Callable[[bytes], bool]


CSV = FileKind("CSV", (".csv",), _text)
CSV_GZ = FileKind("gzipped CSV", (".csv.gz",), lambda head: head.startswith(b"\x1f\x8b"))
XLSX = FileKind("Excel workbook", (".xlsx",), lambda head: head.startswith(b"PK\x03\x04"))
HTML = FileKind("HTML", (".html", ".htm"), _text)
JPEG = FileKind("JPEG", (".jpg", ".jpeg"), lambda head: head.startswith(b"\xff\xd8\xff"))
PNG = FileKind("PNG", (".png",), lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"))
WEBP = FileKind("WebP", (".webp",), lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP")
HEIC = FileKind("HEIC", (".heic", ".heif"), lambda head: head[4:8] == b"ftyp")


def _kinds_text(kinds: Sequence[FileKind]) -> str:
    labels = [k.label for k in kinds]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]


def check_upload(
    upload: UploadedFile, *, kinds: Sequence[FileKind], max_bytes: int, what: str
) -> FileKind:
    """The kind ``upload`` is, or :class:`ValidationError` naming the file and what is wrong:
    over ``max_bytes``, a name that is none of ``kinds``, or content that does not match its
    name. ``what`` names the upload in the message ("a units file")."""
    name = upload.name or "the file"
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            f"“{name}” is {filesizeformat(upload.size)}, over the limit of "
            f"{filesizeformat(max_bytes)} for {what}."
        )
    lowered = name.lower()
    kind = next((k for k in kinds if lowered.endswith(k.suffixes)), None)
    if kind is None:
        endings = ", ".join(s for k in kinds for s in k.suffixes)
        raise ValidationError(
            f"“{name}” is not a {_kinds_text(kinds)} file: {what} must end in {endings}."
        )
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if not head or not kind.looks_right(head):
        raise ValidationError(
            f"“{name}” is named as a {kind.label} file but its content is not {kind.label}."
            if head
            else f"“{name}” is empty."
        )
    return kind
