"""The study area a hotspot grid is clipped to, and the notes the spec asks of a grid.

A grid over the incidents' bounding box covers fields, fen and sea: in Fenland 99% of its 100 m
cells hold no incident, and those empty cells pull Gi*'s mean and standard deviation down so
far that any cell near a few incidents looks "hot". The analysis therefore runs over a study
area (issue 18, item 9), in this order of preference:

1. the area the user gave (a pasted outline, a site, a district's boundary);
2. the **LSOAs present in the data**: police.uk gives each incident's LSOA code, and without
   boundary files an LSOA's outline is taken as the convex hull of its incidents, buffered by one
   cell so that every incident's cell centre falls inside (an LSOA with one or two points is a
   buffered point or line);
3. the bounding box, only when asked for (``study_area="box"``) or when no LSOA code is known.

Cells outside the study area are **outside**: Gi* leaves them out of ``n``, the mean, the SD and
every neighbour sum (``gistar.gi_star``'s mask), the density is NaN there (not drawn) and they
are never hot, cold or ranked. A cell holding an incident is always inside.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from clearhold.analysis.grid import Grid, cell_centres

__all__ = [
    "LARGE_GRID_CELLS",
    "StudyArea",
    "choose_study_area",
    "grid_notes",
    "lsoa_outline",
    "study_mask",
]

Polygonal = shapely.Polygon | shapely.MultiPolygon

#: Above this many cells in the study area a note says the map is slow to read and to draw.
LARGE_GRID_CELLS = 100_000


@dataclass(frozen=True)
class StudyArea:
    """The outline the grid is clipped to (None: the whole grid) and how it was found."""

    outline: Polygonal | None
    source: str


def lsoa_outline(
    x: np.ndarray, y: np.ndarray, lsoa_codes: np.ndarray, buffer_m: float
) -> Polygonal | None:
    """The union of the LSOAs the incidents fall in, each the convex hull of its incidents
    buffered by ``buffer_m`` metres. Incidents with no LSOA code are buffered points. None when
    there is no point.

    >>> area = lsoa_outline(np.array([0.0, 100.0, 0.0]), np.array([0.0, 0.0, 100.0]),
    ...                     np.array(["A", "A", "A"]), 10.0)
    >>> round(area.area, -1)  # 5,000 m² of triangle + 10 m × its 341 m perimeter + π·10²
    8730.0
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    codes = np.asarray(lsoa_codes).astype(str)
    ok = np.isfinite(x) & np.isfinite(y)
    if not ok.any():
        return None
    x, y, codes = x[ok], y[ok], codes[ok]
    order = np.argsort(codes, kind="stable")
    names, starts = np.unique(codes[order], return_index=True)
    parts = []
    for name, group in zip(names, np.split(order, starts[1:]), strict=True):
        points = shapely.multipoints(np.column_stack([x[group], y[group]]))
        parts.append(points if not name.strip() else shapely.convex_hull(points))
    return shapely.union_all(shapely.buffer(np.array(parts), buffer_m))


def choose_study_area(
    area: Polygonal | None,
    x: np.ndarray,
    y: np.ndarray,
    lsoa_codes: np.ndarray | None,
    cell_size: float,
    use_lsoas: bool = True,
) -> StudyArea:
    """The given ``area``; else the LSOAs in the data, grown by one cell (unless ``use_lsoas``
    is False or no code is known); else the bounding box (outline None)."""
    if area is not None:
        return StudyArea(area, "the area given")
    if use_lsoas and lsoa_codes is not None:
        codes = np.asarray(lsoa_codes).astype(str)
        outline = lsoa_outline(x, y, codes, buffer_m=cell_size)
        known = np.unique(codes[np.char.str_len(codes) > 0]).size
        if outline is not None and known:
            return StudyArea(
                outline,
                f"the {known:,} LSOAs in the data, each the convex hull of its incidents "
                f"grown by one cell ({cell_size:g} m)",
            )
    return StudyArea(None, "the incidents' bounding box")


def study_mask(grid: Grid, area: Polygonal | None, n: np.ndarray) -> np.ndarray | None:
    """Cells in the study area: their centre inside ``area``, or holding an incident (``n > 0``)
    so none is lost at a ragged edge. None (the whole grid) without an area."""
    if area is None:
        return None
    cx, cy = cell_centres(grid)
    return shapely.contains_xy(area, cx, cy).reshape(grid.shape) | (n > 0)


def grid_notes(
    grid: Grid, mask: np.ndarray | None, n: np.ndarray, bandwidth: float, source: str
) -> list[str]:
    """The notes analytics §2 requires: over :data:`LARGE_GRID_CELLS` cells, a bandwidth at or
    below the cell size, and a grid covering land with no data (how much, and what to do)."""
    s = grid.cell_size
    inside = np.ones(grid.shape, dtype=bool) if mask is None else mask
    cells = int(inside.sum())
    empty = float((n[inside] == 0).mean()) if cells else 0.0
    notes = []
    if mask is None:
        notes.append(
            f"The grid covers the incidents' bounding box: {cells:,} cells of {s:g} m, "
            f"{empty:.1%} of them with no incident (fields, water, land with no data). They "
            "lower Gi*'s mean, so cells near a few incidents can look hot: give an area, or "
            "clip to the LSOAs in the data."
        )
    else:
        notes.append(
            f"Study area: {source}. {cells:,} of the grid's {grid.n_cells:,} cells of {s:g} m "
            f"lie in it ({empty:.1%} of those with no incident); cells outside are left out of "
            "Gi*, the map and the ranking."
        )
    if cells > LARGE_GRID_CELLS:
        notes.append(
            f"{cells:,} cells is more than {LARGE_GRID_CELLS:,}: the map is slow to read and most "
            "cells are empty; a larger cell or a smaller area gives a clearer picture."
        )
    if bandwidth <= s:
        notes.append(
            f"The density bandwidth ({bandwidth:g} m) is at or below the cell size ({s:g} m): "
            "the density is little more than the counts; use a bandwidth of two cells or more."
        )
    return notes
