"""What the worked evaluation cases (Bedford, Barnet) recompute the same way: one crime type's
located rows in British National Grid metres read with pandas, monthly counts inside an area,
a window's total, and ``evaluate()`` called on the shipped files as the CLI does."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import shapely
from pyproj import Transformer

from clearhold.analysis.evaluate import evaluate

from .evaluate_wisbech import POLICEUK_CRIME_TYPES, read_rows


def located(folder: Path, crime_type: str) -> pd.DataFrame:
    """Every located row of ``crime_type`` in the folder's files: x, y (BNG metres), month."""
    rows = pd.concat([pd.read_csv(p) for p in sorted(folder.glob("*.csv.gz"))], ignore_index=True)
    rows = rows[(rows["Crime type"] == crime_type) & rows["Longitude"].notna()]
    to_bng = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
    x, y = to_bng.transform(rows["Longitude"].to_numpy(), rows["Latitude"].to_numpy())
    return pd.DataFrame({"x": x, "y": y, "month": rows["Month"].to_numpy()})


def monthly(rows: pd.DataFrame, area) -> pd.Series:
    """Counts per month of the rows inside ``area``."""
    inside = shapely.contains_xy(area, rows["x"].to_numpy(), rows["y"].to_numpy())
    return rows[inside].groupby("month").size()


def window(counts: pd.Series, months: list[str]) -> int:
    """The total over ``months`` (a month with no row counts 0)."""
    return int(counts.reindex(months, fill_value=0).sum())


def evaluated(folder: Path, target, *, intervention: str, categories: list[str], **options):
    """``evaluate()`` on the folder's files, with the months the files cover."""
    rows = read_rows(folder)
    months = sorted(re.match(r"(\d{4}-\d{2})-", n).group(1) for n in rows.files)
    return evaluate(
        easting=rows.easting,
        northing=rows.northing,
        month=rows.month.astype("datetime64[M]"),
        category=rows.crime_type,
        target=target,
        intervention=intervention,
        categories=categories,
        valid_categories=POLICEUK_CRIME_TYPES,
        data_months=months,
        **options,
    )
