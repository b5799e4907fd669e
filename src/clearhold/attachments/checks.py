"""The checks an attachment passes before it is stored, on top of ``toolkit.uploads`` (kind by
name and first bytes, size): an image must not be a decompression bomb (its pixel count is read
from its header, never by decoding it) and a Word document (a ZIP) must not unpack to more than
``MAX_UNPACKED_BYTES`` (judged from its directory, never by unpacking it). PDFs are stored and
served as they came (ClearHold never renders them), so nothing inflates their streams.
"""

from __future__ import annotations

import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from clearhold.toolkit.images import pixels_problem
from clearhold.toolkit.uploads import HEIC, JPEG, PNG, WEBP, FileKind, check_upload

MAX_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
PDF = FileKind("PDF", (".pdf",), lambda head: head.startswith(b"%PDF-"))
DOCX = FileKind("Word document", (".docx",), lambda head: head.startswith(b"PK\x03\x04"))
KINDS = (PDF, DOCX, JPEG, PNG, WEBP, HEIC)
DECODED_IMAGES = (JPEG, PNG, WEBP)


def _unpacked_problem(upload: UploadedFile) -> str:
    try:
        with zipfile.ZipFile(upload) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "cannot be read as a Word document"
    finally:
        upload.seek(0)
    if unpacked > MAX_UNPACKED_BYTES:
        return f"unpacks to more than {MAX_UNPACKED_BYTES // (1024 * 1024)} MB"
    return ""


def check_attachment(upload: UploadedFile) -> FileKind:
    """The kind ``upload`` is, or :class:`ValidationError` naming the file and what is wrong."""
    kind = check_upload(upload, kinds=KINDS, max_bytes=MAX_BYTES, what="an attachment")
    problem = ""
    if kind in DECODED_IMAGES:
        problem = pixels_problem(upload)
    elif kind is DOCX:
        problem = _unpacked_problem(upload)
    if problem:
        raise ValidationError(f"“{upload.name}” {problem}.")
    return kind
