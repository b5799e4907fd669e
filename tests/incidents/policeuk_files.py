"""Writing small police.uk files for tests, and finding the packaged Fenland ones."""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

from clearhold.ingest.policeuk import POLICEUK_COLUMNS

HEADER = list(POLICEUK_COLUMNS)
FENLAND = Path(__file__).resolve().parents[2] / "src/clearhold/data/policeuk/fenland"


def row(
    n: int,
    month: str = "2024-01",
    crime_type: str = "Anti-social behaviour",
    lon: str = "0.1597",
    lat: str = "52.6653",
    force: str = "Cambridgeshire Constabulary",
) -> list[str]:
    crime_id = "" if crime_type == "Anti-social behaviour" else f"{n:064x}"
    return [
        crime_id,
        month,
        force,
        force,
        lon,
        lat,
        f"On or near Street {n}",
        "E01018001",
        "Fenland 001A",
        crime_type,
        "" if not crime_id else "Under investigation",
        "",
    ]


def write(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    data = buffer.getvalue().encode()
    path.write_bytes(gzip.compress(data, mtime=0) if path.name.endswith(".gz") else data)
    return path


def read_rows(path: Path) -> list[list[str]]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))[1:]
