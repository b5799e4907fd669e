"""The incidents a hotspot analysis runs on, as columns (numpy arrays), never row objects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast

from clearhold.analysis.hotspots import HotspotReport, HotspotSettings, hotspot_report
from clearhold.incidents.models import Incident
from clearhold.incidents.results_cache import cached_result
from clearhold.incidents.selectors import (
    IncidentFilters,
    incident_columns,
    incident_list,
    incident_visibility,
)


@dataclass(frozen=True)
class HotspotQuery:
    categories: tuple[str, ...]
    month_from: dt.date
    month_to: dt.date
    area: object | None = None  # a BNG polygon
    lsoa_prefix: str = ""
    settings: HotspotSettings = field(default_factory=HotspotSettings)


#: What a hotspot analysis reads of each incident, in :func:`hotspot_columns`' order.
HOTSPOT_FIELDS = (
    "easting",
    "northing",
    "latitude",
    "longitude",
    "location",
    "lsoa_name",
    "lsoa_code",
    "month_text",
    "premises_id",
)


def hotspot_columns(incidents: QuerySet[Incident]) -> list[tuple]:
    """The incidents' columns straight from the database cursor, unsorted: no per-row
    conversion by the ORM and no sort from the model's default ordering (the analysis does
    not depend on the order). The month comes as "YYYY-MM-DD" text on every database."""
    months_as_text = incidents.order_by().annotate(month_text=Cast("month", CharField()))
    return incident_columns(months_as_text, *HOTSPOT_FIELDS)


def data_month_range() -> tuple[dt.date, dt.date] | None:
    """The first and last month held in the store (the page's default period), kept in the
    results cache under the store's version: on a large store each end is a scan."""
    return cached_result("held-months", "whole-store", (), _data_month_range)


def _data_month_range() -> tuple[dt.date, dt.date] | None:
    months = Incident.objects.order_by("month").values_list("month", flat=True)
    first = months.first()
    return None if first is None else (first, months.last())


def cached_hotspot_analysis(*, user, query: HotspotQuery) -> tuple[HotspotReport, dict]:
    """:func:`hotspot_analysis`, read from the results cache when the same query was run on
    the same data by someone who may see the same incidents."""
    return cached_result(
        "hotspots",
        incident_visibility(user),
        query,
        lambda: hotspot_analysis(user=user, query=query),
    )


def hotspot_analysis(*, user, query: HotspotQuery) -> tuple[HotspotReport, dict]:
    """Run the hotspot report on the incidents the user may see; also return per-place
    details (location text and LSOA) so pages can link a place to its incidents."""
    incidents = incident_list(
        user=user,
        filters=IncidentFilters(
            categories=query.categories, month_from=query.month_from, month_to=query.month_to
        ),
    )
    if query.lsoa_prefix:
        incidents = incidents.filter(lsoa_name__istartswith=query.lsoa_prefix)
    if query.area is not None:
        # incidents up to a bandwidth outside the area still smooth into its density
        reach = query.settings.bandwidth or 2.5 * query.settings.cell_size
        xmin, ymin, xmax, ymax = query.area.bounds
        incidents = incidents.filter(
            easting__gte=xmin - reach,
            easting__lte=xmax + reach,
            northing__gte=ymin - reach,
            northing__lte=ymax + reach,
        )
    east, north, lat, lon, location, lsoa, lsoa_code, month, premises = hotspot_columns(incidents)
    keys = np.array(
        [
            f"premises:{p}" if p else f"{la:.5f},{lo:.5f}" if la is not None else ""
            for p, la, lo in zip(premises, lat, lon, strict=True)
        ],
        dtype=object,
    )
    places = {
        k: {"location": loc, "lsoa": ls, "latitude": la, "longitude": lo}
        for k, loc, ls, la, lo in zip(keys, location, lsoa, lat, lon, strict=True)
    }
    report = hotspot_report(
        easting=np.array(east, dtype=float) if east else np.array([]),
        northing=np.array(north, dtype=float) if north else np.array([]),
        place_keys=keys,
        place_labels=np.array(location, dtype=object),
        months=np.array(month, dtype="datetime64[M]"),
        month_start=np.datetime64(query.month_from, "M"),
        month_end=np.datetime64(query.month_to, "M"),
        area=query.area,
        lsoa_codes=np.array(lsoa_code, dtype=str),
        settings=query.settings,
    )
    return report, places
