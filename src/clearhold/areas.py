"""Area and site outlines given by users: GeoJSON in WGS84 in, a checked BNG polygon out.

Used wherever a person draws or uploads an area (the hotspot area, a site's boundary, an
evaluation's target and control), so every caller refuses the same bad shapes with the same
plain words: not a polygon, self-intersecting, empty, outside Great Britain.
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


class AreaError(ValueError):
    """The outline cannot be used; the message says what is wrong with it."""


def _geometry(data: Any) -> dict:
    if isinstance(data, str | bytes):
        try:
            data = json.loads(data)
        except ValueError as error:
            raise AreaError(f"The area is not valid GeoJSON: {error}") from None
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
