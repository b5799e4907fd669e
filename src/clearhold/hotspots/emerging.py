"""Emerging hot spots on the Hotspots page and the command line: the incidents read through the
same read model as the map, the patterns as a map layer with a legend, and the ranked list.

The analysis is :mod:`clearhold.analysis.emerging` (the rule of every pattern is there); it runs
on the hotspot report's own grid and study area, so its cells are the map's cells.
"""

from __future__ import annotations

import numpy as np
import shapely

from clearhold.analysis.emerging import MIN_MONTHS, EmergingPattern
from clearhold.analysis.emerging_report import EmergingReport, EmergingSettings, emerging_report
from clearhold.analysis.hotspots import HotspotReport
from clearhold.geo import to_wgs84
from clearhold.hotspots.selectors import HotspotQuery
from clearhold.incidents.selectors import IncidentFilters, incident_list

#: Okabe & Ito's colour-blind-safe palette for the hot patterns (each also named in the legend,
#: the popups and the list); every cold pattern is blue with a dashed outline, told apart by
#: its label: cold patterns are rare in incident data, where an empty field is not "cold".
PATTERN_COLOURS = {
    EmergingPattern.NEW: "#E69F00",
    EmergingPattern.CONSECUTIVE: "#F0E442",
    EmergingPattern.INTENSIFYING: "#D55E00",
    EmergingPattern.PERSISTENT: "#CC79A7",
    EmergingPattern.DIMINISHING: "#009E73",
    EmergingPattern.SPORADIC: "#56B4E9",
    EmergingPattern.OSCILLATING: "#000000",
    EmergingPattern.HISTORICAL: "#999999",
}
COLD_COLOUR = "#0072B2"

MEANINGS = {
    "NEW": "a hot spot in the last month for the first time",
    "CONSECUTIVE": "an unbroken run of hot months up to the last, after none before",
    "INTENSIFYING": "hot in at least 90% of months, including the last, and getting hotter",
    "PERSISTENT": "hot in at least 90% of months, including the last, with no clear trend",
    "DIMINISHING": "hot in at least 90% of months, including the last, but cooling",
    "SPORADIC": "hot in the last month and on and off before",
    "OSCILLATING": "hot in the last month, a cold spot in an earlier month",
    "HISTORICAL": "hot in at least 90% of months, but not in the last",
}
LISTED_ROWS = 100


def meaning(pattern: EmergingPattern) -> str:
    """Plain words for a pattern's rule; a cold pattern's are the hot one's, hot and cold
    swapped."""
    text = MEANINGS[pattern.name.removesuffix("_COLD")]
    if pattern > 0:
        return text
    swapped = text.replace("hot", "\0").replace("cold", "hot").replace("\0", "cold")
    return swapped.replace("cooling", "warming")


def _incidents(user, query: HotspotQuery) -> tuple[np.ndarray, ...]:
    """Easting, northing, month and place of the located incidents the report was drawn from
    (the same read model and filters as :func:`selectors.hotspot_analysis`)."""
    incidents = incident_list(
        user=user,
        filters=IncidentFilters(
            categories=query.categories, month_from=query.month_from, month_to=query.month_to
        ),
    ).exclude(easting=None)
    if query.lsoa_prefix:
        incidents = incidents.filter(lsoa_name__istartswith=query.lsoa_prefix)
    if query.area is not None:
        xmin, ymin, xmax, ymax = query.area.bounds
        incidents = incidents.filter(
            easting__gte=xmin, easting__lte=xmax, northing__gte=ymin, northing__lte=ymax
        )
    rows = list(incidents.values_list("easting", "northing", "month", "location"))
    x = np.array([r[0] for r in rows], dtype=float)
    y = np.array([r[1] for r in rows], dtype=float)
    months = np.array([r[2] for r in rows], dtype="datetime64[M]")
    places = np.array([r[3] for r in rows], dtype=object)
    if query.area is not None:
        keep = shapely.contains_xy(query.area, x, y)
        x, y, months, places = x[keep], y[keep], months[keep], places[keep]
    return x, y, months, places


def emerging_analysis(*, user, query: HotspotQuery, report: HotspotReport) -> EmergingReport:
    """Emerging hot spots of the incidents ``report`` was drawn from, on its grid and area."""
    start, end = f"{query.month_from:%Y-%m}", f"{query.month_to:%Y-%m}"
    settings = EmergingSettings(alpha_fdr=report.settings.alpha_fdr)
    if report.grid is None:
        return EmergingReport(settings, (start, end), notes=["No incidents to analyse."])
    x, y, months, places = _incidents(user, query)
    return emerging_report(
        grid=report.grid,
        radius=report.settings.radius,
        easting=x,
        northing=y,
        months=months,
        month_start=start,
        month_end=end,
        mask=np.isfinite(report.z),
        place_labels=places,
        settings=settings,
    )


def emerging_features(report: EmergingReport) -> dict:
    """The listed cells as GeoJSON polygons (WGS84), coloured by pattern, with a popup."""
    features = []
    if report.cells:
        rings = np.array([cell.ring for cell in report.cells])
        lon, lat = to_wgs84(rings[..., 0].ravel(), rings[..., 1].ravel())
        rings = np.stack([lon, lat], axis=-1).reshape(rings.shape)
        for ring, cell in zip(rings, report.cells, strict=True):
            pattern = EmergingPattern(cell.pattern)
            colour = PATTERN_COLOURS.get(pattern, COLD_COLOUR)
            # a 2 px outline keeps a 100 m cell a visible dot on a district-wide map
            style = {"color": colour, "fillColor": colour, "fillOpacity": 0.6, "weight": 2}
            if pattern < 0:
                style |= {"dashArray": "4 3"}
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Polygon", "coordinates": [np.round(ring, 6).tolist()]},
                    "properties": {
                        "popup": f"{cell.rank}. {pattern.label}: {cell.place or 'no named place'}"
                        f"\n{cell.incidents} incidents, hot in {cell.months_hot} of "
                        f"{len(report.months)} months, trend τ = {cell.trend_tau:+.2f}",
                        "pattern": pattern.slug,
                        "style": style,
                    },
                }
            )
    return {"type": "FeatureCollection", "features": features}


def emerging_legend(report: EmergingReport) -> list[dict]:
    """One legend line per pattern found: its colour and its name with the number of cells."""
    return [
        {
            "label": f"{pattern.label} ({n:,} cell{'s' if n != 1 else ''})",
            "color": PATTERN_COLOURS.get(pattern, COLD_COLOUR),
        }
        for pattern, n in report.pattern_counts
    ]


def emerging_context(request, report: HotspotReport | None, query: HotspotQuery) -> dict:
    """What the page's emerging hot spots section shows; the list filtered by ``?pattern=``."""
    if report is None or report.empty:
        return {}
    n_months = (
        (query.month_to.year - query.month_from.year) * 12
        + (query.month_to.month - query.month_from.month)
        + 1
    )
    if n_months < MIN_MONTHS:
        return {"emerging_too_short": MIN_MONTHS}
    emerging = emerging_analysis(user=request.user, query=query, report=report)
    chosen = request.GET.get("pattern", "")
    slugs = {p.slug for p, _ in emerging.pattern_counts}
    chosen = chosen if chosen in slugs else ""
    rows = [c for c in emerging.cells if not chosen or c.slug == chosen]
    return {
        "emerging": emerging,
        "emerging_features": emerging_features(emerging),
        "emerging_legend": emerging_legend(emerging),
        "emerging_patterns": [
            {
                "pattern": p,
                "cells": n,
                "meaning": meaning(p),
                "link": _with_pattern(request, p.slug),
                "current": p.slug == chosen,
            }
            for p, n in emerging.pattern_counts
        ],
        "emerging_all_link": _with_pattern(request, ""),
        "emerging_pattern": chosen,
        "emerging_rows": rows[:LISTED_ROWS],
        "emerging_more": max(len(rows) - LISTED_ROWS, 0),
    }


def _with_pattern(request, slug: str) -> str:
    params = request.GET.copy()
    params.pop("pattern", None)
    if slug:
        params["pattern"] = slug
    return f"?{params.urlencode()}#emerging"
