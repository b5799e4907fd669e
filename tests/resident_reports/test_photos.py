"""The clean copy of a photo (toolkit.images): pixels kept, turned upright, metadata gone."""

from __future__ import annotations

import io

from PIL import Image, PngImagePlugin

from clearhold.toolkit.images import pixels_problem, without_metadata


def _png_with_text() -> io.BytesIO:
    image = Image.new("RGBA", (12, 8), (10, 200, 30, 128))
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "taken at 12 West Street")
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info)
    out.seek(0)
    return out


def test_a_png_stays_a_png_with_its_pixels_and_without_its_text():
    upload = _png_with_text()
    assert Image.open(upload).text == {"Comment": "taken at 12 West Street"}
    upload.seek(0)
    content, content_type = without_metadata(upload)
    assert content_type == "image/png"
    clean = Image.open(io.BytesIO(content))
    assert clean.text == {}
    assert clean.getpixel((3, 3)) == (10, 200, 30, 128)
    assert b"West Street" not in content


def test_a_sideways_photo_is_turned_upright_and_loses_its_orientation_tag():
    image = Image.new("RGB", (40, 20), (0, 0, 255))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to show
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    out.seek(0)
    content, content_type = without_metadata(out)
    clean = Image.open(io.BytesIO(content))
    assert (content_type, clean.size) == ("image/jpeg", (20, 40))
    assert 0x0112 not in clean.getexif()


def test_a_file_that_only_looks_like_an_image_is_named_as_such():
    assert pixels_problem(io.BytesIO(b"\xff\xd8\xff\xe0 nothing more")) == (
        "cannot be read as an image"
    )
