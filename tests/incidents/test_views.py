"""Incident pages: upload, batch report, rejected-rows CSV, filters, refusals, size limits."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from clearhold.accounts.roles import Role
from clearhold.audit.models import AuditAction, AuditEntry
from clearhold.incidents.models import ImportBatch, ImportStatus, Incident
from tests.incidents.policeuk_files import FENLAND, row, write


@pytest.fixture
def analyst(make_user, police):
    return make_user("analyst", police, Role.ANALYST)


def upload(client, *files, **extra):
    data = {"source": "policeuk", "files": list(files), **extra}
    return client.post("/incidents/import/", data)


def csv_upload(tmp_path, name, rows):
    path = write(tmp_path / name, rows)
    return SimpleUploadedFile(name, path.read_bytes(), content_type="text/csv")


def test_upload_runs_in_the_background_and_the_batch_page_reports_it(
    client, analyst, django_capture_on_commit_callbacks
):
    client.force_login(analyst)
    january = FENLAND / "2024-01-cambridgeshire-street-fenland.csv.gz"
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, SimpleUploadedFile(january.name, january.read_bytes()))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/incidents/imports/{batch.pk}/"
    assert batch.status == ImportStatus.STORED
    assert batch.created_by == analyst
    page = client.get(response["Location"]).content.decode()
    assert "Stored" in page
    assert f"{batch.rows_stored:,}" in page
    progress = client.get(f"/incidents/imports/{batch.pk}/progress.json").json()
    assert progress["done"] is True
    assert progress["percent"] == 100
    assert AuditEntry.objects.filter(
        object_type="incidents.importbatch", username="analyst"
    ).exists()


def test_rejected_rows_are_listed_and_downloadable(
    client, analyst, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(analyst)
    bad = csv_upload(tmp_path, "bad.csv", [row(1), row(2, lat="95"), row(3, month="2024-13")])
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, bad)
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.REJECTED
    assert Incident.objects.count() == 0
    page = client.get(f"/incidents/imports/{batch.pk}/").content.decode()
    assert "Nothing was stored" in page
    assert "2024-13" in page
    download = client.get(f"/incidents/imports/{batch.pk}/rejected-rows.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert [(r["file"], r["row"], r["column"]) for r in rows] == [
        ("bad.csv", "3", "Latitude"),
        ("bad.csv", "4", "Month"),
    ]


def test_partner_viewer_cannot_import_or_see_incidents(client, partner_viewer, tmp_path):
    client.force_login(partner_viewer)
    refused = upload(client, csv_upload(tmp_path, "x.csv", [row(1)]))
    assert refused.status_code == 403
    assert "Only officers, analysts" in refused.content.decode()
    assert client.get("/incidents/").status_code == 403
    assert not ImportBatch.objects.exists()
    assert AuditEntry.objects.filter(action=AuditAction.REFUSED, username="viewer").count() == 2


@override_settings(CLEARHOLD_UPLOAD_MAX_BYTES=1024)
def test_upload_over_the_limit_is_refused_before_anything_is_stored(client, analyst, tmp_path):
    client.force_login(analyst)
    big = csv_upload(tmp_path, "big.csv", [row(i) for i in range(200)])
    response = upload(client, big)
    assert response.status_code == 413
    assert "over the limit of 1.0\xa0KB" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_200_mb_upload_is_refused_from_its_declared_length(client, analyst, tmp_path):
    client.force_login(analyst)
    response = client.post(
        "/incidents/import/",
        {"source": "policeuk", "files": [csv_upload(tmp_path, "x.csv", [row(1)])]},
        CONTENT_LENGTH=str(200 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "200.0\xa0MB" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_import_without_files_shows_an_error(client, analyst):
    client.force_login(analyst)
    response = client.post("/incidents/import/", {"source": "policeuk"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not ImportBatch.objects.exists()


@pytest.fixture
def stored(db, tmp_path):
    from clearhold.incidents.services import IncomingFile, import_batch_create, import_batch_run

    rows = [row(i, month="2024-01") for i in range(3)]
    rows += [row(10 + i, month="2024-02", crime_type="Drugs") for i in range(2)]
    path = write(tmp_path / "two-months.csv", rows)
    batch = import_batch_create(user=None, source="policeuk", files=[IncomingFile(path, path.name)])
    return import_batch_run(batch=batch)


def test_filters_narrow_the_list_and_the_map(client, analyst, stored):
    client.force_login(analyst)
    everything = client.get("/incidents/")
    assert everything.context["page"].paginator.count == 5
    drugs = client.get("/incidents/", {"category": "drugs", "month_from": "2024-02"})
    assert drugs.context["page"].paginator.count == 2
    assert sum(f["properties"]["count"] for f in drugs.context["features"]["features"]) == 2
    nothing = client.get("/incidents/", {"month_from": "2025-01"})
    assert nothing.context["page"].paginator.count == 0
    assert "No incidents match these filters" in nothing.content.decode()


def test_an_impossible_month_filter_says_what_is_wrong(client, analyst, stored):
    client.force_login(analyst)
    response = client.get("/incidents/", {"month_from": "2024-13"})
    assert response.status_code == 200
    assert "Enter from month as a real month" in response.content.decode()
