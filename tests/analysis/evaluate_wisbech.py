"""The Wisbech open-space closure (order granted 7 May 2025): data and target polygon.

Reads the committed police.uk Fenland files with gzip + csv + pyproj only, so the numbers the
test checks do not depend on the code under test. The target polygon is built from the
police.uk snap points named "On or near West Street", "On or near Onyx Court" and "On or near
John Thompson Road" in Wisbech (LSOAs Fenland 001, 002, 003): the convex hull of those points
(projected to British National Grid) buffered by 50 m. ``docs/wisbech-target.geojson`` holds
it in WGS84; regenerate it with::

    .venv/bin/python -m tests.analysis.evaluate_wisbech [DIR_WITH_CSV_GZ [GLOB]]

(during development: ``/work/shared/data/policeuk/cambridgeshire '202[45]-*.csv.gz'``).
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import shapely

import clearhold

FENLAND_DIR = Path(clearhold.__file__).parent / "data" / "policeuk" / "fenland"
GEOJSON = Path(__file__).resolve().parents[2] / "docs" / "wisbech-target.geojson"
SITE_STREETS = (
    "On or near West Street",
    "On or near Onyx Court",
    "On or near John Thompson Road",
)
WISBECH_LSOA = re.compile(r"^Fenland 00[123][A-Z]$")
HULL_BUFFER_M = 50.0
INTERVENTION = "2025-05-07"
CATEGORIES = ("Anti-social behaviour", "Drugs", "Public order")
#: The windows the write-up uses: 12 whole months before the order (May 2025 is left out: police.uk
#: gives the month, not the day) and the 7 months of data after it.
BEFORE = [f"2024-{m:02d}" for m in range(5, 13)] + [f"2025-{m:02d}" for m in range(1, 5)]
AFTER = [f"2025-{m:02d}" for m in range(6, 13)]
BUFFER_M = 250.0
POLICEUK_CRIME_TYPES = (
    "Anti-social behaviour",
    "Bicycle theft",
    "Burglary",
    "Criminal damage and arson",
    "Drugs",
    "Other crime",
    "Other theft",
    "Possession of weapons",
    "Public order",
    "Robbery",
    "Shoplifting",
    "Theft from the person",
    "Vehicle crime",
    "Violence and sexual offences",
)


@dataclass(frozen=True)
class Rows:
    """Police.uk rows as arrays (BNG metres; NaN where there is no location)."""

    easting: np.ndarray
    northing: np.ndarray
    month: np.ndarray  # 'YYYY-MM' strings
    crime_type: np.ndarray
    location: np.ndarray
    lsoa_name: np.ndarray
    files: tuple[str, ...]


def fenland_paths(directory: Path = FENLAND_DIR, pattern: str = "*.csv.gz") -> list[Path]:
    return sorted(directory.glob(pattern))


def _reproject(geom, source: str, target: str):
    from pyproj import Transformer

    t = Transformer.from_crs(source, target, always_xy=True)
    return shapely.transform(geom, lambda xy: np.column_stack(t.transform(xy[:, 0], xy[:, 1])))


@cache
def read_rows(
    directory: Path = FENLAND_DIR, pattern: str = "*.csv.gz", fenland_only: bool = False
) -> Rows:
    """Every row of the police.uk CSVs in ``directory`` matching ``pattern`` (optionally only
    rows in ``Fenland`` LSOAs)."""
    from pyproj import Transformer

    paths = fenland_paths(directory, pattern)
    cols: dict[str, list] = {k: [] for k in ("lon", "lat", "month", "type", "loc", "lsoa")}
    for path in paths:
        with gzip.open(path, "rt", newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if fenland_only and not row["LSOA name"].startswith("Fenland "):
                    continue
                cols["lon"].append(float(row["Longitude"]) if row["Longitude"] else np.nan)
                cols["lat"].append(float(row["Latitude"]) if row["Latitude"] else np.nan)
                cols["month"].append(row["Month"])
                cols["type"].append(row["Crime type"])
                cols["loc"].append(row["Location"])
                cols["lsoa"].append(row["LSOA name"])
    to_bng = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
    x, y = to_bng.transform(np.array(cols["lon"]), np.array(cols["lat"]))
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    missing = np.isnan(np.array(cols["lon"]))
    x[missing] = np.nan
    y[missing] = np.nan
    return Rows(
        x,
        y,
        np.array(cols["month"]),
        np.array(cols["type"]),
        np.array(cols["loc"]),
        np.array(cols["lsoa"]),
        tuple(p.name for p in paths),
    )


def site_snap_points(rows: Rows) -> np.ndarray:
    """Distinct BNG coordinates of the three streets' snap points inside Wisbech."""
    lsoa_ok = np.array([bool(WISBECH_LSOA.match(n)) for n in rows.lsoa_name])
    pick = np.isin(rows.location, SITE_STREETS) & lsoa_ok & np.isfinite(rows.easting)
    return np.unique(np.c_[rows.easting[pick], rows.northing[pick]], axis=0)


def target_polygon(rows: Rows) -> shapely.Polygon:
    """Convex hull of the site's snap points buffered by 50 m (BNG)."""
    return shapely.MultiPoint(site_snap_points(rows)).convex_hull.buffer(HULL_BUFFER_M)


def load_geojson_target(path: Path = GEOJSON) -> shapely.Polygon:
    """The committed target polygon, reprojected from WGS84 to BNG."""
    feature = json.loads(path.read_text(encoding="utf-8"))["features"][0]
    return _reproject(shapely.geometry.shape(feature["geometry"]), "EPSG:4326", "EPSG:27700")


def write_geojson(rows: Rows, path: Path = GEOJSON) -> None:
    polygon = target_polygon(rows)
    wgs84 = _reproject(polygon, "EPSG:27700", "EPSG:4326")
    wgs84 = shapely.set_precision(wgs84, 1e-7)  # about 1 cm
    points = site_snap_points(rows)
    feature = {
        "type": "Feature",
        "properties": {
            "name": "Wisbech open-space closure: evaluation target",
            "method": (
                "convex hull of the police.uk snap points 'On or near West Street', 'On or "
                "near Onyx Court' and 'On or near John Thompson Road' in LSOAs Fenland 001-003 "
                f"(EPSG:27700), buffered by {HULL_BUFFER_M:g} m, reprojected to WGS84"
            ),
            "snap_points_bng": [[round(x, 1), round(y, 1)] for x, y in points],
            "area_m2": round(polygon.area),
            "source": "data.police.uk, Open Government Licence v3.0",
        },
        "geometry": shapely.geometry.mapping(wgs84),
    }
    collection = {"type": "FeatureCollection", "features": [feature]}
    path.write_text(json.dumps(collection, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover - regenerates the committed GeoJSON
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else FENLAND_DIR
    glob = sys.argv[2] if len(sys.argv) > 2 else "*.csv.gz"
    write_geojson(read_rows(source, glob, fenland_only=True))
    print(f"wrote {GEOJSON}")
