"""Importing a site's units (flats) from CSV: all rows or none, each problem named by row.

Columns: ``name`` (required, e.g. "Flat 12"), ``address`` and ``residents`` (a whole number).
Units feed the resident letters: every unit gets one.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from clearhold.places.models import Site, Unit

REQUIRED = ("name",)
KNOWN = ("name", "address", "residents")


@dataclass(frozen=True)
class UnitProblem:
    row: int | None
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}: {self.message}" if self.row else self.message


def _read(data: bytes) -> tuple[list[dict], list[UnitProblem]]:
    """The units in the file, or the problems that stop it being imported."""
    try:
        return _parse(data)
    except csv.Error as error:  # e.g. a value over the csv module's field limit
        return [], [
            UnitProblem(
                None,
                f"The file cannot be read as CSV ({error}): perhaps a value is missing its "
                "closing quote.",
            )
        ]


def _parse(data: bytes) -> tuple[list[dict], list[UnitProblem]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        return [], [
            UnitProblem(
                None, f"The file has no “{missing[0]}” column (columns: name, address, residents)."
            )
        ]
    rows, problems = [], []
    seen: set[str] = set()
    for number, raw in enumerate(reader, start=2):
        row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        name = row.get("name", "")
        if not name:
            problems.append(UnitProblem(number, "the name is empty"))
            continue
        if name.lower() in seen:
            problems.append(UnitProblem(number, f"“{name}” appears twice"))
            continue
        seen.add(name.lower())
        residents = row.get("residents") or "0"
        if not residents.isdigit() or int(residents) > 50:
            problems.append(
                UnitProblem(
                    number, f"residents must be a whole number from 0 to 50, not “{residents}”"
                )
            )
            continue
        rows.append({"name": name, "address": row.get("address", ""), "residents": int(residents)})
    if not rows and not problems:
        problems.append(UnitProblem(None, "The file has no units."))
    return rows, problems


@transaction.atomic
def units_import(*, site: Site, data: bytes) -> int:
    """Replace nothing, add or update every unit in the file; with any problem, store none."""
    rows, problems = _read(data)
    if problems:
        raise ValidationError([str(p) for p in problems])
    for row in rows:
        Unit.objects.update_or_create(site=site, name=row["name"], defaults=row)
    return len(rows)
