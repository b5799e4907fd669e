"""The photograph of an act of service: checked by decoding it and stored without metadata.

A phone writes the officer's GPS position, the camera's serial number and the time into a
photo's EXIF; a notice fixed to a door then tells anyone who opens the closure where its
officer stood and when. The photo is opened with Pillow (a video or any other file named
``.heic`` or ``.jpg``, or carrying an image's first bytes, does not decode and is refused) and
only its pixels are saved again (``toolkit.images``). HEIC is not decoded here, so a HEIC photo
is refused with a plain way round: save it as a JPEG.
"""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile

from clearhold.toolkit.images import pixels_problem, without_metadata

PHOTO_KINDS_TEXT = "a JPEG, PNG or WebP image"
_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


def photo_problem(upload: Any) -> str:
    """What is wrong with ``upload`` as a photograph of service ("" when nothing)."""
    problem = pixels_problem(upload)
    if not problem:
        return ""
    return (
        f"The photograph {problem}: it must be {PHOTO_KINDS_TEXT} (a HEIC photo cannot be "
        "checked here: save it as a JPEG)."
    )


def photo_without_metadata(upload: Any) -> ContentFile:
    """The photo's pixels alone, as a new file named by its kind (the name typed on the phone
    is not kept either). Call after :func:`photo_problem` found nothing."""
    data, content_type = without_metadata(upload)
    return ContentFile(data, name=f"service-photo.{_EXTENSIONS[content_type]}")
