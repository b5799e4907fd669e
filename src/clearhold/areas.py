"""Area and site outlines given by users: GeoJSON in WGS84 in, a checked BNG polygon out.

Used wherever a person draws or uploads an area (the hotspot area, a site's boundary, an
evaluation's target and control), so every caller refuses the same bad shapes with the same
plain words: not a polygon, self-intersecting, empty, outside Great Britain, too long, too
deeply nested or with too many corners (a pasted outline is user input: it is sized before it
is parsed, and never recursed through).
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import shapely
from shapely.geometry import mapping, shape
from shapely.validation import explain_validity

from clearhold.geo import in_great_britain, to_bng, to_wgs84

Polygonal = shapely.Polygon | shapely.MultiPolygon

#: Longest outline text read (characters): room for some 40,000 corners.
MAX_AREA_CHARS = 1_000_000
#: Deepest nesting of arrays and objects: a FeatureCollection holding a MultiPolygon needs 7.
MAX_AREA_NESTING = 16
#: Most corners in an outline: a pasted LSOA boundary has a few thousand.
MAX_AREA_POINTS = 20_000


class AreaError(ValueError):
    """The outline cannot be used; the message says what is wrong with it."""


def _nesting(value: Any) -> int:
    """How deeply ``value``'s lists and dicts nest, counted without recursion; the count stops
    once it passes :data:`MAX_AREA_NESTING`."""
    deepest, stack = 0, [(value, 1)]
    while stack and deepest <= MAX_AREA_NESTING:
        item, depth = stack.pop()
        if isinstance(item, list | dict):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in _children(item))
    return deepest


def _children(item: list | dict) -> Any:
    return item.values() if isinstance(item, dict) else item


def load_geojson(text: str | bytes) -> Any:
    """GeoJSON text parsed, or :class:`AreaError` when it is too long, not JSON, or nested more
    deeply than any outline is (before the parser or anything after it recurses through it)."""
    if len(text) > MAX_AREA_CHARS:
        raise AreaError(
            f"The area's text is {len(text):,} characters long; the most is {MAX_AREA_CHARS:,}. "
            "Simplify the outline."
        )
    try:
        data = json.loads(text)
    except RecursionError:
        data = None
    except ValueError as error:
        raise AreaError(f"The area is not valid GeoJSON: {error}") from None
    if data is None or _nesting(data) > MAX_AREA_NESTING:
        raise AreaError(
            f"The area's brackets nest more than {MAX_AREA_NESTING} deep, deeper than any "
            "outline: paste a GeoJSON Polygon or MultiPolygon."
        )
    return data


def _geometry(data: Any) -> dict:
    if isinstance(data, str | bytes):
        data = load_geojson(data)
    if not isinstance(data, dict):
        raise AreaError("The area must be a GeoJSON object.")
    if data.get("type") == "FeatureCollection":
        features = data.get("features") or []
        if len(features) != 1:
            raise AreaError(
                f"The area must hold exactly one shape; this file holds {len(features)}."
            )
        data = features[0]
    if data.get("type") == "Feature":
        data = data.get("geometry") or {}
    if data.get("type") not in ("Polygon", "MultiPolygon"):
        raise AreaError(f"The area must be a polygon, not {data.get('type') or 'nothing'}.")
    return data


def _transform(geometry: Polygonal, function) -> Polygonal:
    return shapely.transform(geometry, lambda xy: np.column_stack(function(xy[:, 0], xy[:, 1])))


def area_from_geojson(data: Any) -> Polygonal:
    """A valid polygon in British National Grid metres from GeoJSON (WGS84 lon/lat)."""
    geometry = _geometry(data)
    try:
        wgs84 = shape(geometry)
    except (ValueError, TypeError, IndexError, AttributeError) as error:
        raise AreaError(f"The area's coordinates cannot be read: {error}") from None
    if wgs84.is_empty:
        raise AreaError("The area is empty.")
    corners = int(shapely.get_num_coordinates(wgs84))
    if corners > MAX_AREA_POINTS:
        raise AreaError(
            f"The outline has {corners:,} corners; the most is {MAX_AREA_POINTS:,}. "
            "Simplify it (most mapping tools can), or draw it again with fewer points."
        )
    if not wgs84.is_valid:
        raise AreaError(
            f"The area's outline crosses itself or is malformed ({explain_validity(wgs84)}). "
            "Redraw it so that its edges do not cross."
        )
    lon, lat = np.asarray(
        wgs84.exterior.coords
        if isinstance(wgs84, shapely.Polygon)
        else [c for p in wgs84.geoms for c in p.exterior.coords]
    ).T
    if (np.abs(lat) > 90).any() or (np.abs(lon) > 180).any():
        raise AreaError("The area's coordinates are not longitude and latitude in degrees.")
    bng = _transform(wgs84, to_bng)
    x, y = np.asarray(shapely.get_coordinates(bng)).T
    if not in_great_britain(x, y).all():
        raise AreaError("The area lies partly or wholly outside Great Britain.")
    if bng.area <= 0:
        raise AreaError("The area has no size.")
    return bng


def circle_around(latitude: float, longitude: float, radius_m: float) -> dict:
    """GeoJSON (WGS84) of a round outline ``radius_m`` metres around a point."""
    x, y = to_bng(np.array([longitude]), np.array([latitude]))
    if not in_great_britain(x, y).all():
        raise AreaError("That point lies outside Great Britain.")
    return area_to_geojson(shapely.Point(x[0], y[0]).buffer(radius_m, quad_segs=8))


def area_to_geojson(area: Polygonal) -> dict:
    """GeoJSON geometry (WGS84) of a BNG polygon, for maps and storage."""
    return mapping(_transform(area, to_wgs84))
