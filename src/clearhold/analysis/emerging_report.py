"""The emerging hot spots of one selection of incidents, on the hotspot map's own grid.

Arrays in, a frozen report out, no I/O, so the command line and the Hotspots page show the same
patterns. The method and every pattern's rule are in :mod:`emerging`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from clearhold.analysis.emerging import (
    MIN_MONTHS,
    EmergingPattern,
    classify_patterns,
    monthly_gi_star,
    significant_months,
)
from clearhold.analysis.grid import Grid, cell_of, cell_rings
from clearhold.analysis.hotspot_limits import MAX_LISTED_CELLS, check_emerging_size
from clearhold.analysis.mann_kendall import MannKendall, mann_kendall

__all__ = ["EmergingCell", "EmergingReport", "EmergingSettings", "emerging_report"]


@dataclass(frozen=True)
class EmergingSettings:
    """FDR level of a month's hot and cold bins, Mann–Kendall level, months before counted as
    neighbours (0: each month on its own; see :mod:`emerging`)."""

    alpha_fdr: float = 0.10
    alpha_trend: float = 0.05
    time_window: int = 0


@dataclass(frozen=True)
class EmergingCell:
    rank: int
    row: int
    col: int
    pattern: int
    incidents: int
    last_month_incidents: int
    months_hot: int
    months_cold: int
    trend_tau: float
    trend_p: float
    last_z: float
    place: str
    ring: tuple[tuple[float, float], ...]

    @property
    def label(self) -> str:
        return EmergingPattern(self.pattern).label

    @property
    def slug(self) -> str:
        return EmergingPattern(self.pattern).slug


@dataclass(frozen=True)
class EmergingReport:
    settings: EmergingSettings
    months: tuple[str, ...]
    n_analysed: int = 0
    counts: dict[int, int] = field(default_factory=dict)
    cells: list[EmergingCell] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def pattern_counts(self) -> list[tuple[EmergingPattern, int]]:
        """Patterns found, hot (new first) then cold, with their number of cells."""
        order = sorted(self.counts, key=lambda p: (p <= 0, abs(p)))
        return [(EmergingPattern(p), self.counts[p]) for p in order if p != 0 and self.counts[p]]

    def to_dict(self) -> dict:
        return {
            "settings": {
                "alpha_fdr": self.settings.alpha_fdr,
                "alpha_trend": self.settings.alpha_trend,
                "time_window_months": self.settings.time_window,
            },
            "months": list(self.months),
            "cells_analysed": self.n_analysed,
            "patterns": {p.label: n for p, n in self.pattern_counts},
            "cells": [
                {
                    "rank": c.rank,
                    "row": c.row,
                    "col": c.col,
                    "pattern": c.label,
                    "place": c.place,
                    "incidents": c.incidents,
                    "last_month_incidents": c.last_month_incidents,
                    "months_hot": c.months_hot,
                    "months_cold": c.months_cold,
                    "trend_tau": round(c.trend_tau, 4),
                    "trend_p": c.trend_p,
                    "last_z": round(c.last_z, 4),
                }
                for c in self.cells
            ],
            "notes": self.notes,
        }


def _cube(
    grid: Grid, x: np.ndarray, y: np.ndarray, month_index: np.ndarray, n_months: int
) -> tuple[np.ndarray, np.ndarray]:
    """Counts per ``[month, row, col]``, and each incident's flat cell (−1 off the grid/period)."""
    rows, cols = cell_of(grid, x, y)
    ok = (rows >= 0) & (month_index >= 0) & (month_index < n_months)
    flat = np.where(ok, rows * grid.nx + cols, -1)
    bins = month_index[ok] * grid.n_cells + flat[ok]
    cube = np.bincount(bins, minlength=n_months * grid.n_cells)
    return cube.reshape(n_months, grid.ny, grid.nx), flat


def _top_places(flat: np.ndarray, labels: np.ndarray, cells: np.ndarray) -> dict[int, str]:
    """The most common place label of each of ``cells`` (flat indices), ties by name."""
    pick = np.isin(flat, cells)
    if not pick.any():
        return {}
    names, code = np.unique(labels[pick].astype(str), return_inverse=True)
    key, count = np.unique(flat[pick] * names.size + code, return_counts=True)
    cell, name = key // names.size, key % names.size
    order = np.lexsort((name, -count, cell))
    first = order[np.r_[True, cell[order][1:] != cell[order][:-1]]]
    return {int(cell[i]): str(names[name[i]]) for i in first}


def _month_index(months: np.ndarray, start: np.datetime64) -> np.ndarray:
    index = (np.asarray(months, dtype="datetime64[M]") - start).astype(np.int64)
    return np.where(np.isnat(np.asarray(months, dtype="datetime64[M]")), -1, index)


@dataclass(frozen=True)
class _Cells:
    """The analysed cells (flat indices) and, per cell, its series and pattern."""

    flat: np.ndarray
    incidents: np.ndarray
    z: np.ndarray
    hot: np.ndarray
    cold: np.ndarray
    trend: MannKendall
    patterns: np.ndarray


def _analyse(cube: np.ndarray, inside: np.ndarray, grid: Grid, radius: float, settings) -> _Cells:
    """Gi* per month, hot and cold months, trend and pattern of every analysed cell."""
    n_months = cube.shape[0]
    z = monthly_gi_star(cube, grid.cell_size, radius, mask=inside, time_window=settings.time_window)
    hot, cold = significant_months(z, settings.alpha_fdr)
    total = cube.sum(axis=0).ravel()
    flat = np.flatnonzero(inside.ravel() & (total > 0))
    series = z.reshape(n_months, -1)[:, flat].T
    hot_c = hot.reshape(n_months, -1)[:, flat].T
    cold_c = cold.reshape(n_months, -1)[:, flat].T
    trend = mann_kendall(series)
    patterns = classify_patterns(hot_c, cold_c, trend, settings.alpha_trend)
    return _Cells(flat, total[flat], series, hot_c, cold_c, trend, patterns)


def _listed(
    grid: Grid, cube: np.ndarray, cells: _Cells, flat: np.ndarray, labels: np.ndarray, notes
) -> list[EmergingCell]:
    """Cells with a pattern, hot before cold, then by incidents; at most MAX_LISTED_CELLS."""
    listed = np.flatnonzero(cells.patterns != 0)
    listed = listed[np.lexsort((-cells.incidents[listed], cells.patterns[listed] < 0))]
    if listed.size > MAX_LISTED_CELLS:
        notes.append(
            f"{listed.size:,} cells show a pattern; the first {MAX_LISTED_CELLS:,} are listed "
            "and drawn (the counts cover them all)."
        )
        listed = listed[:MAX_LISTED_CELLS]
    where = cells.flat[listed]
    rows, cols = np.divmod(where, grid.nx)
    places = _top_places(flat, labels, where)
    rings = cell_rings(grid, rows, cols)
    last_month = cube[-1].ravel()
    return [
        EmergingCell(
            rank=rank,
            row=int(r),
            col=int(c),
            pattern=int(cells.patterns[i]),
            incidents=int(cells.incidents[i]),
            last_month_incidents=int(last_month[f]),
            months_hot=int(cells.hot[i].sum()),
            months_cold=int(cells.cold[i].sum()),
            trend_tau=float(cells.trend.tau[i]),
            trend_p=float(cells.trend.p[i]),
            last_z=float(cells.z[i, -1]),
            place=places.get(int(f), ""),
            ring=tuple(map(tuple, ring.tolist())),
        )
        for rank, (i, f, r, c, ring) in enumerate(
            zip(listed, where, rows, cols, rings, strict=True), start=1
        )
    ]


def emerging_report(
    *,
    grid: Grid,
    radius: float,
    easting: np.ndarray,
    northing: np.ndarray,
    months: np.ndarray,
    month_start: np.datetime64 | str,
    month_end: np.datetime64 | str,
    mask: np.ndarray | None = None,
    place_labels: np.ndarray | None = None,
    settings: EmergingSettings = EmergingSettings(),
) -> EmergingReport:
    """Emerging hot spot patterns of the cells of ``grid`` (inside ``mask``) from the incidents
    at ``(easting, northing)`` in ``months`` (datetime64[M]) over ``month_start..month_end``,
    with the Gi* distance band ``radius`` of the map.

    Cells are ranked hot patterns first, then by incidents over the period; at most
    :data:`MAX_LISTED_CELLS` are listed (the counts cover every cell). With fewer than
    :data:`MIN_MONTHS` months the report is empty and says why; past
    :data:`MAX_EMERGING_MONTH_CELLS` month-cells it raises ``HotspotInputError``.
    """
    start, end = np.datetime64(month_start, "M"), np.datetime64(month_end, "M")
    n_months = max(int((end - start).astype(int)) + 1, 0)
    check_emerging_size(n_months, grid.n_cells)  # before the months or the cube are made
    month_names = tuple(str(start + i) for i in range(n_months))
    if n_months < MIN_MONTHS:
        return EmergingReport(
            settings=settings,
            months=month_names,
            notes=[f"Emerging hot spots need at least {MIN_MONTHS} months; {n_months} asked for."],
        )
    x, y = np.asarray(easting, dtype=float), np.asarray(northing, dtype=float)
    cube, flat = _cube(grid, x, y, _month_index(months, start), n_months)
    inside = np.ones(grid.shape, bool) if mask is None else np.asarray(mask, dtype=bool)
    cells = _analyse(cube, inside, grid, radius, settings)
    found, how_many = np.unique(cells.patterns, return_counts=True)
    counts = {int(p): 0 for p in EmergingPattern}
    counts.update(zip(found.tolist(), how_many.tolist(), strict=True))
    labels = np.full(x.shape, "", dtype=object) if place_labels is None else place_labels
    notes: list[str] = []
    listed = _listed(grid, cube, cells, flat, np.asarray(labels), notes)
    return EmergingReport(
        settings=settings,
        months=month_names,
        n_analysed=int(cells.flat.size),
        counts=counts,
        cells=listed,
        notes=notes,
    )
