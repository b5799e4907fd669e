"""Retention of residents' contact details and photos: a year from the day the report was
received, whether or not the problem has closed; the report itself stays."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile

from clearhold.audit.models import AuditEntry
from clearhold.resident_reports.models import ReportPhoto, ResidentReport
from clearhold.retention.services import retention_run

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 6, 1)


def _report(page, reference: str, received: dt.datetime) -> ResidentReport:
    report = ResidentReport.objects.create(
        page=page, problem=page.problem, reference=reference, category="drugs",
        what_happened="Dealing at the bench", occurred_on=received.date(), received_at=received,
        contact_name="Pat Resident", contact_email="pat@example.com", contact_phone="07700900982",
        contact_consent=True, sender_digest="a" * 64, device_digest="b" * 64,
    )  # fmt: skip
    photo = ReportPhoto(report=report, content_type="image/jpeg", size=4, sha256="0" * 64)
    photo.file.save(f"{reference}.jpg", ContentFile(b"\xff\xd8\xff\xe0"), save=False)
    photo.save()
    return report


@pytest.fixture
def reports(page):
    old = _report(page, "ACDEFGHJKM", dt.datetime(2025, 5, 31, 12, tzinfo=dt.UTC))
    recent = _report(page, "NPQRTWXYZ2", dt.datetime(2025, 6, 2, 12, tzinfo=dt.UTC))
    return old, recent


def _due(run) -> set[tuple[str, int]]:
    return {(t.rule.record, d.holding.pk) for t in run.types for d in t.due}


def test_the_dry_run_finds_a_year_old_reports_contact_details_and_photo(reports):
    old, recent = reports
    due = _due(retention_run(as_of=AS_OF, today=AS_OF))
    assert ("resident_reports.residentreport", old.pk) in due
    assert ("resident_reports.reportphoto", old.photo.pk) in due
    assert ("resident_reports.residentreport", recent.pk) not in due
    old.refresh_from_db()
    assert old.contact_name == "Pat Resident"


def test_the_real_run_removes_them_keeps_the_report_and_is_harmless_twice(
    reports, media, django_capture_on_commit_callbacks
):
    old, recent = reports
    stored = old.photo.file.name
    assert (media / stored).exists()
    with django_capture_on_commit_callbacks(execute=True):
        retention_run(as_of=AS_OF, today=AS_OF, apply=True)
    old.refresh_from_db()
    assert (old.contact_name, old.contact_email, old.contact_phone) == ("", "", "")
    assert (old.sender_digest, old.device_digest, old.contact_consent) == ("", "", False)
    assert old.what_happened == "Dealing at the bench"
    assert not ReportPhoto.objects.filter(report=old).exists()
    assert not (media / stored).exists()
    recent.refresh_from_db()
    assert recent.contact_name == "Pat Resident"
    assert ReportPhoto.objects.filter(report=recent).exists()
    audited = AuditEntry.objects.get(
        object_type="resident_reports.residentreport", changes__has_key="retention"
    )
    assert audited.changes["retention"]["ids"] == [old.pk]
    assert "Pat Resident" not in str(audited.changes)
    again = retention_run(as_of=AS_OF, today=AS_OF, apply=True)
    assert not {r for r, _ in _due(again)} & {"resident_reports.residentreport"}
