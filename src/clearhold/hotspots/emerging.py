"""Emerging hot spots on the Hotspots page and the command line: the patterns as a map layer
with a legend, what each pattern means, and the ranked list with its pattern filter.

The analysis is :mod:`clearhold.analysis.emerging` (the rule of every pattern is there); the
incidents are read by :mod:`emerging_selectors`, on the hotspot report's own grid and area.
"""

from __future__ import annotations

import numpy as np

from clearhold.analysis.emerging import MIN_MONTHS, EmergingPattern
from clearhold.analysis.emerging_report import EmergingReport
from clearhold.analysis.hotspots import HotspotReport
from clearhold.geo import to_wgs84
from clearhold.hotspots.emerging_selectors import cached_emerging_analysis
from clearhold.hotspots.selectors import HotspotQuery

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


def _too_short(query: HotspotQuery) -> bool:
    """Whether the months asked for are too few to compare month by month."""
    n_months = (
        (query.month_to.year - query.month_from.year) * 12
        + (query.month_to.month - query.month_from.month)
        + 1
    )
    return n_months < MIN_MONTHS


def emerging_map_features(user, report: HotspotReport | None, query: HotspotQuery) -> dict:
    """The map's layer (:func:`emerging_features`) of the analysis the page shows; no cell
    when the page shows none (no incidents, or too few months)."""
    if report is None or report.empty or _too_short(query):
        return {"type": "FeatureCollection", "features": []}
    return emerging_features(cached_emerging_analysis(user=user, query=query, report=report))


def emerging_context(request, report: HotspotReport | None, query: HotspotQuery) -> dict:
    """What the page's emerging hot spots section shows; the list filtered by ``?pattern=``.
    The map's cells are not in it: the page fetches them (:func:`emerging_map_features`)."""
    if report is None or report.empty:
        return {}
    if _too_short(query):
        return {"emerging_too_short": MIN_MONTHS}
    emerging = cached_emerging_analysis(user=request.user, query=query, report=report)
    chosen = request.GET.get("pattern", "")
    slugs = {p.slug for p, _ in emerging.pattern_counts}
    chosen = chosen if chosen in slugs else ""
    rows = [c for c in emerging.cells if not chosen or c.slug == chosen]
    return {
        "emerging": emerging,
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
