"""Writes for residents' reports: opening a site's reporting page, receiving a report (with
its photo cleaned of metadata), moderating it into the incident store, and publishing the
partnership's "you said, we did" updates."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from clearhold.authz import require
from clearhold.geo import to_bng
from clearhold.incidents.models import ImportBatch, ImportStatus, Incident
from clearhold.resident_reports.categories import SOMETHING_ELSE, wording
from clearhold.resident_reports.models import (
    RESIDENT_REPORT_SOURCE,
    Moderation,
    ReportingPage,
    ReportPhoto,
    ReportStatus,
    ReportUpdate,
    ResidentReport,
)
from clearhold.resident_reports.permissions import REPORTS_MODERATE
from clearhold.resident_reports.references import new_reference

# A point further than this from the site's centre is taken as a slip of the finger: the
# incident is placed at the site instead (the resident's point stays on the report).
NEAR_THE_SITE_M = 1000
_REFERENCE_TRIES = 5


def reporting_page_open(
    *, user: Any, problem: Any, site: Any, public_name: str, slug: str, categories: list[str]
) -> ReportingPage:
    """Open (or change) ``site``'s public reporting page for ``problem``'s partnership."""
    require(user, REPORTS_MODERATE, problem)
    if not problem.sites.filter(pk=site.pk).exists():
        raise ValidationError({"site": "Choose one of this problem’s sites."})
    taken = ReportingPage.objects.filter(slug=slug).exclude(site=site)
    if taken.exists():
        raise ValidationError({"slug": "Another page already has this web address."})
    page, _ = ReportingPage.objects.update_or_create(
        site=site,
        defaults={
            "problem": problem,
            "public_name": public_name.strip(),
            "slug": slug,
            "categories": list(categories),
            "is_open": True,
        },
        create_defaults={
            "problem": problem,
            "public_name": public_name.strip(),
            "slug": slug,
            "categories": list(categories),
            "created_by": user,
        },
    )
    return page


def _photo(report: ResidentReport, photo: tuple[bytes, str] | None) -> None:
    if photo is None:
        return
    content, content_type = photo
    ending = {"image/png": "png", "image/webp": "webp"}.get(content_type, "jpg")
    stored = ReportPhoto(
        report=report,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    stored.file.save(f"report-{report.pk}.{ending}", ContentFile(content), save=False)
    stored.save()


def report_receive(
    *,
    page: ReportingPage,
    details: dict[str, Any],
    photo: tuple[bytes, str] | None = None,
    sender: str = "",
    device: str = "",
) -> ResidentReport:
    """Store a resident's report (``details``: the form's cleaned data, the photo already
    cleaned of its metadata) with a fresh reference, waiting for the partnership to check it."""
    if not page.is_open:
        raise ValidationError("This page is not taking reports at the moment.")
    fields = {
        name: details.get(name) or default
        for name, default in (
            ("what_happened", ""),
            ("where", ""),
            ("latitude", None),
            ("longitude", None),
            ("occurred_time", None),
            ("contact_name", ""),
            ("contact_email", ""),
            ("contact_phone", ""),
        )
    }
    fields["contact_consent"] = bool(details.get("contact_consent")) and any(
        fields[n] for n in ("contact_name", "contact_email", "contact_phone")
    )
    category = details.get("category") or SOMETHING_ELSE
    with transaction.atomic():
        report = ResidentReport.objects.create(
            page=page,
            problem=page.problem,
            reference=_unused_reference(),
            category=category,
            occurred_on=details["occurred_on"],
            sender_digest=sender,
            device_digest=device,
            **fields,
        )
        _photo(report, photo)
    return report


def _unused_reference() -> str:
    """A reference no report holds (a clash is all but impossible at 47 bits; the unique
    constraint still stands behind this check)."""
    for _ in range(_REFERENCE_TRIES):
        reference = new_reference()
        if not ResidentReport.objects.filter(reference=reference).exists():
            return reference
    raise RuntimeError("Could not draw an unused reference")  # pragma: no cover


def _batch(page: ReportingPage) -> ImportBatch:
    if page.batch_id is None:
        page.batch = ImportBatch.objects.create(
            source=RESIDENT_REPORT_SOURCE,
            organisation=page.problem.lead_organisation,
            status=ImportStatus.STORED,
            finished_at=timezone.now(),
            message=f"Residents’ reports accepted from the public page for {page.public_name}",
        )
        page.save(update_fields=["batch"])
    return page.batch


def _placed(report: ResidentReport) -> tuple[float, float, float | None, float | None]:
    """The incident's easting and northing (and longitude, latitude): the resident's point
    when near the site, else the site's centre."""
    site = report.page.site
    if report.latitude is not None and report.longitude is not None:
        e, n = to_bng(np.array([report.longitude]), np.array([report.latitude]))
        easting, northing = float(e[0]), float(n[0])
        close = np.hypot(easting - site.easting, northing - site.northing) <= NEAR_THE_SITE_M
        if np.isfinite(easting) and close:
            return easting, northing, report.longitude, report.latitude
    return site.easting, site.northing, None, None


def _incident(report: ResidentReport) -> Incident:
    """The report in the incident store: its category, day and place, never its words."""
    batch = _batch(report.page)
    easting, northing, longitude, latitude = _placed(report)
    day = report.occurred_on
    occurred = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    if report.occurred_time is not None:
        local = dt.datetime.combine(day, report.occurred_time)
        occurred = timezone.make_aware(local).astimezone(dt.UTC)
    key = hashlib.sha256(f"resident-report:{report.pk}".encode()).digest()[:8]
    incident = Incident.objects.create(
        batch=batch,
        source=RESIDENT_REPORT_SOURCE,
        reference=f"resident report {report.pk}",
        category=report.category,
        source_category=wording(report.category),
        month=day.replace(day=1),
        occurred=occurred,
        precision="minute" if report.occurred_time is not None else "day",
        longitude=longitude,
        latitude=latitude,
        easting=easting,
        northing=northing,
        location=f"On or near {report.page.public_name}",
        row_key=int.from_bytes(key, "big", signed=True),
        file_name="",
        row_number=report.pk,
    )
    ImportBatch.objects.filter(pk=batch.pk).update(
        rows_read=F("rows_read") + 1, rows_stored=F("rows_stored") + 1
    )
    return incident


@transaction.atomic
def report_moderate(
    *, user: Any, report: ResidentReport, moderation: str, status: str
) -> ResidentReport:
    """Accept (the report becomes an incident, once) or reject a report, and set the status
    its reference shows. A rejected report is closed."""
    require(user, REPORTS_MODERATE, report.problem)
    if moderation not in (Moderation.ACCEPTED, Moderation.REJECTED):
        raise ValidationError({"moderation": "Choose whether to accept or reject the report."})
    if moderation == Moderation.REJECTED:
        status = ReportStatus.CLOSED
    if status not in ReportStatus.values:
        raise ValidationError({"status": "Choose the report’s status."})
    report = ResidentReport.objects.select_for_update().get(pk=report.pk)
    if moderation == Moderation.ACCEPTED and report.incident_id is None:
        report.incident = _incident(report)
    if moderation == Moderation.REJECTED and report.incident_id is not None:
        ImportBatch.objects.filter(pk=report.incident.batch_id).update(
            rows_stored=F("rows_stored") - 1
        )
        report.incident.delete()
        report.incident = None
    report.moderation = moderation
    report.status = status
    report.moderated_by = user
    report.moderated_at = timezone.now()
    report.save()
    return report


def update_publish(*, user: Any, page: ReportingPage, you_said: str, we_did: str) -> ReportUpdate:
    """Publish a "you said, we did" update on ``page``: shown to everyone who checks a
    reference for the site, so it must name nobody (the form says so)."""
    require(user, REPORTS_MODERATE, page.problem)
    return ReportUpdate.objects.create(
        page=page, you_said=you_said.strip(), we_did=we_did.strip(), written_by=user
    )
