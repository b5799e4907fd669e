"""Finding 8 of issue 15: a decompression bomb ended as "a fault in ClearHold".

Reproduced: a 50 KB ``.csv.gz`` expanding to 50 MB (the police.uk header, then one value with
no end) was inflated whole in memory and Python's ``csv`` module then raised "field larger than
field limit", which the import turned into "The import stopped because of a fault in ClearHold".
Nothing capped how far a gzipped file or an ``.xlsx`` workbook (a ZIP) could expand.

What must hold: a file's text is capped after decompression (``MAX_TEXT_BYTES``, inflated as a
stream that stops at the cap), a workbook's unpacked size is judged from its ZIP directory
before openpyxl opens it, and no field may be longer than ``MAX_FIELD_CHARS``; each is refused
with a message naming the file, the batch is rejected (not failed) and nothing is stored. A
site's units file with an over-long value is refused plainly too. A normal ``.csv.gz`` still
imports.
"""

from __future__ import annotations

import gzip
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from clearhold.accounts.roles import Role
from clearhold.incidents.models import ImportBatch, ImportStatus, Incident
from clearhold.incidents.services import IncomingFile, import_batch_create, import_batch_run
from clearhold.ingest.policeuk import POLICEUK_COLUMNS
from clearhold.ingest.records import MAX_FIELD_CHARS
from clearhold.ingest.sources import MAX_TEXT_BYTES
from clearhold.places.models import Unit
from clearhold.places.units import units_import
from tests.incidents.policeuk_files import FENLAND
from tests.ingest.test_mapped import CAD_HEADER, cad_row, csv_text

HEADER = (",".join(POLICEUK_COLUMNS) + "\n").encode()
MB = 1024 * 1024


@pytest.fixture
def analyst(make_user, police):
    return make_user("analyst", police, Role.ANALYST)


def gzip_of(path, head: bytes, filler: bytes, megabytes: int):
    """``head`` then ``megabytes`` MB of ``filler``, gzipped as a stream (never held whole)."""
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(head)
        block = filler * (MB // len(filler))
        for _ in range(megabytes):
            out.write(block)
    return path


def run(paths, source="policeuk") -> ImportBatch:
    batch = import_batch_create(
        user=None, source=source, files=[IncomingFile(path=p, name=p.name) for p in paths]
    )
    return import_batch_run(batch=batch)


def refusal(batch: ImportBatch) -> str:
    [error] = batch.error_report
    return f"{error['file']}: {error['reason']}"


def test_a_gzip_bomb_uploaded_on_the_page_is_refused_by_name(
    client, analyst, tmp_path, django_capture_on_commit_callbacks
):
    bomb = gzip_of(tmp_path / "2024-01-bomb-street.csv.gz", HEADER, b"\n", MAX_TEXT_BYTES // MB + 1)
    assert bomb.stat().st_size < MAX_TEXT_BYTES // 200
    client.force_login(analyst)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/incidents/import/",
            {"source": "policeuk", "files": [SimpleUploadedFile(bomb.name, bomb.read_bytes())]},
        )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert batch.status == ImportStatus.REJECTED, batch.message
    said = refusal(batch)
    assert said.startswith("2024-01-bomb-street.csv.gz: ")
    assert f"expands to more than {MAX_TEXT_BYTES // MB} MB" in said
    assert "Nothing was stored" in batch.message
    assert Incident.objects.count() == 0
    page = client.get(response["Location"]).content.decode()
    assert "2024-01-bomb-street.csv.gz" in page


def test_fifty_kilobytes_expanding_to_fifty_megabytes_of_one_value_is_refused(db, tmp_path):
    bomb = gzip_of(tmp_path / "endless.csv.gz", HEADER + b'x,2024-01,"', b"a", 50)
    assert bomb.stat().st_size < 100_000
    batch = run([bomb])
    assert batch.status == ImportStatus.REJECTED, batch.message
    said = refusal(batch)
    assert said.startswith("endless.csv.gz: ")
    assert f"longer than {MAX_FIELD_CHARS:,} characters" in said
    assert "line 2" in said
    assert Incident.objects.count() == 0


def test_an_over_long_field_in_a_partner_csv_is_refused_by_name(db, tmp_path):
    text = csv_text([cad_row(), cad_row()], CAD_HEADER)
    header, first, second = text.splitlines()[:3]
    long_value = "b" * (MAX_FIELD_CHARS + 1)
    path = tmp_path / "cad.csv"
    path.write_text(f'{header}\n{first}\n"{long_value}",{second}\n')
    batch = run([path], source="generic-cad")
    assert batch.status == ImportStatus.REJECTED, batch.message
    said = refusal(batch)
    assert said.startswith("cad.csv: ")
    assert f"longer than {MAX_FIELD_CHARS:,} characters" in said
    assert Incident.objects.count() == 0


def test_an_xlsx_zip_bomb_is_refused_before_openpyxl_opens_it(db, tmp_path, monkeypatch):
    import openpyxl

    def never(*args, **kwargs):
        raise AssertionError("openpyxl opened the zip bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    path = tmp_path / "housing.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            block = b" " * MB
            for _ in range(MAX_TEXT_BYTES // MB + 1):
                sheet.write(block)
    assert path.stat().st_size < MAX_TEXT_BYTES // 200
    batch = run([path], source="generic-cad")
    assert batch.status == ImportStatus.REJECTED, batch.message
    said = refusal(batch)
    assert said.startswith("housing.xlsx: ")
    assert f"unpacks to more than {MAX_TEXT_BYTES // MB} MB" in said
    assert Incident.objects.count() == 0


def test_an_over_long_value_in_a_units_file_is_refused_plainly(site):
    data = b'name,address\n"Flat 1,' + b"c" * (MAX_FIELD_CHARS + 1) + b"\n"
    with pytest.raises(ValidationError, match="cannot be read as CSV"):
        units_import(site=site, data=data)
    assert not Unit.objects.exists()


def test_a_normal_gzipped_month_still_imports(db):
    january = FENLAND / "2024-01-cambridgeshire-street-fenland.csv.gz"
    batch = run([january])
    assert batch.status == ImportStatus.STORED, batch.message
    assert Incident.objects.count() == batch.rows_stored > 500
