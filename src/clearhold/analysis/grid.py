"""Square analysis grid in British National Grid metres (EPSG:27700).

Cells are squares of side ``s`` whose edges lie on multiples of ``s`` (DESIGN.md, analytics §2).
Arrays on the grid are indexed ``[row, col]`` with shape ``(ny, nx)``; row 0 is the southernmost
row and column 0 the westernmost, so cell ``(r, c)`` covers::

    x0 + c·s <= x < x0 + (c + 1)·s,    y0 + r·s <= y < y0 + (r + 1)·s

(half-open: a point on a shared edge belongs to the cell to its north or east). Everything here
is plain numpy; conversion to WGS84 for the web map is done by ``clearhold.geo``.

Example
-------
>>> import numpy as np
>>> g = Grid.covering(np.array([530_012.0, 530_250.0]), np.array([180_040.0, 180_199.0]))
>>> g
Grid(x0=530000.0, y0=180000.0, cell_size=100.0, nx=3, ny=2)
>>> counts(g, np.array([530_012.0, 530_250.0]), np.array([180_040.0, 180_199.0])).tolist()
[[1, 0, 0], [0, 0, 1]]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = [
    "CHUNK",
    "MAX_CELLS",
    "Grid",
    "cell_centres",
    "cell_of",
    "cell_polygon",
    "cell_rings",
    "counts",
]

#: Points are binned in chunks of this many, so memory stays bounded (a few tens of MB of
#: temporaries) whatever the number of points, and each chunk is one "map" step of a map-reduce.
CHUNK = 1 << 20

#: Largest grid :func:`counts` will allocate (800 MB of int64): a national grid at 100 m.
MAX_CELLS = 100_000_000


@dataclass(frozen=True, slots=True)
class Grid:
    """A regular grid: lower-left origin ``(x0, y0)`` in BNG metres, square cells of
    ``cell_size`` metres, ``nx`` columns (west to east) and ``ny`` rows (south to north)."""

    x0: float
    y0: float
    cell_size: float
    nx: int
    ny: int

    def __post_init__(self) -> None:
        if not (math.isfinite(self.cell_size) and self.cell_size > 0):
            raise ValueError(f"cell_size must be a positive number of metres, got {self.cell_size}")
        if not (math.isfinite(self.x0) and math.isfinite(self.y0)):
            raise ValueError(f"grid origin must be finite, got ({self.x0}, {self.y0})")
        if int(self.nx) != self.nx or int(self.ny) != self.ny or self.nx < 1 or self.ny < 1:
            raise ValueError(f"nx and ny must be positive integers, got {self.nx} x {self.ny}")

    @property
    def shape(self) -> tuple[int, int]:
        """``(ny, nx)``: the shape of every array on this grid."""
        return (self.ny, self.nx)

    @property
    def n_cells(self) -> int:
        return self.nx * self.ny

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """``(xmin, ymin, xmax, ymax)`` of the whole grid, in metres."""
        s = self.cell_size
        return (self.x0, self.y0, self.x0 + self.nx * s, self.y0 + self.ny * s)

    @classmethod
    def covering(
        cls,
        x: np.ndarray,
        y: np.ndarray,
        cell_size: float = 100.0,
        pad_cells: int = 0,
    ) -> Grid:
        """The smallest grid aligned to multiples of ``cell_size`` that holds every finite point,
        grown by ``pad_cells`` cells on each side.

        ``x0 = (⌊min x / s⌋ − pad)·s``, likewise ``y0``; ``nx`` is chosen so that the largest x
        falls inside under the same binning rule as :func:`counts`. NaN coordinates are ignored.
        To cover a fixed study area instead of the data, pass its corners:
        ``Grid.covering(np.array([xmin, xmax]), np.array([ymin, ymax]))``. For a kernel density
        without edge loss, pad by ``ceil(bandwidth / cell_size)`` cells.

        >>> Grid.covering(np.array([1049.0, 1351.0]), np.array([0.0, 99.9]), 100.0, pad_cells=1)
        Grid(x0=900.0, y0=-100.0, cell_size=100.0, nx=6, ny=3)
        """
        x = np.asarray(x, dtype=float)
        y = np.asarray(y, dtype=float)
        ok = np.isfinite(x) & np.isfinite(y)
        if not ok.any():
            raise ValueError("cannot build a grid: no point has finite coordinates")
        if pad_cells < 0:
            raise ValueError(f"pad_cells must be >= 0, got {pad_cells}")
        s = float(cell_size)
        if not (math.isfinite(s) and s > 0):
            raise ValueError(f"cell_size must be a positive number of metres, got {cell_size}")
        xs, ys = x[ok], y[ok]
        x0 = (math.floor(xs.min() / s) - pad_cells) * s
        y0 = (math.floor(ys.min() / s) - pad_cells) * s
        nx = math.floor((xs.max() - x0) / s) + 1 + pad_cells
        ny = math.floor((ys.max() - y0) / s) + 1 + pad_cells
        return cls(x0=float(x0), y0=float(y0), cell_size=s, nx=int(nx), ny=int(ny))


def cell_of(grid: Grid, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row and column of the cell holding each point: ``r = ⌊(y − y0)/s⌋``, ``c = ⌊(x − x0)/s⌋``.

    Points outside the grid or with a NaN coordinate get ``(-1, -1)``. Returns two int64 arrays
    shaped like ``x``.

    >>> g = Grid(0.0, 0.0, 100.0, nx=2, ny=2)
    >>> cell_of(g, np.array([150.0, 250.0, np.nan]), np.array([50.0, 50.0, 0.0]))
    (array([ 0, -1, -1]), array([ 1, -1, -1]))
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    with np.errstate(invalid="ignore"):
        c = np.floor((x - grid.x0) / grid.cell_size)
        r = np.floor((y - grid.y0) / grid.cell_size)
        inside = (c >= 0) & (c < grid.nx) & (r >= 0) & (r < grid.ny)
    rows = np.where(inside, r, -1).astype(np.int64)
    cols = np.where(inside, c, -1).astype(np.int64)
    return rows, cols


def counts(
    grid: Grid, x: np.ndarray, y: np.ndarray, weights: np.ndarray | None = None
) -> np.ndarray:
    """Number of points in each cell: ``n[r, c] = #{k : cell_of(x_k, y_k) = (r, c)}``.

    Returns an int64 array of shape ``(ny, nx)`` (float64 if ``weights`` are given: the sum of the
    weights per cell). Points outside the grid and NaN coordinates are ignored. Uses
    ``np.bincount`` on the flat cell index, in chunks of :data:`CHUNK` points, so 10 million points
    take well under a second and a few tens of MB beyond the inputs.

    >>> g = Grid(0.0, 0.0, 100.0, nx=2, ny=1)
    >>> counts(g, np.array([10.0, 20.0, 110.0, 500.0]), np.array([5.0, 5.0, 5.0, 5.0]))
    array([[2, 1]])
    """
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    if x.shape != y.shape:
        raise ValueError(f"x and y differ in length: {x.size} and {y.size}")
    if weights is not None:
        weights = np.asarray(weights, dtype=float).ravel()
        if weights.shape != x.shape:
            raise ValueError(f"weights has {weights.size} values for {x.size} points")
    n_cells = grid.n_cells
    if n_cells > MAX_CELLS:
        raise ValueError(
            f"a {grid.ny} x {grid.nx} grid has {n_cells:,} cells, more than {MAX_CELLS:,}: "
            "use a larger cell size or a smaller area"
        )
    total = np.zeros(n_cells, dtype=np.int64 if weights is None else np.float64)
    for start in range(0, x.size, CHUNK):
        part = slice(start, start + CHUNK)
        rows, cols = cell_of(grid, x[part], y[part])
        keep = rows >= 0
        flat = rows[keep] * grid.nx + cols[keep]
        w = None if weights is None else weights[part][keep]
        total += np.bincount(flat, weights=w, minlength=n_cells).astype(total.dtype, copy=False)
    return total.reshape(grid.shape)


def cell_centres(grid: Grid) -> tuple[np.ndarray, np.ndarray]:
    """Centre coordinates of every cell, ``xc[r, c] = x0 + (c + ½)·s`` and
    ``yc[r, c] = y0 + (r + ½)·s``, as two float arrays of shape ``(ny, nx)``.

    >>> xc, yc = cell_centres(Grid(0.0, 0.0, 100.0, nx=2, ny=1))
    >>> xc.tolist(), yc.tolist()
    ([[50.0, 150.0]], [[50.0, 50.0]])
    """
    s = grid.cell_size
    xc = grid.x0 + (np.arange(grid.nx) + 0.5) * s
    yc = grid.y0 + (np.arange(grid.ny) + 0.5) * s
    xx, yy = np.meshgrid(xc, yc)
    return xx, yy


def cell_rings(grid: Grid, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Closed corner rings of the given cells in BNG metres: array of shape ``(k, 5, 2)``.

    Each ring runs counter-clockwise from the south-west corner (SW, SE, NE, NW, SW), the
    orientation RFC 7946 asks of a GeoJSON exterior ring, so after reprojecting the corners to
    WGS84 each ring is a ready ``Polygon`` coordinate list. Raises ``IndexError`` for a cell
    outside the grid.

    >>> cell_rings(Grid(0.0, 0.0, 100.0, nx=2, ny=2), np.array([1]), np.array([0])).tolist()
    [[[0.0, 100.0], [100.0, 100.0], [100.0, 200.0], [0.0, 200.0], [0.0, 100.0]]]
    """
    rows = np.atleast_1d(np.asarray(rows, dtype=np.int64))
    cols = np.atleast_1d(np.asarray(cols, dtype=np.int64))
    bad = (rows < 0) | (rows >= grid.ny) | (cols < 0) | (cols >= grid.nx)
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        raise IndexError(f"cell ({rows[k]}, {cols[k]}) is outside a {grid.ny} x {grid.nx} grid")
    s = grid.cell_size
    xw = grid.x0 + cols * s
    ys = grid.y0 + rows * s
    xe, yn = xw + s, ys + s
    xs_ring = np.stack([xw, xe, xe, xw, xw], axis=1)
    ys_ring = np.stack([ys, ys, yn, yn, ys], axis=1)
    return np.stack([xs_ring, ys_ring], axis=2).astype(float)


def cell_polygon(grid: Grid, row: int, col: int) -> list[tuple[float, float]]:
    """Closed corner ring of one cell, ``[(x, y), ...]`` SW, SE, NE, NW, SW (see
    :func:`cell_rings`).

    >>> cell_polygon(Grid(500.0, 0.0, 100.0, nx=1, ny=1), 0, 0)[:2]
    [(500.0, 0.0), (600.0, 0.0)]
    """
    ring = cell_rings(grid, np.array([row]), np.array([col]))[0]
    return [(float(px), float(py)) for px, py in ring]
