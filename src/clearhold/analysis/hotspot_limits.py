"""How big a hotspot request is, worked out before any grid is allocated, and the fixed limits
that keep one request well under 1 GB of memory.

A hotspot report allocates arrays of three sizes, all known from the settings and the area alone:

- the **grid**: the area's bounding box in cells of ``s`` metres, grown by the density's margin
  of ``⌈h/s⌉`` cells on each side (``h``: the density bandwidth). Every per-cell array (counts,
  density, z, p, q, classes, the mask) and the list of significant cells scale with it.
- the **density kernel**: ``(2k + 1)²`` values with ``k = ⌊h/s⌋`` (:func:`kde.kernel_reach_cells`),
  and the nodes the incidents are linearly binned on, at most ``kde.MAX_BINNING_NODES`` (4 M).
- the **Gi* window**: a disc of radius ``r`` metres, ``⌈r/s⌉`` cells (:func:`gistar.
  window_reach_cells`), so about ``π(r/s)²`` neighbours per cell. ClearHold never builds the
  ``n × n`` weight matrix (Gi* is an FFT convolution), so the neighbour pairs cost time, not memory;
  they are still reported.
- the **listed cells**: every significant cell once became a Python object and a map polygon
  (about 4 KB each); a report lists at most :data:`MAX_LISTED_CELLS` of them.

Each convolution works on the grid padded by its stencil, at most ``(ny + 2k)(nx + 2k)`` values;
with the grid and both reaches capped that stays within a few times :data:`MAX_GRID_CELLS`.
The worst accepted request is measured in ``bench/bench_hotspot_memory.py``.

The same parameters can be fine on a town and too big on a county: the grid follows the chosen
area, or the incidents' bounding box when no area is chosen. A refusal names each limit passed
and the setting that would bring it within the limit (issue 15, finding 7).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from clearhold.analysis.gistar import disc_stencil, window_reach_cells
from clearhold.analysis.grid import Grid
from clearhold.analysis.kde import kernel_reach_cells

__all__ = [
    "MAX_EMERGING_MONTH_CELLS",
    "MAX_GRID_CELLS",
    "MAX_KERNEL_CELLS",
    "MAX_LISTED_CELLS",
    "MAX_WINDOW_CELLS",
    "HotspotInputError",
    "HotspotSize",
    "check_emerging_size",
    "hotspot_grid",
    "size_hotspot_request",
]

#: Most cells in a grid, margins included: a district at 100 m, a county at 150 m.
MAX_GRID_CELLS = 250_000
#: Longest density bandwidth, in cells (the kernel is at most 201 × 201 values).
MAX_KERNEL_CELLS = 100
#: Longest Gi* radius, in cells (a window of at most 31,417 cells).
MAX_WINDOW_CELLS = 100
#: Most significant cells listed in a report and drawn on its map (the strongest first); the
#: classes grid and the hot-spot clusters keep every cell. 250,000 listed cells cost ~1 GB.
MAX_LISTED_CELLS = 5_000
#: Most month-cells in an emerging hot spot analysis's space-time cube (months × grid cells):
#: each of its arrays holds one value a month-cell, so a district's grid over two years fits,
#: and a start month typed as 0001 is refused before the cube is allocated.
MAX_EMERGING_MONTH_CELLS = 6_000_000

Extent = tuple[float, float, float, float]


class HotspotInputError(ValueError):
    """The settings cannot give a meaningful hotspot analysis; the message says why."""


def check_emerging_size(n_months: int, n_cells: int) -> None:
    """Refuse an emerging hot spot analysis whose cube (``n_months × n_cells``) passes
    :data:`MAX_EMERGING_MONTH_CELLS`, naming the limit and the fewest months that would fit.

    >>> check_emerging_size(24, 100_000)
    """
    if n_months * n_cells <= MAX_EMERGING_MONTH_CELLS:
        return
    fits = max(MAX_EMERGING_MONTH_CELLS // max(n_cells, 1), 0)
    raise HotspotInputError(
        f"Emerging hot spots over {n_months:,} months of a {n_cells:,}-cell grid need "
        f"{n_months * n_cells:,} month-cells, over the limit of {MAX_EMERGING_MONTH_CELLS:,} "
        f"(MAX_EMERGING_MONTH_CELLS): choose at most {fits:,} months, or larger cells."
    )


@dataclass(frozen=True)
class HotspotSize:
    """What a request will allocate: its grid, the kernel's and the window's reach in cells,
    the cells in one full Gi* window, the neighbour pairs (at most cells × window) and the
    largest array a convolution pads the grid to."""

    grid: Grid
    kernel_cells: int
    window_cells: int
    window_neighbours: int
    neighbour_pairs: int
    convolution_cells: int


def hotspot_grid(extent: Extent, cell_size: float, bandwidth: float) -> Grid:
    """The grid a report uses over ``extent`` (xmin, ymin, xmax, ymax in BNG metres): aligned to
    multiples of the cell size and grown by ``⌈bandwidth/cell⌉`` cells on each side, so the
    density has no edge loss. No array is allocated.

    >>> hotspot_grid((1049.0, 0.0, 1351.0, 99.9), 100.0, 250.0)
    Grid(x0=700.0, y0=-300.0, cell_size=100.0, nx=10, ny=7)
    """
    xmin, ymin, xmax, ymax = extent
    pad = math.ceil(bandwidth / cell_size)
    return Grid.covering(np.array([xmin, xmax]), np.array([ymin, ymax]), cell_size, pad)


def _settings_problem(cell_size: float, bandwidth: float, radius: float) -> str | None:
    if not (math.isfinite(cell_size) and cell_size > 0):
        return f"The cell size must be a positive number of metres, not {cell_size:g}."
    if not (math.isfinite(bandwidth) and bandwidth > 0):
        return f"The density bandwidth must be a positive number of metres, not {bandwidth:g}."
    if not math.isfinite(radius) or radius < cell_size:
        return (
            f"The Gi* radius ({radius:g} m) is smaller than a cell ({cell_size:g} m): each cell "
            "would be compared only with itself. Use a radius of at least one cell."
        )
    return None


def _smallest_cell(extent: Extent, cell_size: float, bandwidth: float | None) -> int:
    """The smallest whole ten metres of cell at which the grid fits :data:`MAX_GRID_CELLS`
    (``bandwidth`` None: the default of 2.5 cells, which grows with the cell)."""

    def cells(s: float) -> int:
        return hotspot_grid(extent, s, 2.5 * s if bandwidth is None else bandwidth).n_cells

    low = 10 * math.ceil(cell_size / 10)
    high = low
    while cells(high) > MAX_GRID_CELLS:
        high *= 2
    while high - low > 10:
        middle = 10 * ((low + high) // 20)
        low, high = (low, middle) if cells(middle) <= MAX_GRID_CELLS else (middle, high)
    return low if cells(low) <= MAX_GRID_CELLS else high


def _limit_problems(
    extent: Extent, grid: Grid, cell_size: float, bandwidth: float, radius: float, *, default: bool
) -> list[str]:
    s, problems = cell_size, []
    kernel = kernel_reach_cells(s, bandwidth)
    if kernel > MAX_KERNEL_CELLS:
        problems.append(
            f"A density bandwidth of {bandwidth:,g} m is {kernel:,} cells of {s:g} m; the most is "
            f"{MAX_KERNEL_CELLS} cells: use a bandwidth of at most {MAX_KERNEL_CELLS * s:,g} m "
            f"or a cell of at least {math.ceil(bandwidth / MAX_KERNEL_CELLS):,} m."
        )
    window = window_reach_cells(s, radius)
    if window > MAX_WINDOW_CELLS:
        problems.append(
            f"A Gi* radius of {radius:,g} m is {window:,} cells of {s:g} m; the most is "
            f"{MAX_WINDOW_CELLS} cells: use a radius of at most {MAX_WINDOW_CELLS * s:,g} m "
            f"or a cell of at least {math.ceil(radius / MAX_WINDOW_CELLS):,} m."
        )
    if grid.n_cells > MAX_GRID_CELLS:
        smallest = _smallest_cell(extent, s, None if default else bandwidth)
        problems.append(
            f"A {s:g} m cell over this area ({grid.nx * s / 1000:,.1f} km × "
            f"{grid.ny * s / 1000:,.1f} km with the density's margin) makes {grid.n_cells:,} "
            f"cells; the most is {MAX_GRID_CELLS:,}: use a cell of at least {smallest:,} m "
            "or a smaller area."
        )
    width, height = grid.nx * s, grid.ny * s
    if grid.n_cells > 1 and radius >= math.hypot(width, height):
        problems.append(
            f"The Gi* radius ({radius:g} m) is larger than the whole area ({width:g} m × "
            f"{height:g} m): every cell would be compared with everything, so nothing can stand "
            "out. Use a smaller radius or a larger area."
        )
    return problems


def size_hotspot_request(
    extent: Extent, *, cell_size: float, bandwidth: float | None, radius: float
) -> HotspotSize:
    """Size a hotspot request over ``extent`` (xmin, ymin, xmax, ymax in BNG metres) before
    anything is allocated, or raise :class:`HotspotInputError` naming every limit it passes and
    what to change. ``bandwidth`` None means the default, 2.5 cells.

    >>> size = size_hotspot_request((540_000, 300_000, 545_000, 305_000), cell_size=100,
    ...                             bandwidth=None, radius=300)
    >>> size.grid.n_cells, size.kernel_cells, size.window_cells, size.window_neighbours
    (3249, 2, 3, 29)
    """
    s, r = float(cell_size), float(radius)
    h = 2.5 * s if bandwidth is None else float(bandwidth)
    problem = _settings_problem(s, h, r)
    if problem:
        raise HotspotInputError(problem)
    grid = hotspot_grid(extent, s, h)
    problems = _limit_problems(extent, grid, s, h, r, default=bandwidth is None)
    if problems:
        raise HotspotInputError(" ".join(problems))
    kernel, window = kernel_reach_cells(s, h), window_reach_cells(s, r)
    neighbours = int(disc_stencil(s, r).sum())  # at most 201 × 201 values, once accepted
    ky, kx = min(window, grid.ny - 1), min(window, grid.nx - 1)
    return HotspotSize(
        grid=grid,
        kernel_cells=kernel,
        window_cells=window,
        window_neighbours=neighbours,
        neighbour_pairs=grid.n_cells * neighbours,
        convolution_cells=max(
            (grid.ny + 2 * kernel) * (grid.nx + 2 * kernel),
            (grid.ny + 2 * ky) * (grid.nx + 2 * kx),
        ),
    )
