"""The plan of the premises for the court papers: the outline on the configured base map, or,
with none (or when it fails), over the streets the incidents near the site name.

police.uk places each incident at an anonymous map point "On or near" a street; those points
lie on the streets, so with no base map they still show the court where the premises stand
among the streets around them. The caption says which of the two the plan is drawn on, and
why the base map is missing when it is.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import Any

from clearhold.analysis.hotspot_clusters import NOT_STREETS
from clearhold.areas import area_from_geojson
from clearhold.documents import basemap, figures
from clearhold.incidents.models import Incident

logger = logging.getLogger(__name__)

ON_OR_NEAR = "on or near "
PLACES_READ = 3000  # distinct (street, point) pairs read for the fallback at most


def outlines_of(sites: list) -> list[list[tuple[float, float]]]:
    """Each site's outline rings in BNG metres."""
    rings = []
    for site in sites:
        area = area_from_geojson(site.boundary)
        rings += [list(p.exterior.coords) for p in getattr(area, "geoms", [area])]
    return rings


def street_name(location: str) -> str:
    """“West Street” from police.uk's “On or near West Street”."""
    name = location.strip()
    return name[len(ON_OR_NEAR) :].strip() if name.lower().startswith(ON_OR_NEAR) else name


def streets_near(extent: figures.Extent) -> list[figures.Street]:
    """The streets named by incidents inside ``extent``, each with its distinct map points,
    nearest the centre first; a place that is not a street keeps one point (no line)."""
    x0, x1, y0, y1 = extent
    found = (
        Incident.objects.filter(easting__range=(x0, x1), northing__range=(y0, y1))
        .exclude(location="")
        .values_list("location", "easting", "northing")
        .distinct()
        .order_by("location", "easting", "northing")[:PLACES_READ]
    )
    by_name: dict[str, set[tuple[float, float]]] = defaultdict(set)
    for location, easting, northing in found:
        name = street_name(location)
        if name:
            by_name[name].add((easting, northing))
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2

    def nearest(item: tuple[str, set]) -> float:
        return min((x - cx) ** 2 + (y - cy) ** 2 for x, y in item[1])

    streets: list[figures.Street] = []
    for name, places in sorted(by_name.items(), key=nearest):
        points = sorted(places)
        streets.append((name, points[:1] if name.lower() in NOT_STREETS else points))
    return streets


def _caption(base: figures.BaseImage | None, missing: str, streets: list) -> str:
    if base is not None:
        credit = base.attribution or "the partnership's configured map service"
        return f"Base map: {credit}. Scale bar 100 metres; north is grid north."
    where = (
        "The streets are placed from the police.uk incident locations near the premises "
        "(“On or near …”), which are anonymous map points on or near each street, not surveyed "
        "lines."
        if streets
        else "No incident locations near the premises name the streets around them."
    )
    return f"The base map is missing ({missing}). {where} Scale bar 100 metres."


def site_plan(sites: list, label: str, points: list[figures.Point] | None = None) -> dict[str, Any]:
    """The plan as a ``data:`` PNG and its caption: the sites' outlines labelled ``label``,
    with the incident ``points`` when given (the bundle's map)."""
    outlines = outlines_of(sites)
    points = points or []
    extent = figures.extent(outlines, points)
    service = basemap.configured_service()
    base, missing = None, "no map service is configured"
    if service is not None:
        try:
            base = basemap.base_image(service, extent)
        except basemap.BaseMapUnavailable as error:
            missing = str(error)
            logger.warning("Plan drawn without a base map from %s: %s", service.host, error)
    streets = [] if base is not None else streets_near(extent)
    png = figures.incident_map(outlines, points, base=base, streets=streets, label=label)
    return {
        "png": figures.data_uri(png),
        "caption": _caption(base, missing, streets),
        "base_map": base is not None,
    }
