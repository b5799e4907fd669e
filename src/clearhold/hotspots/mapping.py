"""The hotspot report as map layers (GeoJSON, WGS84) and a legend."""

from __future__ import annotations

import numpy as np
import shapely

from clearhold.analysis.gistar import HotspotClass
from clearhold.analysis.grid import cell_rings
from clearhold.analysis.hotspots import HotspotReport
from clearhold.areas import area_to_geojson, circle_around
from clearhold.geo import to_wgs84

CLASS_COLOURS = {
    3: "#b10e1e",
    2: "#d4351c",
    1: "#f47738",
    -1: "#5694ca",
    -2: "#1d70b8",
    -3: "#003078",
}
DENSITY_COLOURS = ("#fff7bc", "#fee391", "#fec44f", "#fe9929", "#ec7014")
KDE_CELLS_MAX = 3000


def _rings_wgs84(rings: np.ndarray) -> np.ndarray:
    lon, lat = to_wgs84(rings[..., 0].ravel(), rings[..., 1].ravel())
    return np.stack([lon, lat], axis=-1).reshape(rings.shape)


def _polygon(ring: np.ndarray, popup: str, colour: str, opacity: float) -> dict:
    return {
        "type": "Feature",
        "geometry": {"type": "Polygon", "coordinates": [np.round(ring, 6).tolist()]},
        "properties": {
            "popup": popup,
            "style": {"color": colour, "fillColor": colour, "fillOpacity": opacity, "weight": 0.5},
        },
    }


def report_features(report: HotspotReport, places: dict) -> dict:
    """Density surface, Gi* cells and the top places, drawn in that order."""
    features: list[dict] = []
    if report.empty or report.grid is None:
        return {"type": "FeatureCollection", "features": features}
    # NaN outside the study area: those cells are neither drawn nor count toward the peak
    density = np.nan_to_num(report.density, nan=0.0)
    peak = float(density.max()) if density.size else 0.0
    if peak > 0:
        rows, cols = np.nonzero(density >= 0.2 * peak)
        order = np.argsort(-density[rows, cols])[:KDE_CELLS_MAX]
        rows, cols = rows[order], cols[order]
        rings = _rings_wgs84(cell_rings(report.grid, rows, cols))
        bands = np.minimum((density[rows, cols] / peak * 5).astype(int), 4)
        for ring, band, r, c in zip(rings, bands, rows, cols, strict=True):
            features.append(
                _polygon(
                    ring,
                    f"Density {density[r, c]:.0f} incidents per km²",
                    DENSITY_COLOURS[band],
                    0.45,
                )
            )
    if report.cells:
        rings = _rings_wgs84(np.array([cell.ring for cell in report.cells]))
        for ring, cell in zip(rings, report.cells, strict=True):
            features.append(
                _polygon(
                    ring,
                    f"{cell.label}: {cell.count} incidents, z = {cell.z:.1f}",
                    CLASS_COLOURS[cell.hotspot_class],
                    0.55,
                )
            )
    for place in report.places[:10]:
        where = places.get(place.key, {})
        if where.get("latitude") is None:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [where["longitude"], where["latitude"]],
                },
                "properties": {
                    "popup": f"{place.rank}. {place.label}: {place.count} incidents",
                    "style": {"color": "#0b0c0c", "fillColor": "#ffffff", "radius": 6, "weight": 2},
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def legend() -> list[dict]:
    hot = [
        {"label": HotspotClass(k).label, "color": CLASS_COLOURS[k]} for k in (3, 2, 1, -1, -2, -3)
    ]
    return [
        *hot,
        {"label": "Kernel density (darker: more incidents per km²)", "color": DENSITY_COLOURS[3]},
        {"label": "Top 10 repeat places", "color": "#ffffff", "shape": "point"},
    ]


def cluster_outline(outline: shapely.Geometry) -> dict:
    """A cluster's outline as GeoJSON (WGS84), simplified to 5 m for passing in a form."""
    return area_to_geojson(outline.simplify(5.0))


def place_outline(latitude: float, longitude: float, radius_m: float = 50.0) -> dict:
    """A round outline of ``radius_m`` around a snap point, for a site made from a place."""
    return circle_around(latitude, longitude, radius_m)
