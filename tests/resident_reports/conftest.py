"""Fixtures for residents' reports: the West Street open space opened to public reports."""

from __future__ import annotations

import datetime as dt
import io
import time

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from clearhold.resident_reports.abuse import form_stamp
from clearhold.resident_reports.models import ReportingPage
from clearhold.resident_reports.services import reporting_page_open


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fresh_lookup_counts():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def page(problem, site, manager) -> ReportingPage:
    return reporting_page_open(
        user=manager,
        problem=problem,
        site=site,
        public_name="Chapel Road park",
        slug="chapel-road-park",
        categories=["drugs", "asb-nuisance"],
    )


def stamp(seconds_ago: float = 60) -> str:
    """A form stamp given out ``seconds_ago`` seconds ago."""
    return form_stamp(time.time() - seconds_ago)


def report_data(**changes) -> dict:
    """A valid report as the form posts it (day boxes and all)."""
    today = timezone.localdate() - dt.timedelta(days=1)
    data = {
        "category": "drugs",
        "what_happened": "Two people dealing by the bench most evenings.",
        "where": "The bench by the gate",
        "occurred_on-day": str(today.day),
        "occurred_on-month": str(today.month),
        "occurred_on-year": str(today.year),
        "occurred_time": "9:30pm",
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
        "leave_blank": "",
        "stamp": stamp(),
    }
    data.update(changes)
    return data


def jpeg_with_gps(name: str = "bench.jpg") -> SimpleUploadedFile:
    """A small JPEG whose EXIF holds a GPS position and a camera make."""
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (52.0, 39.0, 56.0), 3: "E", 4: (0.0, 9.0, 36.0)}  # GPSInfo
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")
