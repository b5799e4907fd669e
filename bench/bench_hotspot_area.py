"""Hotspots over the study area (issue 18, items 9, 10, 12), against esda on the same lattice.

    .venv/bin/python bench/bench_hotspot_area.py        # about a minute on 2 cores

On the committed Fenland police.uk subset (src/clearhold/data/policeuk/fenland, all crime and
anti-social behaviour, 2024-01..2025-12, 100 m cells, 300 m Gi* band):

1. **Before/after the clip**: cells analysed, share empty, share of hot cells with no incident,
   share of cells with an incident that are hot — over the bounding box and over the LSOAs in
   the data (each the convex hull of its incidents grown by one cell).
2. **Clipped Gi***: ``gistar.gi_star(n, mask=...)`` against ``esda.G_Local(y, w, transform="B",
   star=True, permutations=0)`` with ``w = libpysal.weights.DistanceBand`` built on the
   **in-area** cell centres only (the masked lattice); the weights' build is timed apart.
   Prints the time ratio and the largest |z difference|.
3. **Permutation inference** on the Wisbech LSOAs (Fenland 001–003, a small grid):
   ``gistar_permutation.permutation_p`` against esda's 999-permutation run on the same lattice.
   Their pseudo p-values differ where window sums tie (sparse counts): esda's folded
   ``(min(k≥, P − k≥) + 1)/(P + 1)`` counts ties on one side only.
4. **Density**: the linearly binned quartic density against the direct sum over the raw points
   (KD-tree pairs within h), and the old snap-to-centre binning, as a share of the peak.
5. **A district**: East Hertfordshire, all crime in 2018, over the box, the LSOAs in the data and
   the ONS district boundary (LAD 2017) — read from the shared police.uk folder
   (``$CLEARHOLD_SHARED_DATA``, default ``../shared/data/policeuk``); skipped when absent.

Times are the best of several runs for ClearHold and one run for esda.
"""

from __future__ import annotations

import json
import math
import os
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from scipy.signal import fftconvolve  # noqa: E402
from tests.analysis.policeuk_data import fenland  # noqa: E402

from clearhold.analysis.gistar import disc_stencil, gi_star  # noqa: E402
from clearhold.analysis.gistar_permutation import permutation_p  # noqa: E402
from clearhold.analysis.grid import Grid, cell_centres, counts  # noqa: E402
from clearhold.analysis.hotspots import HotspotSettings, hotspot_report  # noqa: E402
from clearhold.analysis.kde import kde, kde_linear, quartic_kernel  # noqa: E402

CELL, RADIUS = 100.0, 300.0
SHARED = Path(
    os.environ.get("CLEARHOLD_SHARED_DATA", HERE.parent.parent / "shared" / "data" / "policeuk")
)


def best_of(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    best, out = math.inf, None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def run_report(x, y, rows, study_area: str, area=None):
    keys = np.array([f"{a:.0f},{b:.0f}" for a, b in zip(x, y, strict=True)], dtype=object)
    return hotspot_report(
        easting=x,
        northing=y,
        place_keys=keys,
        place_labels=np.array([r["Location"] for r in rows], dtype=object),
        months=np.array([r["Month"] for r in rows], dtype="datetime64[M]"),
        month_start=min(r["Month"] for r in rows),
        month_end=max(r["Month"] for r in rows),
        area=area,
        lsoa_codes=np.array([r["LSOA code"] for r in rows]),
        settings=HotspotSettings(cell_size=CELL, radius=RADIUS, study_area=study_area),
    )


def figures(report, x, y) -> str:
    n = counts(report.grid, x, y)
    inside = np.ones(n.shape, dtype=bool) if report.mask is None else report.mask
    hot = (report.classes > 0) & inside
    with_incident = (n > 0) & inside
    hot_share = (hot & with_incident).sum() / with_incident.sum()
    return (
        f"cells {int(inside.sum()):>7,}   empty {(n[inside] == 0).mean():6.1%}   "
        f"hot cells {int(hot.sum()):>5,}, {(hot & (n == 0)).sum() / hot.sum():6.1%} with no "
        f"incident   cells with an incident that are hot {hot_share:6.1%}"
    )


def before_after(x, y, rows) -> None:
    asb = np.array([r["Crime type"] == "Anti-social behaviour" for r in rows])
    for label, sel in (("all crime", np.ones(x.size, dtype=bool)), ("ASB", asb)):
        picked = [rows[i] for i in np.flatnonzero(sel)]
        print(f"  {label} ({int(sel.sum()):,} located incidents)")
        for study_area in ("box", "lsoas"):
            report = run_report(x[sel], y[sel], picked, study_area)
            print(f"    {study_area:<6} {figures(report, x[sel], y[sel])}")


def masked_weights(grid: Grid, mask: np.ndarray):
    import libpysal

    xc, yc = cell_centres(grid)
    centres = np.column_stack([xc[mask], yc[mask]])
    return libpysal.weights.DistanceBand(
        centres, threshold=RADIUS, binary=True, silence_warnings=True
    )


def bench_clipped_gi(x, y, rows) -> None:
    import esda

    report = run_report(x, y, rows, "lsoas")
    n, mask = counts(report.grid, x, y), report.mask
    t_ch, z = best_of(lambda: gi_star(n, CELL, RADIUS, mask=mask), 5)
    t_w, w = best_of(lambda: masked_weights(report.grid, mask), 1)
    y_in = n[mask].astype(float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t_esda, g = best_of(
            lambda: esda.G_Local(y_in, w, transform="B", star=True, permutations=0), 1
        )
    diff = np.nanmax(np.abs(z[mask] - g.Zs))
    print(f"  {int(mask.sum()):,} in-area cells of {report.grid.n_cells:,}")
    print(f"    ClearHold gi_star(mask)      {t_ch * 1e3:9.1f} ms")
    print(f"    esda G_Local(perm=0)         {t_esda * 1e3:9.1f} ms   (weights {t_w:.1f} s apart)")
    print(f"    ratio esda / ClearHold       {t_esda / t_ch:9.0f} x")
    print(f"    max |z - z_esda|             {diff:9.1e}")


def bench_permutation(x, y, rows) -> None:
    import esda

    wisbech = np.array(
        [r["LSOA name"].startswith(("Fenland 001", "Fenland 002", "Fenland 003")) for r in rows]
    )
    xs, ys = x[wisbech], y[wisbech]
    report = run_report(xs, ys, [rows[i] for i in np.flatnonzero(wisbech)], "lsoas")
    n, mask = counts(report.grid, xs, ys), report.mask
    t_ch, (p, _) = best_of(lambda: permutation_p(n, CELL, RADIUS, mask=mask, seed=1), 3)
    w = masked_weights(report.grid, mask)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t_esda, g = best_of(
            lambda: esda.G_Local(
                n[mask].astype(float), w, transform="B", star=True, permutations=999, seed=1
            ),
            1,
        )
    ours, theirs = p[mask] <= 0.05, np.minimum(1, 2 * g.p_sim) <= 0.05
    window = np.rint(fftconvolve(n, disc_stencil(CELL, RADIUS), mode="same"))[mask]
    print(f"  Wisbech LSOAs, {int(mask.sum()):,} in-area cells, 999 draws")
    print(f"    ClearHold permutation_p      {t_ch * 1e3:9.1f} ms")
    print(f"    esda G_Local(perm=999)       {t_esda * 1e3:9.1f} ms   (numba compile included)")
    print(f"    ratio esda / ClearHold       {t_esda / t_ch:9.1f} x")
    print(
        f"    same side of p = 0.05: {np.mean(ours == theirs):.1%} of all cells, "
        f"{np.mean((ours == theirs)[window > 0]):.1%} of cells whose window holds an incident"
    )
    print(
        f"    cells with an empty window esda calls significant: {int(theirs[window == 0].sum()):,}"
        f" of {int((window == 0).sum()):,} (ties folded to one side); ClearHold: "
        f"{int(ours[window == 0].sum()):,}"
    )


def bench_density(x, y) -> None:
    from scipy.spatial import cKDTree

    grid = Grid(544_500.0, 308_500.0, CELL, nx=30, ny=30)  # Wisbech, 3 km x 3 km
    xc, yc = cell_centres(grid)
    centres = cKDTree(np.column_stack([xc.ravel(), yc.ravel()]))
    points = cKDTree(np.column_stack([x, y]))
    for h in (150.0, 250.0, 400.0):
        pairs = centres.sparse_distance_matrix(points, h, output_type="ndarray")
        exact = (
            np.bincount(
                pairs["i"], weights=quartic_kernel(pairs["v"], h), minlength=grid.n_cells
            ).reshape(grid.shape)
            * 1e6
        )
        linear = np.abs(kde_linear(grid, x, y, h) - exact).max() / exact.max()
        snapped = np.abs(kde(grid, x, y, h) - exact).max() / exact.max()
        print(
            f"    h = {h:4.0f} m   linear binning {linear:6.2%}   snapped to centres {snapped:6.2%}"
        )


def bench_district() -> None:
    from tests.analysis.policeuk_data import read_policeuk_xy

    from clearhold.areas import area_from_geojson

    files = sorted((SHARED / "hertfordshire").glob("2018-*-hertfordshire-street.csv.gz"))
    boundaries = SHARED / "boundaries" / "hertfordshire-lad17.geojson"
    if not files or not boundaries.exists():
        print(f"  {SHARED} has no Hertfordshire 2018 files or boundaries: skipped")
        return
    x, y, rows = read_policeuk_xy(files)
    sel = np.array([r["LSOA name"].startswith("East Hertfordshire ") for r in rows])
    x, y, rows = x[sel], y[sel], [rows[i] for i in np.flatnonzero(sel)]
    feature = next(
        f
        for f in json.loads(boundaries.read_text())["features"]
        if f["properties"]["lad17nm"] == "East Hertfordshire"
    )
    district = area_from_geojson(feature["geometry"])
    print(f"  East Hertfordshire 2018, all crime ({x.size:,} located incidents)")
    for label, study_area, area in (
        ("box", "box", None),
        ("lsoas", "lsoas", None),
        ("district", "lsoas", district),
    ):
        report = run_report(x, y, rows, study_area, area)
        print(f"    {label:<8} {figures(report, x, y)}")


def main() -> None:
    x, y, rows = fenland()
    print("1. Fenland, bounding box against the LSOAs in the data")
    before_after(x, y, rows)
    try:
        import esda  # noqa: F401
        import libpysal  # noqa: F401
    except ImportError:
        print("2-3. esda/libpysal not installed: skipped")
    else:
        print("2. Clipped Gi* against esda on the same masked lattice (all crime)")
        bench_clipped_gi(x, y, rows)
        print("3. Permutation inference against esda")
        bench_permutation(x, y, rows)
    print("4. Density off the direct quartic sum over the raw points, share of the peak")
    bench_density(x, y)
    print("5. A district boundary against the LSOAs and the box")
    bench_district()


if __name__ == "__main__":
    main()
