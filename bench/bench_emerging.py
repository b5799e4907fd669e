"""Emerging hot spots over 24 months of a force's ASB: ClearHold against the plain per-cell loop.

    .venv/bin/python bench/bench_emerging.py             # about 30 s on 2 cores
    .venv/bin/python bench/bench_emerging.py --plain-cells 500   # the plain loop on 500 cells
    .venv/bin/python bench/bench_emerging.py --data /work/shared/data/policeuk/bedfordshire

Data: police.uk street files for Bedfordshire, 2022-05 to 2024-04 (24 months) in
``../shared/data/policeuk/bedfordshire``, "Anti-social behaviour" only, incidents whose LSOA is in
Bedford, Central Bedfordshire or Luton (a handful of rows carry points far outside the force).
The grid is the one the Hotspots page would use over those incidents (``size_hotspot_request``,
100 m cells, Gi* radius 300 m).

ClearHold: :func:`clearhold.analysis.emerging_report.emerging_report`, end to end (cube, Gi* per
month, FDR per month, Mann–Kendall on every cell with an incident, patterns, the ranked list).

Plain route: the cube by ``np.add.at``, the map's ``gistar.gi_star`` and ``fdr.bh_adjust`` month
by month (timed once; they must agree with ClearHold's batched Gi* and FDR), then for each cell a
Python loop calling ``pymannkendall.original_test`` on its z series and applying the pattern
rules one cell at a time — what an analyst would write from the ArcGIS definitions. It runs on
every analysed cell by default; with ``--plain-cells N`` on the first N (in grid order), its time
scaled up linearly to every analysed cell (the work per cell is the same; stated in the output).
The trend-and-patterns stage is also timed on its own, ClearHold's vectorised Mann–Kendall and
rules against the loop, on the same z and flags. Its patterns must equal
ClearHold's on those cells, and its Mann–Kendall p-values agree to 1e-9.
"""

from __future__ import annotations

import argparse
import glob
import math
import sys
import time
from pathlib import Path

import numpy as np

from clearhold.analysis.emerging import (
    PERSISTENT_SHARE,
    EmergingPattern,
    monthly_gi_star,
    significant_months,
)
from clearhold.analysis.emerging_report import emerging_report
from clearhold.analysis.fdr import bh_adjust, two_sided_p
from clearhold.analysis.gistar import gi_star
from clearhold.analysis.hotspot_limits import size_hotspot_request

HERE = Path(__file__).resolve().parent
FORCE = HERE.parent.parent / "shared" / "data" / "policeuk" / "bedfordshire"
FIRST, LAST = "2022-05", "2024-04"
DISTRICTS = ("Bedford ", "Central Bedfordshire ", "Luton ")
CELL, RADIUS = 100.0, 300.0


def load(folder: Path) -> tuple[np.ndarray, ...] | None:
    import pandas as pd
    from pyproj import Transformer

    files = [
        f
        for f in sorted(glob.glob(str(folder / "*-bedfordshire-street.csv.gz")))
        if FIRST <= Path(f).name[:7] <= LAST
    ]
    if len(files) < 24:
        return None
    columns = ["Month", "Longitude", "Latitude", "Location", "LSOA name", "Crime type"]
    df = pd.concat([pd.read_csv(f, usecols=columns) for f in files], ignore_index=True)
    df = df[(df["Crime type"] == "Anti-social behaviour") & df["Longitude"].notna()]
    df = df[df["LSOA name"].fillna("").str.startswith(DISTRICTS)]
    to_bng = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
    x, y = to_bng.transform(df["Longitude"].to_numpy(), df["Latitude"].to_numpy())
    months = df["Month"].to_numpy().astype("datetime64[M]")
    return np.asarray(x), np.asarray(y), months, df["Location"].to_numpy(dtype=object), len(files)


def plain_pattern(hot: list[bool], cold: list[bool], trend) -> EmergingPattern:
    """One cell's pattern from its months and pymannkendall's result, rule by rule."""
    for this, other, sign in ((hot, cold, 1), (cold, hot, -1)):
        if not this[-1]:
            continue
        n = len(this)
        run = 0
        while run < n and this[n - 1 - run]:
            run += 1
        mostly = sum(this) / n >= PERSISTENT_SHARE
        earlier = any(a or b for a, b in zip(this[: n - run], other[: n - run], strict=True))
        towards = trend.h and (trend.s > 0 if sign > 0 else trend.s < 0)
        away = trend.h and (trend.s < 0 if sign > 0 else trend.s > 0)
        if mostly:
            name = "INTENSIFYING" if towards else "DIMINISHING" if away else "PERSISTENT"
        elif not earlier:
            name = "NEW" if run == 1 else "CONSECUTIVE"
        else:
            name = "OSCILLATING" if any(other) else "SPORADIC"
        return EmergingPattern[name if sign > 0 else f"{name}_COLD"]
    if sum(hot) / len(hot) >= PERSISTENT_SHARE:
        return EmergingPattern.HISTORICAL
    if sum(cold) / len(cold) >= PERSISTENT_SHARE:
        return EmergingPattern.HISTORICAL_COLD
    return EmergingPattern.NONE


def plain_loop(z: np.ndarray, hot: np.ndarray, cold: np.ndarray, cells: np.ndarray):
    import pymannkendall as mk

    months = z.shape[0]
    z, hot, cold = (a.reshape(months, -1) for a in (z, hot, cold))
    patterns, p_values = [], []
    for cell in cells:
        trend = mk.original_test(z[:, cell], alpha=0.05)
        patterns.append(plain_pattern(list(hot[:, cell]), list(cold[:, cell]), trend))
        p_values.append(trend.p)
    return np.array(patterns), np.array(p_values)


def best_of(fn, repeat: int) -> tuple[float, object]:
    best, out = math.inf, None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plain-cells", type=int, default=0, help="0: every analysed cell")
    parser.add_argument("--data", type=Path, default=FORCE, help="folder of Bedfordshire files")
    args = parser.parse_args()
    data = load(args.data)
    if data is None:
        print(f"Skipped: 24 months {FIRST}..{LAST} of Bedfordshire not found in {args.data}")
        return 0
    x, y, months, places, n_files = data
    extent = (x.min(), y.min(), x.max(), y.max())
    grid = size_hotspot_request(extent, cell_size=CELL, bandwidth=None, radius=RADIUS).grid
    print(f"Bedfordshire ASB {FIRST}..{LAST}: {n_files} months, {x.size:,} located incidents")
    print(f"Grid {grid.ny} x {grid.nx} = {grid.n_cells:,} cells of {CELL:g} m, radius {RADIUS:g} m")

    def ours():
        return emerging_report(
            grid=grid,
            radius=RADIUS,
            easting=x,
            northing=y,
            months=months,
            month_start=FIRST,
            month_end=LAST,
            place_labels=places,
        )

    t_ours, report = best_of(ours, 3)
    print(f"ClearHold emerging_report, end to end: {t_ours:.2f} s (best of 3)")
    print(f"  {report.n_analysed:,} cells with incidents analysed")
    for pattern, n in report.pattern_counts:
        print(f"  {pattern.label:<24} {n:>6,}")

    # the plain route's input: the cube, then the map's Gi* and BH FDR month by month
    start = time.perf_counter()
    index = (months - np.datetime64(FIRST, "M")).astype(int)
    rows = np.floor((y - grid.y0) / CELL).astype(int)
    cols = np.floor((x - grid.x0) / CELL).astype(int)
    cube = np.zeros((24, grid.ny, grid.nx), dtype=int)
    np.add.at(cube, (index, rows, cols), 1)
    z = np.stack([gi_star(month, CELL, RADIUS) for month in cube])
    q = np.stack([bh_adjust(two_sided_p(month)) for month in z])
    hot, cold = (q <= 0.10) & (z > 0), (q <= 0.10) & (z < 0)
    t_gi = time.perf_counter() - start
    ours_z = monthly_gi_star(cube, CELL, RADIUS)
    ours_hot, ours_cold = significant_months(ours_z, 0.10)
    print(
        f"  Gi* per month, largest difference from gistar.gi_star: {np.abs(ours_z - z).max():.1e};"
        f" hot/cold months equal: {bool((ours_hot == hot).all() and (ours_cold == cold).all())}"
    )
    analysed = np.flatnonzero(cube.sum(axis=0).ravel() > 0)
    subset = analysed if args.plain_cells <= 0 else analysed[: args.plain_cells]
    start = time.perf_counter()
    plain, plain_p = plain_loop(z, hot, cold, subset)
    t_loop = time.perf_counter() - start
    scale = analysed.size / subset.size
    t_plain = t_gi + t_loop * scale

    ours_by_cell = _patterns_by_cell(report, grid, z, hot, cold, analysed)
    same = int((ours_by_cell[np.isin(analysed, subset)] == plain).sum())
    print(
        f"Plain loop (pymannkendall.original_test + rules per cell) on {subset.size:,} of "
        f"{analysed.size:,} cells: {t_loop:.2f} s, scaled x{scale:.2f} -> {t_loop * scale:.1f} s"
    )
    print(f"  + cube, gi_star and bh_adjust month by month: {t_gi:.2f} s -> plain {t_plain:.1f} s")
    print(f"  patterns equal on {same:,} of {subset.size:,} cells")
    every = t_loop / subset.size * grid.n_cells
    print(f"  (the loop over all {grid.n_cells:,} grid cells, empty ones too: ~{every:,.0f} s)")
    print(f"Ratio plain / ClearHold, end to end: {t_plain / t_ours:,.1f}x")
    t_stage, _ = best_of(lambda: _trend_and_patterns(z, hot, cold, analysed), 3)
    print(
        f"Trend and patterns alone on {analysed.size:,} cells: ClearHold {t_stage:.3f} s, "
        f"plain {t_loop * scale:.1f} s, ratio {t_loop * scale / t_stage:,.0f}x"
    )
    _check_p_values(z, analysed, subset, plain_p)
    return 0 if same == subset.size else 1


def _patterns_by_cell(report, grid, z, hot, cold, analysed) -> np.ndarray:
    """ClearHold's pattern of every analysed cell (the listed cells carry theirs; the rest are
    "no pattern" unless the list was cut, which the check below would show)."""
    out = np.zeros(analysed.size, dtype=int)
    where = {int(c.row) * grid.nx + int(c.col): c.pattern for c in report.cells}
    for k, cell in enumerate(analysed):
        out[k] = where.get(int(cell), 0)
    return out


def _trend_and_patterns(z, hot, cold, analysed) -> np.ndarray:
    from clearhold.analysis.emerging import classify_patterns
    from clearhold.analysis.mann_kendall import mann_kendall

    months = z.shape[0]
    pick = [a.reshape(months, -1)[:, analysed].T for a in (z, hot, cold)]
    return classify_patterns(pick[1], pick[2], mann_kendall(pick[0]))


def _check_p_values(z, analysed, subset, plain_p) -> None:
    from clearhold.analysis.mann_kendall import mann_kendall

    series = z.reshape(z.shape[0], -1)[:, subset].T
    worst = float(np.abs(mann_kendall(series).p - plain_p).max())
    print(f"  Mann–Kendall p, largest difference from pymannkendall: {worst:.1e}")


if __name__ == "__main__":
    sys.exit(main())
