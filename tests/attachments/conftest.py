"""Fixtures for attachments: a store of files of its own, and files of each kind."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.powers.conftest import (  # noqa: F401  (the Wisbech closure and its order)
    closure,
    inspector,
    notice,
    order,
    prepared,
    served,
)

MINUTES = b"%PDF-1.4\n% Minutes of the West Street partnership meeting\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def pdf(name: str = "minutes.pdf", content: bytes = MINUTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png(width: int, height: int, name: str = "photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def docx(unpacked_bytes: int, name: str = "letter.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\x00" * unpacked_bytes)
    return SimpleUploadedFile(name, buffer.getvalue())
