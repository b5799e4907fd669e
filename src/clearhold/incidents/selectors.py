"""Reads from the incident store: filtered lists, the map's points, batch reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from clearhold.incidents.models import ImportBatch, Incident
from clearhold.toolkit.csvstream import csv_lines

MAP_POINTS_MAX = 20_000


@dataclass(frozen=True)
class IncidentFilters:
    categories: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    month_from: dt.date | None = None
    month_to: dt.date | None = None
    lsoa: str = ""
    text: str = ""


def incident_list(*, user, filters: IncidentFilters) -> QuerySet[Incident]:
    """Incidents matching the filters. Every signed-in role that may see incidents sees the
    whole store for now; per-problem sharing scopes arrive with the information-sharing work."""
    incidents = Incident.objects.all()
    if filters.categories:
        incidents = incidents.filter(category__in=filters.categories)
    if filters.sources:
        incidents = incidents.filter(source__in=filters.sources)
    if filters.month_from:
        incidents = incidents.filter(month__gte=filters.month_from)
    if filters.month_to:
        incidents = incidents.filter(month__lte=filters.month_to)
    if filters.lsoa:
        incidents = incidents.filter(
            Q(lsoa_code__iexact=filters.lsoa) | Q(lsoa_name__icontains=filters.lsoa)
        )
    if filters.text:
        incidents = incidents.filter(
            Q(location__icontains=filters.text)
            | Q(reference__icontains=filters.text)
            | Q(source_category__icontains=filters.text)
            | Q(outcome__icontains=filters.text)
        )
    return incidents


def incident_visibility(user) -> str:
    """Which incidents ``user`` may see, as a key for cached results computed from them
    (:mod:`clearhold.incidents.results_cache`). Every role that may see incidents sees the
    whole store for now (:func:`incident_list`); when sharing scopes arrive, this must name
    the scope, or two people who see different incidents would share one cached result."""
    return "whole-store"


def incident_map_features(incidents: QuerySet[Incident]) -> dict:
    """A GeoJSON FeatureCollection of the located incidents (at most MAP_POINTS_MAX), one
    feature per snap point with its count, so 10,000 incidents at 800 places draw 800 markers."""
    places = (
        incidents.exclude(latitude=None)
        .values("latitude", "longitude", "location")
        .annotate(n=Count("id"))
        .order_by("-n")[:MAP_POINTS_MAX]
    )
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [p["longitude"], p["latitude"]]},
                "properties": {
                    "popup": f"{p['location']}: {p['n']} incident{'s' if p['n'] != 1 else ''}",
                    "count": p["n"],
                },
            }
            for p in places
        ],
    }


def batch_list(*, user) -> QuerySet[ImportBatch]:
    """The import batches ``user`` may open: their organisation's own (a batch's report holds
    the rejected rows' values as the partner sent them) and those the server's operator ran at
    the command line with no user (no organisation's); every batch for an administrator."""
    batches = ImportBatch.objects.select_related("created_by").prefetch_related("files")
    if user.is_superuser or user.is_administrator:
        return batches
    mine = Q(organisation_id=user.organisation_id) if user.organisation_id else Q(pk__in=[])
    return batches.filter(mine | Q(organisation__isnull=True))


def rejected_rows_csv(batch: ImportBatch) -> Iterator[str]:
    return csv_lines(
        ["file", "row", "column", "value", "reason"],
        (
            [e["file"], e["row"] or "", e["column"] or "", e["value"] or "", e["reason"]]
            for e in batch.error_report
        ),
    )


def incidents_in_area(incidents: QuerySet[Incident], area) -> QuerySet[Incident]:
    """The incidents whose grid reference lies inside ``area`` (a BNG polygon): the database
    narrows to the bounding box on the (easting, northing) index, shapely decides the rest."""
    import numpy as np
    import shapely

    xmin, ymin, xmax, ymax = area.bounds
    boxed = incidents.filter(
        easting__gte=xmin, easting__lte=xmax, northing__gte=ymin, northing__lte=ymax
    )
    rows = np.array(list(boxed.values_list("id", "easting", "northing")), dtype=float).reshape(
        -1, 3
    )
    inside = shapely.contains_xy(area, rows[:, 1], rows[:, 2]) if len(rows) else np.array([], bool)
    return incidents.filter(id__in=rows[inside, 0].astype(int).tolist())


def incident_columns(incidents: QuerySet[Incident], *fields: str) -> list[tuple]:
    """Columns (one list per field) of the incidents, read straight from the database cursor:
    Django's per-value converters are skipped, so callers turn dates into numpy datetime64
    (which accepts both the ISO strings SQLite returns and PostgreSQL's date objects)."""
    from django.db import connections

    sql, params = incidents.values_list(*fields).query.sql_with_params()
    with connections[incidents.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return list(zip(*rows, strict=True)) if rows else [() for _ in fields]
