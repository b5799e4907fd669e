"""Read what a page's GOV.UK date input boxes hold, as one ISO value, so a test can say "the
form offers 14:10 on 5 December" whichever widget draws it."""

from __future__ import annotations

import re

BOXES = ("year", "month", "day", "hour", "minute")


def box_value(page: str, name: str, box: str) -> str | None:
    """The value typed in one box (``<name>-<box>``), or None when the box is empty or absent."""
    found = re.search(rf'<input[^>]*name="{re.escape(name)}-{box}"[^>]*>', page)
    if not found:
        return None
    value = re.search(r'value="([^"]*)"', found.group(0))
    return value.group(1) if value and value.group(1) else None


def typed_datetime(page: str, name: str) -> str | None:
    """``YYYY-MM-DDTHH:MM`` from the five boxes of ``name``, or None when any box is empty."""
    parts = [box_value(page, name, box) for box in BOXES]
    if any(part is None for part in parts):
        return None
    year, month, day, hour, minute = (int(part) for part in parts)
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}"
