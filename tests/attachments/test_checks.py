"""An attachment passes the upload checks (kind by name and first bytes, size) and is no
decompression bomb: an image's pixels are judged from its header, a Word document's unpacked
size from its ZIP directory, and each refusal names the file."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from clearhold.attachments.checks import (
    DOCX,
    MAX_BYTES,
    MAX_UNPACKED_BYTES,
    PDF,
    check_attachment,
)
from clearhold.toolkit.uploads import PNG
from tests.attachments.conftest import docx, pdf, png


def test_a_pdf_a_photograph_and_a_letter_pass():
    assert check_attachment(pdf()) is PDF
    assert check_attachment(png(40, 30)) is PNG
    assert check_attachment(docx(1000)) is DOCX


def test_a_program_renamed_as_a_pdf_is_refused_naming_the_file():
    with pytest.raises(ValidationError, match=r"“minutes.pdf” is named as a PDF file"):
        check_attachment(pdf(content=b"MZ\x90\x00 a Windows program"))


def test_a_kind_not_allowed_is_refused():
    with pytest.raises(ValidationError, match=r"“run.exe” is not a PDF"):
        check_attachment(SimpleUploadedFile("run.exe", b"MZ\x90\x00"))


def test_a_file_over_the_limit_is_refused_before_it_is_read():
    big = pdf()
    big.size = MAX_BYTES + 1
    with pytest.raises(ValidationError, match=r"over the limit of 20.0.*MB for an attachment"):
        check_attachment(big)


def test_an_image_bomb_is_refused_from_its_header():
    """A 10,000 × 10,000 one-bit PNG is a few kilobytes but 100 million pixels decoded."""
    bomb = png(10_000, 10_000)
    assert bomb.size < 100_000
    with pytest.raises(ValidationError, match=r"“photo.png” (is 10000 × 10000|has too many)"):
        check_attachment(bomb)


def test_a_word_document_that_unpacks_too_far_is_refused():
    bomb = docx(MAX_UNPACKED_BYTES + 1)
    assert bomb.size < 1_000_000
    with pytest.raises(ValidationError, match=r"“letter.docx” unpacks to more than 100 MB"):
        check_attachment(bomb)


def test_a_broken_word_document_is_refused():
    with pytest.raises(ValidationError, match=r"cannot be read as a Word document"):
        check_attachment(SimpleUploadedFile("letter.docx", b"PK\x03\x04 not really a zip"))
