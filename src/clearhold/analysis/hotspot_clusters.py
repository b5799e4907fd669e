"""Hot spots of a hotspot report: touching hot cells joined into one, outlined, and named
after their streets (:func:`hot_spots`). Arrays in, frozen hot spots out; no I/O."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
import shapely
from scipy import ndimage

from clearhold.analysis.grid import Grid
from clearhold.analysis.repeats import premises_league


@dataclass(frozen=True)
class HotspotCluster:
    """Touching hot cells (8-neighbour): one hot spot, with its outline in BNG metres."""

    rank: int
    cells: int
    incidents: int
    max_z: float
    top_place: str
    outline: shapely.Polygon | shapely.MultiPolygon
    streets: tuple[str, ...] = ()


def _outline(grid: Grid, r: np.ndarray, c: np.ndarray) -> shapely.Polygon | shapely.MultiPolygon:
    """The union of cells ``(r, c)`` (row-major order), built from one rectangle per run of
    touching cells along a row: a cluster of 250,000 cells unions a few hundred rectangles
    rather than 250,000 squares (seconds saved, same outline)."""
    breaks = np.flatnonzero((np.diff(r) != 0) | (np.diff(c) != 1)) + 1
    first, last = np.r_[0, breaks], np.r_[breaks, r.size] - 1
    s = grid.cell_size
    boxes = shapely.box(
        grid.x0 + c[first] * s,
        grid.y0 + r[first] * s,
        grid.x0 + (c[last] + 1) * s,
        grid.y0 + (r[first] + 1) * s,
    )
    return shapely.union_all(boxes)


# police.uk snap-point names that say what is there, not which street: a hot spot is named
# after its streets first, and after these only when it has no street.
NOT_STREETS = frozenset(
    {
        "bus/coach station",
        "conference/exhibition centre",
        "further/higher educational building",
        "hospital",
        "nightclub",
        "parking area",
        "pedestrian subway",
        "petrol station",
        "police station",
        "shopping area",
        "sports/recreation area",
        "supermarket",
        "theatre/concert hall",
        "train station",
    }
)


def street_names(labels: np.ndarray, top: int = 3) -> tuple[str, ...]:
    """The most common places of ``labels`` (police.uk "On or near X" locations) as bare
    names, streets before named kinds of place (e.g. "Parking Area"), ties in name order."""
    names = Counter(
        str(label).removeprefix("On or near ").strip() for label in labels if str(label).strip()
    )
    ranked = sorted(names.items(), key=lambda kv: (kv[0].lower() in NOT_STREETS, -kv[1], kv[0]))
    return tuple(name for name, _ in ranked[:top])


def hot_spots(
    grid: Grid,
    classes: np.ndarray,
    n: np.ndarray,
    z: np.ndarray,
    rows: np.ndarray,
    cols: np.ndarray,
    keys: np.ndarray,
    labels: np.ndarray,
) -> list[HotspotCluster]:
    """The hot spots: touching hot cells (8-neighbour) labelled as one, each with its
    incidents, strongest z, outline, top place and streets, largest first."""
    labelled, found = ndimage.label(classes > 0, structure=np.ones((3, 3), dtype=int))
    clusters = []
    point_cluster = labelled[rows, cols] if rows.size else np.array([], dtype=int)
    by_cluster = np.argsort(point_cluster, kind="stable")
    starts = np.searchsorted(point_cluster[by_cluster], np.arange(1, found + 2))
    for index, box in enumerate(ndimage.find_objects(labelled), start=1):
        r, c = np.nonzero(labelled[box] == index)
        r, c = r + box[0].start, c + box[1].start
        inside = by_cluster[starts[index - 1] : starts[index]]
        league = premises_league(keys[inside], labels[inside], top=1) if inside.size else []
        clusters.append(
            (
                int(n[r, c].sum()),
                float(z[r, c].max()),
                r.size,
                league[0].label if league else "",
                _outline(grid, r, c),
                street_names(labels[inside]),
            )
        )
    clusters.sort(key=lambda c: (-c[0], -c[1]))
    return [
        HotspotCluster(
            rank=i + 1,
            incidents=inc,
            max_z=mz,
            cells=size,
            top_place=place,
            outline=out,
            streets=streets,
        )
        for i, (inc, mz, size, place, out, streets) in enumerate(clusters)
    ]
