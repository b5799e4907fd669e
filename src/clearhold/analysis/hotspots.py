"""The "Scan" report: where incidents concentrate, which places repeat, and how it is trending.

One call runs the kernels of this package over one selection of incidents — binning
(:mod:`grid`), kernel density (:mod:`kde`), Getis–Ord Gi* with FDR classes (:mod:`gistar`),
hot-spot clusters (connected hot cells), repeat places and concentration (:mod:`repeats`) and
the monthly trend (:mod:`trend`) — so the CLI, the web page and the documents show the same
figures. Arrays in, a frozen report out; no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import shapely

from clearhold.analysis.fdr import bh_adjust
from clearhold.analysis.gistar import HotspotClass, gi_star
from clearhold.analysis.gistar_permutation import gi_star_inference
from clearhold.analysis.grid import Grid, cell_of, cell_rings, counts
from clearhold.analysis.hotspot_clusters import HotspotCluster, hot_spots
from clearhold.analysis.hotspot_limits import (
    MAX_LISTED_CELLS,
    HotspotInputError,
    size_hotspot_request,
)
from clearhold.analysis.kde import default_bandwidth, kde_linear
from clearhold.analysis.repeats import Concentration, LeagueRow, concentration, premises_league
from clearhold.analysis.study_area import StudyArea, choose_study_area, grid_notes, study_mask
from clearhold.analysis.trend import MonthlyCounts, monthly_counts

__all__ = [
    "HotCell",
    "HotspotCluster",
    "HotspotInputError",
    "HotspotReport",
    "HotspotSettings",
    "hotspot_report",
]


@dataclass(frozen=True)
class HotspotSettings:
    """Cell size, KDE bandwidth (None: 2.5 cells) and Gi* distance band, all in metres; the
    study area when none is given ("lsoas": the LSOAs in the data, "box": the bounding box);
    Gi* inference ("analytic" z or "permutation", with its draws and seed, None: a fresh one)."""

    cell_size: float = 100.0
    bandwidth: float | None = None
    radius: float = 300.0
    alpha_fdr: float = 0.10
    study_area: str = "lsoas"
    inference: str = "analytic"
    permutations: int = 999
    seed: int | None = None


@dataclass(frozen=True)
class HotCell:
    row: int
    col: int
    count: int
    z: float
    p: float
    q: float
    hotspot_class: int
    density: float
    ring: tuple[tuple[float, float], ...]

    @property
    def label(self) -> str:
        return HotspotClass(self.hotspot_class).label


@dataclass(frozen=True)
class HotspotReport:
    settings: HotspotSettings
    n_incidents: int
    n_located: int
    grid: Grid | None = None
    density: np.ndarray | None = None
    z: np.ndarray | None = None
    classes: np.ndarray | None = None
    cells: list[HotCell] = field(default_factory=list)
    clusters: list[HotspotCluster] = field(default_factory=list)
    places: list[LeagueRow] = field(default_factory=list)
    concentration: Concentration | None = None
    trend: MonthlyCounts | None = None
    notes: list[str] = field(default_factory=list)
    mask: np.ndarray | None = None
    p: np.ndarray | None = None
    area: StudyArea | None = None

    @property
    def empty(self) -> bool:
        return self.n_located == 0

    def to_dict(self) -> dict:
        """JSON-safe summary: settings, counts, the significant cells, clusters and places."""
        return {
            "settings": {
                "cell_size_m": self.settings.cell_size,
                "bandwidth_m": self.settings.bandwidth,
                "radius_m": self.settings.radius,
                "alpha_fdr": self.settings.alpha_fdr,
                "inference": self.settings.inference,
                "permutations": self.settings.permutations
                if self.settings.inference == "permutation"
                else None,
                "seed": self.settings.seed,
                "study_area": None if self.area is None else self.area.source,
            },
            "cells_in_study_area": None
            if self.grid is None
            else int(self.grid.n_cells if self.mask is None else self.mask.sum()),
            "incidents": self.n_incidents,
            "located": self.n_located,
            "cells": [
                {
                    "row": c.row,
                    "col": c.col,
                    "count": c.count,
                    "z": round(c.z, 4),
                    "p": c.p,
                    "q": c.q,
                    "class": c.label,
                    "density_per_km2": round(c.density, 2),
                }
                for c in self.cells
            ],
            "clusters": [
                {
                    "rank": c.rank,
                    "cells": c.cells,
                    "incidents": c.incidents,
                    "max_z": round(c.max_z, 4),
                    "top_place": c.top_place,
                }
                for c in self.clusters
            ],
            "places": [
                {
                    "rank": p.rank,
                    "place": p.label,
                    "incidents": p.count,
                    "share": round(p.share, 4),
                    "cumulative_share": round(p.cumulative_share, 4),
                }
                for p in self.places
            ],
            "concentration": None
            if self.concentration is None
            else {
                "places_with_incidents": self.concentration.n_places_active,
                "top_shares": {
                    str(k): round(v, 4) for k, v in self.concentration.top_shares.items()
                },
                "gini": round(self.concentration.gini_active, 4),
            },
            "trend": None
            if self.trend is None
            else {
                str(m): int(n)
                for m, n in zip(self.trend.months.astype(str), self.trend.counts, strict=True)
            },
            "notes": self.notes,
        }


def _in_area(
    area: shapely.Polygon | shapely.MultiPolygon,
    x: np.ndarray,
    y: np.ndarray,
    located: np.ndarray,
    notes: list[str],
) -> np.ndarray:
    """Which incidents the counts keep: those inside ``area`` and those with no location
    (counted as unmapped); how many located ones were left out goes into ``notes``."""
    inside = np.zeros(x.shape, dtype=bool)
    inside[located] = shapely.contains_xy(area, x[located], y[located])
    left_out = int(located.sum() - inside.sum())
    if left_out:
        notes.append(
            f"{left_out:,} located incidents outside the area were left out of the counts "
            "(those within the bandwidth still smooth into the density at its edge)."
        )
    return inside | ~located


def _hot_cells(
    grid: Grid,
    n: np.ndarray,
    density: np.ndarray,
    z: np.ndarray,
    p: np.ndarray,
    classes: np.ndarray,
    notes: list[str],
) -> list[HotCell]:
    """The significant cells, hottest first; past :data:`MAX_LISTED_CELLS` only the strongest
    (largest ``|z|``) are listed, with a note, so the list and the map stay small whatever the
    grid. Clusters are built from ``classes`` and count every cell."""
    q = bh_adjust(p)
    sig_r, sig_c = np.nonzero(classes != 0)
    if sig_r.size > MAX_LISTED_CELLS:
        notes.append(
            f"{sig_r.size:,} cells are hot or cold spots; the {MAX_LISTED_CELLS:,} strongest "
            "are listed and drawn on the map (the hot spots below count them all)."
        )
        strongest = np.argpartition(-np.abs(z[sig_r, sig_c]), MAX_LISTED_CELLS)
        sig_r, sig_c = sig_r[strongest[:MAX_LISTED_CELLS]], sig_c[strongest[:MAX_LISTED_CELLS]]
    rings = cell_rings(grid, sig_r, sig_c)
    cells = [
        HotCell(
            row=int(r),
            col=int(c),
            count=int(n[r, c]),
            z=float(z[r, c]),
            p=float(p[r, c]),
            q=float(q[r, c]),
            hotspot_class=int(classes[r, c]),
            density=float(density[r, c]),
            ring=tuple(map(tuple, ring.tolist())),
        )
        for r, c, ring in zip(sig_r, sig_c, rings, strict=True)
    ]
    cells.sort(key=lambda cell: -cell.z)
    return cells


def _surfaces(
    grid: Grid,
    n: np.ndarray,
    mask: np.ndarray | None,
    x: np.ndarray,
    y: np.ndarray,
    settings: HotspotSettings,
    notes: list[str],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, HotspotSettings]:
    """Density (from every located point, NaN outside the study area), Gi* z, p and classes
    over the cells in the study area; the settings come back with the seed a permutation used."""
    density = kde_linear(grid, x, y, settings.bandwidth)
    z = gi_star(n, settings.cell_size, settings.radius, mask=mask)
    if mask is not None:
        density[~mask] = np.nan
    p, classes, seed, inference_notes = gi_star_inference(
        n,
        z,
        mask,
        cell_size=settings.cell_size,
        radius=settings.radius,
        alpha_fdr=settings.alpha_fdr,
        inference=settings.inference,
        permutations=settings.permutations,
        seed=settings.seed,
    )
    notes.extend(inference_notes)
    return density, z, p, classes, replace(settings, seed=seed)


def _study_grid(
    area: shapely.Polygon | shapely.MultiPolygon | None,
    x: np.ndarray,
    y: np.ndarray,
    lsoa_codes: np.ndarray | None,
    located: np.ndarray,
    settings: HotspotSettings,
    notes: list[str],
) -> tuple[StudyArea, Grid, np.ndarray, np.ndarray | None]:
    """The study area, the grid over it, the located incidents' counts and the cells inside it
    (None when every cell is, or when the area is smaller than one cell, which ``notes`` says)
    for the located incidents at ``(x, y)``."""
    codes = None if lsoa_codes is None else np.asarray(lsoa_codes)[located]
    study = choose_study_area(area, x, y, codes, settings.cell_size, settings.study_area == "lsoas")
    extent = (
        study.outline.bounds if study.outline is not None else (x.min(), y.min(), x.max(), y.max())
    )
    grid = size_hotspot_request(
        extent, cell_size=settings.cell_size, bandwidth=settings.bandwidth, radius=settings.radius
    ).grid
    n = counts(grid, x, y)
    mask = study_mask(grid, study.outline, n)
    if mask is not None and not mask.any():
        mask = None
        notes.append("The area is smaller than one cell: Gi* compares cells over the grid.")
    notes.extend(grid_notes(grid, mask, n, settings.bandwidth, study.source))
    return study, grid, n, mask


def hotspot_report(
    *,
    easting: np.ndarray,
    northing: np.ndarray,
    place_keys: np.ndarray,
    place_labels: np.ndarray,
    months: np.ndarray,
    month_start: np.datetime64 | str,
    month_end: np.datetime64 | str,
    area: shapely.Polygon | shapely.MultiPolygon | None = None,
    lsoa_codes: np.ndarray | None = None,
    settings: HotspotSettings = HotspotSettings(),
    top_places: int = 20,
) -> HotspotReport:
    """Hotspot report for incidents at ``(easting, northing)`` (BNG metres, NaN = no location).

    ``place_keys``/``place_labels`` name each incident's place (snap point or premises) for
    repeat places; ``months`` (datetime64[M]) gives the trend over ``month_start..month_end``.
    The grid is clipped to the study area (:mod:`study_area`): ``area`` (BNG polygon) when
    given, else the LSOAs of ``lsoa_codes``. Incidents outside ``area`` are left out of the
    counts but still smooth into the density near its edge. An empty selection gives an empty
    report, not an error.
    """
    x = np.asarray(easting, dtype=float)
    y = np.asarray(northing, dtype=float)
    keys = np.asarray(place_keys)  # kept in their own dtype: 10 M Python objects cost GBs
    labels = np.asarray(place_labels)
    months = np.asarray(months, dtype="datetime64[M]")
    located = np.isfinite(x) & np.isfinite(y)
    near_x, near_y = x[located], y[located]
    notes: list[str] = []
    if area is not None:
        keep = _in_area(area, x, y, located, notes)
        x, y, keys, labels, months = x[keep], y[keep], keys[keep], labels[keep], months[keep]
        lsoa_codes = None if lsoa_codes is None else np.asarray(lsoa_codes)[keep]
        located = located[keep]
    bandwidth = settings.bandwidth or default_bandwidth(settings.cell_size)
    if settings.bandwidth is None:
        notes.append(f"Kernel density bandwidth {bandwidth:g} m (2.5 cells, the default).")
    settings = replace(settings, bandwidth=bandwidth)
    trend = monthly_counts(months, month_start, month_end)
    if not located.any():
        return HotspotReport(
            settings=settings, n_incidents=int(x.size), n_located=0, trend=trend, notes=notes
        )
    if int(x.size - located.sum()):
        notes.append(
            f"{int(x.size - located.sum()):,} incidents have no location and are not mapped."
        )
    study, grid, n, mask = _study_grid(
        area, x[located], y[located], lsoa_codes, located, settings, notes
    )
    density, z, p, classes, settings = _surfaces(grid, n, mask, near_x, near_y, settings, notes)
    rows, cols = cell_of(grid, x[located], y[located])
    cells = _hot_cells(grid, n, density, z, p, classes, notes)
    place_counts = np.unique(keys[located], return_counts=True)[1]
    return HotspotReport(
        settings=settings,
        n_incidents=int(x.size),
        n_located=int(located.sum()),
        grid=grid,
        density=density,
        z=z,
        classes=classes,
        cells=cells,
        clusters=hot_spots(grid, classes, n, z, rows, cols, keys[located], labels[located]),
        places=premises_league(keys[located], labels[located], top=top_places),
        concentration=concentration(place_counts),
        trend=trend,
        notes=notes,
        mask=mask,
        p=p,
        area=study,
    )
