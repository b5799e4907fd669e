"""Sites: create one from a hotspot or place (outline supplied), see it with its incidents."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from clearhold.areas import AreaError, area_from_geojson, load_geojson
from clearhold.authz import can, permission_required
from clearhold.incidents.models import Incident
from clearhold.incidents.selectors import incident_map_features, incidents_in_area
from clearhold.places.forms import SiteForm
from clearhold.places.models import Site
from clearhold.places.permissions import SITES_CREATE, SITES_VIEW
from clearhold.places.services import site_create
from clearhold.places.units import units_import
from clearhold.readmodel import Reader
from clearhold.toolkit.forms import add_validation_errors
from clearhold.toolkit.ordering import naturally
from clearhold.toolkit.uploads import CSV, check_upload

UNITS_MAX_BYTES = 2 * 1024 * 1024


def _outline_feature(boundary: dict, name: str) -> dict:
    return {
        "type": "Feature",
        "geometry": boundary,
        "properties": {
            "popup": name,
            "style": {"color": "#1d70b8", "fillColor": "#1d70b8", "fillOpacity": 0.15},
        },
    }


@permission_required(SITES_CREATE)
def site_new(request: HttpRequest) -> HttpResponse:
    form = SiteForm(
        request.POST or None,
        initial={k: request.GET.get(k, "") for k in ("name", "boundary", "origin")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            site = site_create(user=request.user, **form.site_fields())
        except ValidationError as problem:
            add_validation_errors(form, problem)
        else:
            messages.success(request, f"Created the site “{site.name}”.")
            return redirect(site)
    outline = form["boundary"].value() or ""
    preview = {"type": "FeatureCollection", "features": []}
    try:
        geometry = load_geojson(outline) if outline else None
        if geometry:
            preview["features"].append(_outline_feature(geometry, "Proposed outline"))
    except AreaError:
        pass
    return render(request, "places/site_form.html", {"form": form, "preview": preview})


@require_POST
@permission_required(SITES_CREATE)
def site_units_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Add or update the site's units from a CSV (name, address, residents): all or none."""
    site = get_object_or_404(Site, pk=pk)
    upload = request.FILES.get("units")
    if upload is None:
        messages.error(request, "Choose a CSV file of units to import.")
    else:
        try:
            check_upload(upload, kinds=(CSV,), max_bytes=UNITS_MAX_BYTES, what="a units file")
            count = units_import(site=site, data=upload.read())
        except ValidationError as problem:
            messages.error(request, "No units were imported. " + " ".join(problem.messages[:10]))
        else:
            messages.success(request, f"Imported {count} unit{'s' if count != 1 else ''}.")
    return redirect(site)


@require_GET
@permission_required(SITES_VIEW)
def site_list(request: HttpRequest) -> HttpResponse:
    shown = Reader(request.user, log=False).show_all(Site.objects.all())
    return render(request, "places/sites.html", {"sites": shown})


@require_GET
@permission_required(SITES_VIEW)
def site_detail(request: HttpRequest, pk: int) -> HttpResponse:
    site = get_object_or_404(Site, pk=pk)
    inside = incidents_in_area(Incident.objects.all(), area_from_geojson(site.boundary))
    features = incident_map_features(inside)
    features["features"].insert(0, _outline_feature(site.boundary, site.name))
    by_category = inside.values("category").annotate(n=Count("id")).order_by("-n")
    labels = dict(Incident._meta.get_field("category").choices)
    with Reader(request.user) as reader:  # who drew the outline: staff names are restricted
        return _site_page(request, reader, site, inside, features, by_category, labels)


def _site_page(request, reader, site, inside, features, by_category, labels) -> HttpResponse:
    return render(
        request,
        "places/site.html",
        {
            "site": reader.show(site),
            "features": features,
            "incident_count": inside.count(),
            "units": reader.show_all(naturally(site.units.all(), key=lambda unit: unit.name)),
            "residents": sum(u.residents for u in site.units.all()),
            "may_import_units": can(request.user, SITES_CREATE),
            "by_category": [
                (labels.get(r["category"], r["category"]), r["n"]) for r in by_category
            ],
        },
    )
