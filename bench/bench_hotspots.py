"""Hotspot kernels against the libraries an analyst would otherwise use, in one run.

    .venv/bin/python bench/bench_hotspots.py            # about 70 s on 2 cores

(a) 1,000,000 synthetic points (clustered + uniform background) over 20 km x 20 km, 100 m cells
    (40,000 cells); (b) the near-national police.uk set for 2019-07..09 in
    ``../shared/data/policeuk`` at 1 km cells (skipped, with a message, when absent).

Gi*: ``clearhold.analysis.gistar.gi_star`` against ``esda.G_Local(y, w, transform="B",
star=True, permutations=0)`` on ``libpysal.weights.DistanceBand(centroids, r, binary=True)``.
The weights are built once, outside esda's timing, and their build time is printed separately;
esda's own time includes what G_Local does with them (filling the diagonal, the binary
transform, the sparse product). esda's default 999-permutation run is timed once on (a).

KDE: ``clearhold.analysis.kde.kde`` (binning + FFT) against ``scipy.stats.gaussian_kde`` with the
same isotropic Gaussian kernel (covariance h²I; gaussian_kde would otherwise scale the data
covariance) evaluated at the same cell centres. scipy's cost is points x cells, so it runs on a
random subsample and its time is scaled up linearly to the full set (stated in the output); the
difference printed is ClearHold's binning error on that same subsample, relative to the peak.
The quartic KDE is also compared with a direct kernel sum over the binned points (KD-tree pairs
within h), which it must equal.

Times are the best of several runs for ClearHold and one or two runs for the slow references.
"""

from __future__ import annotations

import argparse
import glob
import math
import os
import platform
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np

from clearhold.analysis.gistar import gi_star
from clearhold.analysis.grid import Grid, cell_centres, counts
from clearhold.analysis.kde import kde, quartic_kernel

HERE = Path(__file__).resolve().parent
DEFAULT_NATIONAL = str(
    HERE.parent.parent / "shared" / "data" / "policeuk" / "*" / "2019-0[789]-*-street.csv.gz"
)
Z_TOLERANCE = 1e-6


def best_of(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    best, out = math.inf, None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def synthetic_points(n: int, seed: int) -> tuple[np.ndarray, np.ndarray, Grid]:
    """60% of points in 80 Gaussian clusters (sd 40-300 m), 40% uniform, 20 km x 20 km."""
    rng = np.random.default_rng(seed)
    x0, y0, side = 520_000.0, 250_000.0, 20_000.0
    n_clustered = int(0.6 * n)
    centres = rng.uniform(1_000, side - 1_000, size=(80, 2))
    sd = rng.uniform(40, 300, size=80)
    pick = rng.integers(0, 80, n_clustered)
    clustered = centres[pick] + rng.normal(size=(n_clustered, 2)) * sd[pick, None]
    background = rng.uniform(0, side, size=(n - n_clustered, 2))
    pts = np.vstack([clustered, background])
    pts = pts[(pts >= 0).all(axis=1) & (pts < side).all(axis=1)]
    grid = Grid(x0, y0, 100.0, nx=int(side // 100), ny=int(side // 100))
    return x0 + pts[:, 0], y0 + pts[:, 1], grid


def national_points(pattern: str) -> tuple[np.ndarray, np.ndarray, int] | None:
    import pandas as pd
    from pyproj import Transformer

    files = sorted(glob.glob(pattern))
    if not files:
        return None
    frames = [pd.read_csv(f, usecols=["Longitude", "Latitude"]) for f in files]
    df = pd.concat(frames, ignore_index=True).dropna()
    to_bng = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
    x, y = to_bng.transform(df["Longitude"].to_numpy(), df["Latitude"].to_numpy())
    x, y = np.asarray(x), np.asarray(y)
    keep = (x >= 0) & (x <= 700_000) & (y >= 0) & (y <= 1_300_000)
    return x[keep], y[keep], len(files)


class IsotropicGaussianKDE:
    """scipy's gaussian_kde with the kernel covariance fixed at h²·I."""

    def __new__(cls, dataset: np.ndarray, sd: float):
        from scipy.stats import gaussian_kde

        class _Iso(gaussian_kde):
            def _compute_covariance(self):
                self.factor = 1.0
                self.covariance = np.eye(2) * sd**2
                self.cho_cov = np.eye(2) * sd
                self.log_det = 2 * np.log(np.diag(self.cho_cov * np.sqrt(2 * np.pi))).sum()

        return _Iso(dataset)


def direct_quartic(n: np.ndarray, grid: Grid, h: float) -> np.ndarray:
    """Direct kernel sum over the binned points: every cell centre x every occupied cell within
    h (KD-tree pairs), Σ n_j K(d_ij), per km²."""
    from scipy.spatial import cKDTree

    xc, yc = cell_centres(grid)
    occ = n > 0
    cells = cKDTree(np.column_stack([xc.ravel(), yc.ravel()]))
    occupied = cKDTree(np.column_stack([xc[occ], yc[occ]]))
    pairs = cells.sparse_distance_matrix(occupied, h, output_type="ndarray")
    contrib = quartic_kernel(pairs["v"], h) * n[occ][pairs["j"]]
    return (
        np.bincount(pairs["i"], weights=contrib, minlength=grid.n_cells).reshape(grid.shape) * 1e6
    )


def esda_gi(y: np.ndarray, w) -> np.ndarray:
    import esda

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return esda.G_Local(y, w, transform="B", star=True, permutations=0).Zs


def bench_gi(
    label: str, n: np.ndarray, grid: Grid, radius: float, esda_repeat: int, t_bin: float
) -> dict:
    import libpysal

    s = grid.cell_size
    t_ch, z = best_of(lambda: gi_star(n, s, radius), 5)
    xc, yc = cell_centres(grid)
    t_w, w = best_of(
        lambda: libpysal.weights.DistanceBand(
            np.column_stack([xc.ravel(), yc.ravel()]), radius, binary=True, silence_warnings=True
        ),
        1,
    )
    y = n.ravel().astype(float)
    t_esda, ze = best_of(lambda: esda_gi(y, w), esda_repeat)
    both = np.isfinite(ze)
    diff = float(np.abs(z.ravel()[both] - ze[both]).max())
    undefined = int((~both).sum())
    print(
        f"  Gi* ({grid.ny} x {grid.nx} = {grid.n_cells:,} cells, radius {radius:g} m, "
        f"mean {w.mean_neighbors + 1:.1f} cells per window, edges included)"
    )
    print(f"    ClearHold gi_star           {t_ch * 1e3:10.1f} ms")
    print(
        f"    esda G_Local(perm=0)        {t_esda * 1e3:10.1f} ms   (weights build "
        f"{t_w:.2f} s, not included)"
    )
    print(f"    speed-up                    {t_esda / t_ch:10.0f} x   (target >= 300 x)")
    t_all = t_ch + t_bin
    print(
        f"    ClearHold incl. binning     {t_all * 1e3:10.1f} ms   ({t_esda / t_all:.0f} x"
        " esda, which is given the counts ready-made)"
    )
    print(
        f"    max |z - z_esda|            {diff:10.1e}     over {both.sum():,} cells"
        + (f"; {undefined} cells where esda gives NaN (window = whole grid)" if undefined else "")
    )
    return {"label": label, "t_ch": t_ch, "t_esda": t_esda, "t_w": t_w, "diff": diff, "w": w}


def bench_permutations(n: np.ndarray, w, t_ch: float) -> None:
    import esda

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t_perm, _ = best_of(
            lambda: esda.G_Local(n.ravel().astype(float), w, transform="B", star=True, seed=1), 1
        )
    print(
        f"    esda G_Local(999 perms)     {t_perm * 1e3:10.1f} ms   ({t_perm / t_ch:,.0f} x "
        "ClearHold's analytic z; smallest p = 0.001)"
    )


def bench_kde(
    x: np.ndarray,
    y: np.ndarray,
    grid: Grid,
    h_quartic: float,
    sd_gauss: float,
    scipy_points: int,
    seed: int,
) -> dict:
    s = grid.cell_size
    n_pts = x.size
    t_q, f_q = best_of(lambda: kde(grid, x, y, bandwidth=h_quartic), 3)
    n = counts(grid, x, y)
    t_direct, f_direct = best_of(lambda: direct_quartic(n, grid, h_quartic), 1)
    rel_q = float(np.abs(f_q - f_direct).max() / f_direct.max())
    t_g, _ = best_of(lambda: kde(grid, x, y, bandwidth=sd_gauss, kernel="gaussian"), 3)

    rng = np.random.default_rng(seed)
    sub = rng.choice(n_pts, size=min(scipy_points, n_pts), replace=False)
    xs, ys = x[sub], y[sub]
    xc, yc = cell_centres(grid)
    est = IsotropicGaussianKDE(np.vstack([xs, ys]), sd_gauss)
    t_sub, dens = best_of(lambda: est.evaluate(np.vstack([xc.ravel(), yc.ravel()])), 1)
    f_scipy = dens.reshape(grid.shape) * sub.size * 1e6
    t_scipy = t_sub * n_pts / sub.size
    f_ours_sub = kde(grid, xs, ys, bandwidth=sd_gauss, kernel="gaussian")
    rel_g = float(np.abs(f_ours_sub - f_scipy).max() / f_scipy.max())
    print(f"  KDE ({n_pts:,} points, {grid.n_cells:,} cells of {s:g} m)")
    print(f"    ClearHold quartic h={h_quartic:g} m   {t_q * 1e3:10.1f} ms   (binning + FFT)")
    print(
        f"    direct quartic sum (binned) {t_direct * 1e3:10.1f} ms   speed-up "
        f"{t_direct / t_q:,.0f} x; max diff {rel_q:.1e} of the peak"
    )
    print(f"    ClearHold Gaussian sd={sd_gauss:g} m  {t_g * 1e3:8.1f} ms")
    print(
        f"    scipy gaussian_kde          {t_scipy * 1e3:10.1f} ms   SCALED: measured "
        f"{t_sub:.2f} s on {sub.size:,} of {n_pts:,} points, x {n_pts / sub.size:g}"
    )
    print(f"    speed-up vs scipy           {t_scipy / t_g:10,.0f} x   (target >= 50 x)")
    print(
        f"    binning error vs scipy      {rel_g:10.1e}     of the peak (same "
        f"{sub.size:,}-point subsample; points moved to cell centres, up to {s / 2**0.5:.0f} m)"
    )
    return {"t_g": t_g, "t_scipy": t_scipy, "rel_q": rel_q}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--points", type=int, default=1_000_000)
    p.add_argument("--radius", type=float, default=300.0, help="Gi* radius on (a), metres")
    p.add_argument("--seed", type=int, default=20_240_601)
    p.add_argument(
        "--scipy-points",
        type=int,
        default=10_000,
        help="subsample for scipy.stats.gaussian_kde on (a)",
    )
    p.add_argument("--national", default=DEFAULT_NATIONAL, help="glob of police.uk CSV files")
    p.add_argument("--national-cell", type=float, default=1_000.0)
    p.add_argument("--national-radius", type=float, default=1_500.0)
    p.add_argument("--no-permutations", action="store_true")
    args = p.parse_args(argv)

    started = time.perf_counter()
    import esda
    import libpysal
    import scipy

    print(
        f"bench_hotspots: Python {platform.python_version()}, numpy {np.__version__}, scipy "
        f"{scipy.__version__}, esda {esda.__version__}, libpysal {libpysal.__version__}, "
        f"{os.cpu_count()} CPUs"
    )
    ok = True

    print(f"\n(a) synthetic: {args.points:,} points over 20 km x 20 km, 100 m cells")
    x, y, grid = synthetic_points(args.points, args.seed)
    t_bin, n = best_of(lambda: counts(grid, x, y), 3)
    print(f"  binning {x.size:,} points with counts(): {t_bin * 1e3:.1f} ms")
    a = bench_gi("synthetic", n, grid, args.radius, esda_repeat=2, t_bin=t_bin)
    ok &= a["diff"] <= Z_TOLERANCE
    if not args.no_permutations:
        bench_permutations(n, a["w"], a["t_ch"])
    ka = bench_kde(x, y, grid, 250.0, 200.0, args.scipy_points, args.seed)
    ok &= ka["rel_q"] <= 1e-6

    print(f"\n(b) police.uk near-national 2019-07..09: {args.national}")
    nat = national_points(args.national)
    if nat is None:
        print("  SKIPPED: no files match (the shared police.uk folder is absent)")
    else:
        xn, yn, n_files = nat
        g = Grid.covering(xn, yn, args.national_cell)
        print(
            f"  {xn.size:,} located incidents from {n_files} files; national extent at "
            f"{args.national_cell:g} m cells (100 m would be {g.n_cells * 100:,} cells, too "
            "many for esda's weights objects)"
        )
        t_bin, nn = best_of(lambda: counts(g, xn, yn), 3)
        print(f"  binning with counts(): {t_bin * 1e3:.1f} ms")
        b = bench_gi("national", nn, g, args.national_radius, esda_repeat=1, t_bin=t_bin)
        ok &= b["diff"] <= Z_TOLERANCE
        kb = bench_kde(
            xn,
            yn,
            g,
            2.5 * args.national_cell,
            2.0 * args.national_cell,
            max(500, args.scipy_points // 10),
            args.seed,
        )
        ok &= kb["rel_q"] <= 1e-6

    print(
        f"\ntotal bench time {time.perf_counter() - started:.0f} s; z and quartic parity "
        + ("OK" if ok else "FAILED")
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
