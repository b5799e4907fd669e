"""Photographs uploaded to ClearHold: the pixel-count check every decoded image passes, and a
clean copy without the metadata a phone writes into it.

The pixel count is read from the image's header, never by decoding it, so a decompression bomb
is refused before it costs memory. The clean copy is the pixels alone, turned upright by their
orientation tag and saved again: EXIF (with its GPS position, camera serial and time), XMP,
IPTC and comments are all dropped, so a resident's photo never tells where their home is.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps

MAX_PIXELS = 50_000_000
# The formats saved back as they came (a WebP stays a WebP); anything else becomes a JPEG.
_SAVED_AS = {"JPEG": ("JPEG", "image/jpeg"), "PNG": ("PNG", "image/png")}
_SAVED_AS["WEBP"] = ("WEBP", "image/webp")


def pixels_problem(upload) -> str:
    """What is wrong with ``upload`` as a photograph ("" when nothing): too many pixels to
    be a photograph, or not readable as an image. Leaves the file at its start."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                width, height = image.size
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        return "has too many pixels to be a photograph"
    except (OSError, ValueError, SyntaxError):
        return "cannot be read as an image"
    finally:
        upload.seek(0)
    if width * height > MAX_PIXELS:
        return f"is {width} × {height} pixels, over the limit of {MAX_PIXELS:,} pixels"
    return ""


def without_metadata(upload) -> tuple[bytes, str]:
    """The photo's pixels saved again with no metadata, and its content type. Call only after
    :func:`pixels_problem` found nothing (the image is then known to open)."""
    with Image.open(upload) as image:
        image.load()
        kind = image.format or "JPEG"
        upright = ImageOps.exif_transpose(image)
    upload.seek(0)
    saved_as, content_type = _SAVED_AS.get(kind, _SAVED_AS["JPEG"])
    if upright.mode not in ("RGB", "L", "RGBA"):
        upright = upright.convert("RGBA" if "A" in upright.getbands() else "RGB")
    if saved_as == "JPEG" and upright.mode == "RGBA":
        upright = upright.convert("RGB")
    # A new image from the raw pixels carries nothing of the old one's ``info``.
    clean = Image.frombytes(upright.mode, upright.size, upright.tobytes())
    out = io.BytesIO()
    options = {"quality": 90} if saved_as in ("JPEG", "WEBP") else {}
    clean.save(out, format=saved_as, **options)
    return out.getvalue(), content_type
