"""Photographs of service (security probe, issue 21).

Reproduced: a constable photographed the notice on a door with a phone that writes its GPS
position into the JPEG's EXIF; the photo was stored as uploaded, so anyone who could open the
closure could read where (and when, and with which camera) the officer stood. The type check
read the first bytes only: an MP4 (``....ftypisom``) named ``door.heic`` or ``door.jpg`` was
stored as a photograph.

What must hold: a photo is decoded with Pillow and saved again from its pixels, so no EXIF
(GPS, camera, time) survives, by the page and by the service alike; a file that does not decode
as an image (an MP4 under any name, a HEIC the server cannot check) is refused on the field and
nothing is stored.
"""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from clearhold.powers.models import ServiceEvent
from clearhold.powers.services import service_record
from tests.powers.conftest import SERVED

pytestmark = pytest.mark.django_db
MP4 = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41" + b"\x00" * 64
GPS_IFD = 0x8825


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (16, 16), "red")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[GPS_IFD] = {1: "N", 2: (52.0, 39.0, 54.0), 3: "E", 4: (0.0, 9.0, 36.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_the_fixture_photo_carries_gps():
    with Image.open(io.BytesIO(_jpeg_with_gps())) as image:
        assert image.getexif().get_ifd(GPS_IFD)


def _post(client, notice, photo):
    return client.post(
        reverse("powers:service-new", args=[notice.closure.pk]),
        {"document": "closure_notice", "act": "a", "served_at": "2025-05-05T15:30",
         "photo": photo},
    )  # fmt: skip


def test_a_photo_is_stored_without_its_exif(client, notice, constable, media):
    client.force_login(constable)
    response = _post(client, notice, SimpleUploadedFile("door.jpg", _jpeg_with_gps()))
    assert response.status_code == 302
    event = ServiceEvent.objects.get()
    with event.photo.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        assert image.size == (16, 16)
        assert not image.getexif()
    assert b"PhoneMaker" not in event.photo.open("rb").read()


def test_the_service_strips_exif_whoever_calls_it(notice, constable, media):
    event = service_record(
        user=constable,
        notice=notice,
        act="a",
        served_at=SERVED,
        photo=SimpleUploadedFile("door.jpg", _jpeg_with_gps()),
    )
    with event.photo.open("rb") as stored, Image.open(stored) as image:
        assert not image.getexif()


@pytest.mark.parametrize("name", ["door.heic", "door.jpg", "door.mp4"])
def test_an_mp4_under_an_image_name_is_refused(client, notice, constable, media, name):
    client.force_login(constable)
    response = _post(client, notice, SimpleUploadedFile(name, MP4))
    assert response.status_code == 200
    assert response.context["form"].errors["photo"]
    assert not ServiceEvent.objects.exists()


def test_the_service_refuses_an_mp4_on_the_photo_field(notice, constable, media):
    with pytest.raises(ValidationError) as refused:
        service_record(
            user=constable,
            notice=notice,
            act="a",
            served_at=SERVED,
            photo=SimpleUploadedFile("door.heic", MP4),
        )
    assert "cannot be read as an image" in refused.value.message_dict["photo"][0]
    assert not ServiceEvent.objects.exists()
