"""Sites, their units, and the incident store, with the web's filters.

Sites and incidents are the partnership's shared data: the web shows them to every role that
may see them (``SITES_VIEW``, ``INCIDENTS_VIEW``), not per problem, and so does the API.
Incidents leave out the partner's free-text description, which can name people.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from clearhold.api.common import Id, PageQuery, page
from clearhold.api.errors import responses
from clearhold.api.schemas import IncidentOut, Page, SiteOut, UnitOut
from clearhold.areas import area_from_geojson
from clearhold.authz import require
from clearhold.incidents.permissions import INCIDENTS_VIEW
from clearhold.incidents.selectors import IncidentFilters, incident_list, incidents_in_area
from clearhold.ingest.taxonomy import Category
from clearhold.places.models import Site, Unit
from clearhold.places.permissions import SITES_VIEW
from clearhold.readmodel import Reader

router = Router(tags=["sites and incidents"])

SITE_FIELDS = (
    "id",
    "name",
    "kind",
    "address",
    "managing_landlord",
    "boundary",
    "easting",
    "northing",
    "area_m2",
)
INCIDENT_FIELDS = tuple(IncidentOut.model_fields)


def _site(site: Any) -> dict[str, Any]:
    return {name: getattr(site, name) for name in SITE_FIELDS}


@router.get("/sites", response=responses(Page[SiteOut]))
def sites(request: HttpRequest, query: Query[PageQuery]) -> dict:
    require(request.auth, SITES_VIEW)
    with Reader(request.auth) as reader:
        return page(reader.show(Site.objects.order_by("name", "id")), query, _site)


@router.get("/sites/{site_id}", response=responses(SiteOut))
def site(request: HttpRequest, site_id: Id) -> dict:
    require(request.auth, SITES_VIEW)
    with Reader(request.auth) as reader:
        return _site(reader.show(get_object_or_404(Site, pk=site_id)))


@router.get("/sites/{site_id}/units", response=responses(Page[UnitOut]))
def units(request: HttpRequest, site_id: Id, query: Query[PageQuery]) -> dict:
    """The homes or units at a site (the addresses resident letters go to)."""
    require(request.auth, SITES_VIEW)
    found = get_object_or_404(Site, pk=site_id)
    records = Unit.objects.filter(site=found).order_by("name", "id")
    with Reader(request.auth) as reader:
        return _units(reader.show(records), query)


def _units(records: Any, query: PageQuery) -> dict:
    return page(
        records,
        query,
        lambda u: {
            "id": u.pk,
            "site_id": u.site_id,
            "name": u.name,
            "address": u.address,
            "residents": u.residents,
        },
    )


def _incident(incident: Any) -> dict[str, Any]:
    return {name: getattr(incident, name) for name in INCIDENT_FIELDS}


class IncidentQuery(Schema):
    site: int | None = Field(None, ge=1, le=2**62, description="Only inside this site's outline")
    month_from: dt.date | None = Field(None, description="First month, e.g. 2025-01-01")
    month_to: dt.date | None = Field(None, description="Last month, e.g. 2025-06-01")
    category: list[Category] = Field(default_factory=list, description="ClearHold categories")


@router.get("/incidents", response=responses(Page[IncidentOut]))
def incidents(request: HttpRequest, filters: Query[IncidentQuery], query: Query[PageQuery]) -> dict:
    """Incidents, newest month first; filter by site, month range and category."""
    require(request.auth, INCIDENTS_VIEW)
    found = incident_list(
        user=request.auth,
        filters=IncidentFilters(
            categories=tuple(c.value for c in filters.category),
            month_from=filters.month_from.replace(day=1) if filters.month_from else None,
            month_to=filters.month_to.replace(day=1) if filters.month_to else None,
        ),
    )
    if filters.site is not None:
        outline = get_object_or_404(Site, pk=filters.site)
        found = incidents_in_area(found, area_from_geojson(outline.boundary))
    found = found.order_by("-month", "id").only(*INCIDENT_FIELDS)
    with Reader(request.auth) as reader:
        return page(
            found,
            query,
            lambda i: {name: getattr(reader.show(i), name) for name in INCIDENT_FIELDS},
        )
