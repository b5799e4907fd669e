"""The public pages: the places list, the report form and its checks (validation, honeypot,
time stamp, rate limits, photos), and the reference lookup."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from clearhold.resident_reports import forms as report_forms
from clearhold.resident_reports.abuse import DEVICE_COOKIE, TOO_QUICK
from clearhold.resident_reports.models import (
    Moderation,
    ReportPhoto,
    ReportStatus,
    ReportUpdate,
    ResidentReport,
)
from clearhold.resident_reports.references import shown
from tests.resident_reports.conftest import jpeg_with_gps, report_data, stamp

pytestmark = pytest.mark.django_db
FORM = "/report/chapel-road-park/"


def send(client: Client, **changes):
    return client.post(FORM, report_data(**changes))


def test_the_places_are_listed_by_their_public_name_only_while_open(client, page):
    listed = client.get("/report/").content.decode()
    assert "Chapel Road park" in listed
    assert page.site.name not in listed
    page.is_open = False
    page.save()
    assert "Chapel Road park" not in client.get("/report/").content.decode()
    assert client.get(FORM).status_code == 404


def test_the_form_works_without_an_account_and_names_the_device(client, page):
    response = client.get(FORM)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="leave_blank"' in body
    assert 'name="stamp"' in body
    assert "Drug dealing or drug use" in body
    assert "Something else" in body
    assert "Litter" not in body  # not offered at this place
    assert DEVICE_COOKIE in response.cookies


def test_a_report_is_stored_with_a_reference_and_waits_to_be_checked(client, page):
    response = send(client, contact_name="Pat Resident", contact_consent="on")
    assert response.status_code == 302
    report = ResidentReport.objects.get()
    assert (report.moderation, report.status) == (Moderation.WAITING, ReportStatus.RECEIVED)
    assert report.incident is None
    assert report.occurred_time == dt.time(21, 30)
    assert report.contact_name == "Pat Resident"
    assert report.contact_consent
    assert report.sender_digest
    assert report.sender_digest != "127.0.0.1"
    sent = client.get(response["Location"]).content.decode()
    assert shown(report.reference) in sent


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"what_happened": ""}, "Tell us what happened"),
        ({"category": ""}, "Choose what the problem is"),
        ({"category": "burglary"}, "Choose one of the problems listed"),
        ({"occurred_on-day": "", "occurred_on-month": "", "occurred_on-year": ""}, "Enter the day"),
        ({"occurred_time": "teatime"}, "Enter the time like 9:30pm"),
        ({"contact_email": "pat@example.com"}, "Tick the box to say we may contact you"),
        ({"contact_phone": "call me", "contact_consent": "on"}, "Enter a phone number"),
    ],
)
def test_the_form_says_what_is_wrong_and_stores_nothing(client, page, changes, message):
    response = send(client, **changes)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ResidentReport.objects.exists()


def test_a_day_in_the_future_is_refused(client, page):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = send(
        client,
        **{
            "occurred_on-day": str(tomorrow.day),
            "occurred_on-month": str(tomorrow.month),
            "occurred_on-year": str(tomorrow.year),
        },
    )
    assert "must be today or in the past" in response.content.decode()
    assert not ResidentReport.objects.exists()


def test_the_honeypot_refuses_a_program_that_fills_every_field(client, page):
    response = send(client, leave_blank="https://spam.example")
    assert response.status_code == 400
    assert not ResidentReport.objects.exists()


@pytest.mark.parametrize(
    "given",
    [
        lambda: stamp(seconds_ago=1),
        lambda: stamp(seconds_ago=3 * 60 * 60),
        lambda: "forged",
        lambda: stamp()[:-2] + "xx",
        lambda: "",
    ],
    ids=["too quick", "too old", "forged", "altered", "missing"],
)
def test_the_time_check_refuses_a_form_sent_too_soon_too_late_or_altered(client, page, given):
    response = send(client, stamp=given())
    assert response.status_code == 400
    assert not ResidentReport.objects.exists()


def test_a_resident_sent_back_for_being_quick_is_given_a_fresh_stamp(client, page):
    response = send(client, stamp=stamp(seconds_ago=0))
    body = response.content.decode()
    assert TOO_QUICK in body
    assert "Two people dealing by the bench" in body  # what they wrote is kept for them


def test_the_address_limit_stops_a_flood_from_one_address(client, page, settings):
    settings.CLEARHOLD_REPORT_LIMITS = {"address": (2, 3600)}
    assert send(client).status_code == 302
    assert Client().post(FORM, report_data()).status_code == 302  # another device, same address
    refused = Client().post(FORM, report_data())
    assert refused.status_code == 429
    assert ResidentReport.objects.count() == 2
    other_address = Client(REMOTE_ADDR="198.51.100.7").post(FORM, report_data())
    assert other_address.status_code == 302


def test_the_device_limit_follows_the_cookie_across_addresses(page, settings):
    settings.CLEARHOLD_REPORT_LIMITS = {"device": (1, 3600)}
    phone = Client(REMOTE_ADDR="198.51.100.1")
    phone.get(FORM)  # the form gives the device its signed cookie
    assert phone.post(FORM, report_data()).status_code == 302
    phone.defaults["REMOTE_ADDR"] = "198.51.100.2"
    assert phone.post(FORM, report_data()).status_code == 429
    phone.cookies[DEVICE_COOKIE] = "forged-device"  # an altered cookie names no device
    assert phone.post(FORM, report_data()).status_code == 302


def test_a_photo_is_kept_without_its_location_or_camera_details(client, page):
    upload = jpeg_with_gps()
    assert Image.open(io.BytesIO(upload.read())).getexif().get(0x8825)
    upload.seek(0)
    assert send(client, photo=upload).status_code == 302
    photo = ReportPhoto.objects.get()
    with photo.file.open("rb") as stored, Image.open(stored) as image:
        assert image.size == (40, 30)
        assert dict(image.getexif()) == {}
        assert "exif" not in image.info
    assert photo.content_type == "image/jpeg"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("bench.jpg", b"MZ\x90\x00 not a photo"), "its content is not JPEG"),
        (SimpleUploadedFile("bench.gif", b"GIF89a...."), "is not a JPEG, PNG or WebP file"),
        (SimpleUploadedFile("bench.jpg", b"\xff\xd8\xff\xe0broken"), "cannot be read as an image"),
    ],
)
def test_a_file_that_is_not_a_photo_is_refused(client, page, upload, message):
    response = send(client, photo=upload)
    assert message in response.content.decode()
    assert not ResidentReport.objects.exists()


def test_a_photo_over_the_size_limit_is_refused(client, page, monkeypatch):
    monkeypatch.setattr(report_forms, "PHOTO_MAX_BYTES", 100)
    response = send(client, photo=jpeg_with_gps())
    assert "over the limit of 100" in response.content.decode()
    assert not ResidentReport.objects.exists()


def _report(page, **fields) -> ResidentReport:
    values = {
        "page": page, "problem": page.problem, "reference": "KQ7RDW3HXM", "category": "drugs",
        "what_happened": "Dealing at the bench", "occurred_on": dt.date(2025, 6, 1),
    }  # fmt: skip
    return ResidentReport.objects.create(**values | fields)


def test_a_reference_shows_its_status_and_the_updates_but_nothing_anyone_wrote(
    client, page, manager
):
    mine = _report(page, status=ReportStatus.LOOKING, moderation=Moderation.ACCEPTED,
                   contact_email="pat@example.com")  # fmt: skip
    _report(page, reference="ACDEF23467", what_happened="Someone else's words")
    ReportUpdate.objects.create(
        page=page, you_said="Dealing by the bench", we_did="Patrols every evening",
        written_by=manager,
    )  # fmt: skip
    body = client.post("/report/check/", {"reference": "kq7rd w3hxm"}).content.decode()
    assert "Being looked at" in body
    assert "Patrols every evening" in body
    assert "Chapel Road park" in body
    for private in ("Dealing at the bench", "pat@example.com", "Someone else", "West Street"):
        assert private not in body
    assert mine.reference not in client.get("/report/check/").content.decode()


def test_a_rejected_report_shows_as_closed(client, page):
    _report(page, moderation=Moderation.REJECTED, status=ReportStatus.CLOSED)
    body = client.post("/report/check/", {"reference": "KQ7RD-W3HXM"}).content.decode()
    assert "Closed" in body


@pytest.mark.parametrize("typed", ["KQ7RD-W3HXN", "KQ7RD", "OOOOOIIIII", ""])
def test_an_unknown_reference_shows_nothing(client, page, typed):
    _report(page)
    body = client.post("/report/check/", {"reference": typed}).content.decode()
    assert "There is a problem" in body
    assert "Received" not in body


def test_references_cannot_be_tried_in_bulk(client, page, settings):
    settings.CLEARHOLD_REPORT_LIMITS = {"lookup": (3, 3600)}
    _report(page)
    for _ in range(3):
        client.post("/report/check/", {"reference": "ACDEF-ACDEF"})
    refused = client.post("/report/check/", {"reference": "KQ7RD-W3HXM"})
    assert refused.status_code == 429
    assert "Received" not in refused.content.decode()


def test_a_form_sent_back_with_mistakes_keeps_its_first_stamp(client, page):
    first = stamp(seconds_ago=60)
    body = send(client, stamp=first, what_happened="").content.decode()
    assert f'name="stamp" value="{first}"' in body
    forged = send(client, stamp="forged").content.decode()
    assert 'name="stamp" value="forged"' not in forged


def test_the_reference_is_shown_once_so_the_next_person_on_the_computer_cannot_see_it(client, page):
    sent = send(client)["Location"]
    reference = shown(ResidentReport.objects.get().reference)
    assert reference in client.get(sent).content.decode()
    again = client.get(sent)
    assert again.status_code == 302
    assert reference not in client.get(again["Location"]).content.decode()


def test_only_the_report_form_may_ask_for_the_devices_location(client, page):
    assert "geolocation=(self)" in client.get(FORM)["Permissions-Policy"]
    assert "geolocation=()" in client.get("/report/check/")["Permissions-Policy"]
