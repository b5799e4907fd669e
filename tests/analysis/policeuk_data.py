"""Real police.uk Fenland incidents in BNG metres, for the parity tests.

A helper module rather than a conftest, so that the analysis tests also run with
``pytest tests/analysis -p no:django --noconftest`` (the root conftest imports Django models).
"""

from __future__ import annotations

import csv
import gzip
from functools import cache
from pathlib import Path

import numpy as np

import clearhold

FENLAND_DIR = Path(clearhold.__file__).parent / "data" / "policeuk" / "fenland"


def read_policeuk_xy(paths: list[Path]) -> tuple[np.ndarray, np.ndarray, list[dict[str, str]]]:
    """Rows with coordinates from police.uk street CSVs (gzip), projected to BNG metres."""
    from pyproj import Transformer

    rows: list[dict[str, str]] = []
    for path in paths:
        with gzip.open(path, "rt", newline="", encoding="utf-8") as fh:
            rows.extend(r for r in csv.DictReader(fh) if r["Longitude"] and r["Latitude"])
    lon = np.array([float(r["Longitude"]) for r in rows])
    lat = np.array([float(r["Latitude"]) for r in rows])
    to_bng = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
    x, y = to_bng.transform(lon, lat)
    return np.asarray(x), np.asarray(y), rows


def fenland_paths() -> list[Path]:
    return sorted(FENLAND_DIR.glob("*.csv.gz"))


@cache
def fenland() -> tuple[np.ndarray, np.ndarray, list[dict[str, str]]]:
    """(x, y, rows) of every located incident in the committed Fenland files."""
    return read_policeuk_xy(fenland_paths())
