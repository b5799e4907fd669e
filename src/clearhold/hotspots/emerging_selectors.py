"""The incidents an emerging hot spot analysis runs on, read through the same read model and
filters as the hotspot map (:mod:`selectors`), as columns (numpy arrays)."""

from __future__ import annotations

import numpy as np
import shapely
from django.db.models import CharField
from django.db.models.functions import Cast

from clearhold.analysis.emerging_report import EmergingReport, EmergingSettings, emerging_report
from clearhold.analysis.hotspots import HotspotReport
from clearhold.hotspots.selectors import HotspotQuery
from clearhold.incidents.results_cache import cached_result
from clearhold.incidents.selectors import (
    IncidentFilters,
    incident_columns,
    incident_list,
    incident_visibility,
)


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
    months_as_text = incidents.order_by().annotate(month_text=Cast("month", CharField()))
    east, north, month, location = incident_columns(
        months_as_text, "easting", "northing", "month_text", "location"
    )
    x = np.array(east, dtype=float)
    y = np.array(north, dtype=float)
    months = np.array(month, dtype="datetime64[M]")
    places = np.array(location, dtype=object)
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


def cached_emerging_analysis(*, user, query: HotspotQuery, report: HotspotReport) -> EmergingReport:
    """:func:`emerging_analysis`, read from the results cache like the hotspot report it
    extends (``report`` is itself determined by ``query`` and the data)."""
    return cached_result(
        "emerging",
        incident_visibility(user),
        query,
        lambda: emerging_analysis(user=user, query=query, report=report),
    )
