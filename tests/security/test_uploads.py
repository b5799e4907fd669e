"""Uploads: a huge body refused before it is read (413 naming the limit), and every upload form
checks the file's kind (name and first bytes) and size, storing nothing when it refuses."""

from __future__ import annotations

import io
import socket
import time

import pytest
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from hypothesis import given, reject
from hypothesis import strategies as st

from clearhold.accounts.roles import Role
from clearhold.toolkit.uploads import CSV, CSV_GZ, HTML, XLSX, check_upload

GIGABYTE = 1024**3
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


class UnreadableBody(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    reads = 0

    def read(self, size: int = -1) -> bytes:
        UnreadableBody.reads += 1
        raise AssertionError("the body was read")

    readline = read


class CountingBody(io.BytesIO):
    """A request body that counts how much of it was read."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.taken = 0

    def read(self, size: int = -1) -> bytes:
        chunk = super().read(size)
        self.taken += len(chunk)
        return chunk


def _multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = "clearholdboundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
            f"Content-Type: text/csv\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize("path", ["/incidents/import/", "/sign-in/", "/api/problems"])
def test_a_1_gb_upload_is_refused_before_its_body_is_read(client, db, path):
    UnreadableBody.reads = 0
    response = client.generic(
        "POST",
        path,
        CONTENT_TYPE="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(GIGABYTE),
        **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 413
    text = response.content.decode()
    assert "The upload is 1.0\xa0GB, over the limit of 100.0\xa0MB" in text
    assert UnreadableBody.reads == 0


@override_settings(CLEARHOLD_UPLOAD_MAX_BYTES=10_000)
def test_a_body_that_grows_past_the_limit_is_stopped_while_streaming(client, make_user, police):
    """The declared length is within bounds, but the file inside goes past the upload limit."""
    from clearhold.incidents.models import ImportBatch

    client.force_login(make_user("analyst", police, Role.ANALYST))
    body, content_type = _multipart("big.csv", b"a,b\n" * 500_000)  # 2 MB
    stream = CountingBody(body)
    response = client.generic(
        "POST",
        "/incidents/import/",
        CONTENT_TYPE=content_type,
        CONTENT_LENGTH=str(len(body)),
        **{"wsgi.input": stream},
    )
    assert response.status_code == 413
    assert "over the limit of 9.8\xa0KB" in response.content.decode()
    assert stream.taken < len(body) // 4  # stopped long before the end
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_live_server_answers_413_while_the_client_is_still_sending(live_server):
    """Over a real socket: 64 KB of a declared 1 GB body, and the refusal comes straight back."""
    host, port = live_server.url.removeprefix("http://").split(":")
    started = time.monotonic()
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall(
            b"POST /incidents/import/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: multipart/form-data; boundary=x\r\n"
            + f"Content-Length: {GIGABYTE}\r\n\r\n".encode()
            + b"x" * 65_536
        )
        answer = b""
        while b"</html>" not in answer and (chunk := conn.recv(65_536)):
            answer += chunk
    answer = answer.decode("utf-8", errors="replace")
    assert answer.startswith("HTTP/1.1 413")
    assert "over the limit of 100.0\xa0MB" in answer
    assert time.monotonic() - started < 10


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def refusal(name: str, data: bytes, max_bytes: int = 10_000) -> str:
    with pytest.raises(ValidationError) as refused:
        check_upload(_upload(name, data), kinds=(CSV,), max_bytes=max_bytes, what="a units file")
    return refused.value.messages[0]


def test_check_upload_names_the_file_and_what_is_wrong():
    assert refusal("units.xlsx", b"PK\x03\x04") == (
        "“units.xlsx” is not a CSV file: a units file must end in .csv."
    )
    assert refusal("units.csv", PNG_BYTES) == (
        "“units.csv” is named as a CSV file but its content is not CSV."
    )
    assert refusal("u.csv", b"a" * 3072, max_bytes=2048) == (
        "“u.csv” is 3.0\xa0KB, over the limit of 2.0\xa0KB for a units file."
    )
    assert refusal("u.csv", b"") == "“u.csv” is empty."
    gz = _upload("2024-01-street.CSV.GZ", b"\x1f\x8b\x08rest")
    assert check_upload(gz, kinds=(CSV, CSV_GZ, XLSX), max_bytes=999, what="x") is CSV_GZ
    assert gz.read() == b"\x1f\x8b\x08rest"  # left at the start for the reader


@given(name=st.text(min_size=1, max_size=30), data=st.binary(min_size=1, max_size=64))
def test_an_upload_passes_only_with_an_allowed_ending_and_matching_content(name, data):
    try:
        upload = _upload(name.replace("/", "_") or "f", data)
    except SuspiciousFileOperation:
        reject()  # a name Django itself refuses ("..") never reaches the check
    try:
        kind = check_upload(upload, kinds=(CSV, XLSX, HTML), max_bytes=10_000, what="x")
    except ValidationError:
        return
    assert upload.name.lower().endswith(kind.suffixes)
    assert kind.looks_right(data[:4096])


def test_units_import_refuses_another_kind_of_file_and_stores_nothing(client, site, manager):
    from clearhold.places.models import Unit

    client.force_login(manager)
    url = f"/sites/{site.pk}/units/import/"
    page = client.post(url, {"units": _upload("flats.csv", PNG_BYTES)}, follow=True)
    assert "No units were imported. “flats.csv” is named as a CSV file" in page.content.decode()
    page = client.post(url, {"units": _upload("flats.xlsx", b"PK\x03\x04")}, follow=True)
    assert "“flats.xlsx” is not a CSV file" in page.content.decode()
    big = b"name,address,residents\n" + b"Flat,Onyx Court,1\n" * 130_000
    page = client.post(url, {"units": _upload("flats.csv", big)}, follow=True)
    assert "over the limit of 2.0\xa0MB for a units file" in page.content.decode()
    assert not Unit.objects.exists()


def test_a_template_upload_must_be_html_text(client, manager):
    from clearhold.documents.models import DocumentTemplate

    client.force_login(manager)
    page = reverse("documents:template", args=["resident_letter"])
    response = client.post(page, {"source": "", "note": "", "upload": _upload("x.exe", b"MZ\0")})
    assert "“x.exe” is not a HTML file" in response.content.decode()
    response = client.post(page, {"source": "", "note": "", "upload": _upload("x.html", PNG_BYTES)})
    assert "its content is not HTML" in response.content.decode()
    assert not DocumentTemplate.objects.exists()


def test_an_incidents_import_refuses_a_program_and_stores_nothing(client, make_user, police):
    from clearhold.incidents.models import ImportBatch

    client.force_login(make_user("analyst", police, Role.ANALYST))
    response = client.post(
        "/incidents/import/",
        {"source": "policeuk", "files": [_upload("crimes.csv", b"MZ\x90\x00\x03\x00\x00\x00")]},
    )
    assert response.status_code == 200
    assert "“crimes.csv” is named as a CSV file but its content is not CSV" in (
        response.content.decode()
    )
    response = client.post(
        "/incidents/import/", {"source": "policeuk", "files": [_upload("crimes.pdf", b"%PDF")]}
    )
    assert "must end in .csv, .csv.gz, .xlsx" in response.content.decode()
    assert not ImportBatch.objects.exists()
