"""Which block an officer is standing in, from the phone's location and the blocks' outlines.

A phone's fix is rarely better than 5–20 m, and an officer in a block's doorway or on its
walkway may read as just outside the outline, so a point outside every block is given the
nearest block within ``NEAR_METRES`` (50 m); further than that it is no block at all, and the
officer picks one from the list. Distances are measured in British National Grid metres
(EPSG:27700), never in degrees. Outlines overlapping (a drawing error) are resolved by walking
order: the first outline containing the point wins.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any, TypeVar

import numpy as np
import shapely
from shapely.geometry import shape

from clearhold.geo import to_bng

NEAR_METRES = 50.0
Key = TypeVar("Key", bound=Hashable)


def _to_bng(lonlat: np.ndarray) -> np.ndarray:
    easting, northing = to_bng(lonlat[:, 0], lonlat[:, 1])
    return np.column_stack([easting, northing])


def outline_bng(geojson: dict[str, Any]) -> shapely.Geometry:
    """A WGS84 GeoJSON (Multi)Polygon as a shapely geometry in BNG metres."""
    return shapely.transform(shape(geojson), _to_bng)


def point_bng(lon: float, lat: float) -> shapely.Point:
    easting, northing = to_bng(np.array([lon]), np.array([lat]))
    return shapely.Point(float(easting[0]), float(northing[0]))


def block_at(
    lon: float,
    lat: float,
    outlines: Sequence[tuple[Key, dict[str, Any]]],
    *,
    near_metres: float = NEAR_METRES,
) -> Key | None:
    """The key of the outline (WGS84 GeoJSON) containing the point, else of the nearest one
    within ``near_metres``, else None. ``outlines`` come in walking order (ties go first)."""
    if not (np.isfinite(lon) and np.isfinite(lat)) or not outlines:
        return None
    point = point_bng(lon, lat)
    if point.is_empty or not np.isfinite(point.x):
        return None
    nearest: tuple[float, Key] | None = None
    for key, geojson in outlines:
        outline = outline_bng(geojson)
        if outline.covers(point):
            return key
        distance = outline.distance(point)
        if distance <= near_metres and (nearest is None or distance < nearest[0]):
            nearest = (distance, key)
    return nearest[1] if nearest else None
