"""Helpers that write small police.uk and partner files for the ingest tests.

A helper module rather than a conftest, so these tests also run with
``pytest tests/ingest -p no:django --noconftest`` (the root conftest imports Django models).
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from pathlib import Path

import clearhold

FENLAND_DIR = Path(clearhold.__file__).parent / "data" / "policeuk" / "fenland"
SHARED_POLICEUK = Path(clearhold.__file__).resolve().parents[3] / "shared" / "data" / "policeuk"

# Written out, not imported from the reader: these tests check the reader against the spec.
HEADER = [
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
]
FORCE = "Cambridgeshire Constabulary"
# Wisbech market place, roughly; a real Fenland LSOA.
WISBECH = ("0.159362", "52.665474")
CALAIS = ("1.850000", "50.950000")


def row(**changes: str) -> list[str]:
    """A valid police.uk row (a Wisbech burglary), with some fields changed by keyword.

    Keywords are the header names with spaces as underscores: ``Crime_type="Drugs"``.
    """
    values = {
        "Crime ID": "a" * 64,
        "Month": "2024-01",
        "Reported by": FORCE,
        "Falls within": FORCE,
        "Longitude": WISBECH[0],
        "Latitude": WISBECH[1],
        "Location": "On or near Market Place",
        "LSOA code": "E01018002",
        "LSOA name": "Fenland 002B",
        "Crime type": "Burglary",
        "Last outcome category": "Under investigation",
        "Context": "",
    }
    for key, value in changes.items():
        name = key.replace("_", " ")
        assert name in values, name
        values[name] = value
    return [values[c] for c in HEADER]


def asb_row(**changes: str) -> list[str]:
    """A valid police.uk ASB row: no Crime ID, no outcome."""
    base = {"Crime_ID": "", "Crime_type": "Anti-social behaviour", "Last_outcome_category": ""}
    return row(**{**base, **changes})


def csv_text(rows: list[list[str]], header: list[str] | None = None, newline: str = "\n") -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)
    writer.writerow(HEADER if header is None else header)
    writer.writerows(rows)
    return out.getvalue()


def write(
    folder: Path,
    name: str,
    rows: list[list[str]] | None = None,
    *,
    header: list[str] | None = None,
    text: str | None = None,
    encoding: str = "utf-8",
    data: bytes | None = None,
) -> Path:
    """Write a police.uk-style CSV (gzip when ``name`` ends in .gz) and return its path."""
    if data is None:
        body = text if text is not None else csv_text(rows or [], header)
        data = body.encode(encoding)
    if name.endswith(".gz"):
        data = gzip.compress(data, mtime=0)
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def provenance_table(folder: Path = FENLAND_DIR) -> dict[str, tuple[int, str]]:
    """file name -> (rows, sha256) from the Files table of the folder's PROVENANCE.md."""
    text = (folder / "PROVENANCE.md").read_text(encoding="utf-8")
    found = re.findall(r"^\| `([^`]+\.csv\.gz)` \| (\d+) \| `([0-9a-f]{64})` \|$", text, re.M)
    return {name: (int(rows), digest) for name, rows, digest in found}
