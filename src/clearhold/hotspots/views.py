"""The Hotspots page: filters, the map (density and Gi* cells), hot spots, places and trend."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from clearhold.analysis.hotspots import HotspotInputError, HotspotSettings
from clearhold.authz import can, permission_required
from clearhold.hotspots.emerging import emerging_context, emerging_map_features
from clearhold.hotspots.forms import ASB, HotspotForm
from clearhold.hotspots.mapping import cluster_outline, legend, place_outline, report_features
from clearhold.hotspots.permissions import HOTSPOTS_VIEW
from clearhold.hotspots.selectors import HotspotQuery, cached_hotspot_analysis, data_month_range
from clearhold.incidents.results_cache import cached_result
from clearhold.incidents.selectors import incident_visibility
from clearhold.places.permissions import SITES_CREATE
from clearhold.toolkit.charts import bar_chart_svg


def _months_before(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 - n
    return dt.date(index // 12, index % 12 + 1, 1)


# The largest hot spot offered as a site: 4 hectares, four 100 m cells. A closure is of premises
# (a block and its grounds, a shop and its forecourt, a square), not of a neighbourhood (Leeds
# City Council v Persons Unknown); a hot spot larger than this spans several streets, and the
# officer should narrow it (smaller cells, an area) or start from one of its repeat places.
HOTSPOT_SITE_MAX_AREA_M2 = 40_000


def _defaults(today: dt.date) -> dict:
    """ASB over the last twelve complete months held (the current month is never complete),
    the analysis core's own cell size and Gi* distance band; with no data held, the last
    twelve complete calendar months, so the page opens on an empty map, not on errors."""
    usual = HotspotSettings()
    defaults = {
        "category": ASB,
        "cell": f"{usual.cell_size:g}",
        "radius": f"{usual.radius:g}",
        "study_area": usual.study_area,
        "inference": usual.inference,
    }
    last_complete = _months_before(today.replace(day=1), 1)
    held = data_month_range()
    first_held, last = (None, last_complete) if held is None else held
    last = min(last, last_complete)
    first = _months_before(last, 11)
    if first_held is not None and first_held <= last:
        first = max(first, first_held)
    return defaults | {"month_from": f"{first:%Y-%m}", "month_to": f"{last:%Y-%m}"}


def _with_defaults(asked: QueryDict, today: dt.date) -> QueryDict:
    """The filters asked for, each one not given filled from the defaults; the categories
    only when the form was not sent (a sent form with none ticked asks for all)."""
    merged = asked.copy()
    sent = "month_from" in asked or "month_to" in asked
    for name, value in _defaults(today).items():
        if name in asked or (name == "category" and sent):
            continue
        if isinstance(value, list):
            merged.setlist(name, value)
        else:
            merged[name] = value
    return merged


def hotspot_site_name(streets: tuple[str, ...]) -> str:
    """A site's name from the streets of its hot spot: "West Street and Market Place"."""
    return " and ".join(streets[:2]) or "Hot spot"


def _site_link(name: str, outline: dict, origin: str) -> str:
    return "/sites/new/?" + urlencode(
        {"name": name, "boundary": json.dumps(outline), "origin": origin}
    )


def _query(data: dict) -> HotspotQuery:
    """The analysis the form's cleaned data asks for."""
    return HotspotQuery(
        categories=tuple(data["category"]),
        month_from=data["month_from"],
        month_to=data["month_to"],
        area=data["area"],
        lsoa_prefix=data["lsoa"].strip(),
        settings=HotspotSettings(
            cell_size=data["cell"],
            bandwidth=data["bandwidth"],
            radius=data["radius"],
            study_area=data["study_area"],
            inference=data["inference"],
            seed=data["seed"],
        ),
    )


@require_GET
@permission_required(HOTSPOTS_VIEW)
def scan(request: HttpRequest) -> HttpResponse:
    """The page: filters, figures and tables server-rendered; the map's cells are fetched
    from :func:`scan_map` with the same filters, so the page stays small on a force's data."""
    form = HotspotForm(_with_defaults(request.GET, timezone.localdate()))
    context: dict = {"form": form, "legend": legend()}
    if form.is_valid():
        query = _query(form.cleaned_data)
        try:
            report, places = cached_hotspot_analysis(user=request.user, query=query)
        except HotspotInputError as problem:
            form.add_error(None, str(problem))
        else:
            context.update(_cached_report_context(request, report, places, query, form))
            try:
                context.update(emerging_context(request, report, query))
            except HotspotInputError as problem:  # the months × cells cap: named, not a 500
                form.add_error("month_from", str(problem))
            context["map_url"] = _map_url(form.data)
            context["emerging_map_url"] = _map_url(form.data, "hotspots:emerging-map")
            context["results"] = _results(request, form, query, context)
    return render(request, "hotspots/scan.html", context)


def _results(request: HttpRequest, form: HotspotForm, query: HotspotQuery, context: dict) -> str:
    """The results under the filters as HTML, drawn once and then read from the results
    cache. Everything they show is fixed by the store's version, the viewer's visibility, the
    query, the filters as asked and filled in (the links), and whether the viewer may create
    sites (the "Create a site" links): the key holds each, so no one gets another's page."""
    tile_url = settings.CLEARHOLD_TILE_URL
    asked = {
        "filters": _filters(form),
        "asked": {name: request.GET.getlist(name) for name in request.GET},
        "may_create": can(request.user, SITES_CREATE),
        "tile_url": tile_url,
    }
    return cached_result(
        "hotspot-results",
        incident_visibility(request.user),
        (query, asked),
        lambda: render_to_string("hotspots/results.html", context | {"tile_url": tile_url}),
    )


def _map_url(filters: QueryDict, name: str = "hotspots:map") -> str:
    """A map layer's address for the filters the page used (defaults filled in); the
    pattern chosen only narrows the page's list, never the map."""
    asked = filters.copy()
    asked.pop("pattern", None)
    return f"{reverse(name)}?{asked.urlencode()}"


@require_GET
@permission_required(HOTSPOTS_VIEW)
def scan_map(request: HttpRequest) -> HttpResponse:
    """The map's layers (density, Gi* cells, top places) as GeoJSON for the page's filters,
    kept in the results cache as the text sent, so a repeated view only reads it."""
    form = HotspotForm(_with_defaults(request.GET, timezone.localdate()))
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    query = _query(form.cleaned_data)

    def features() -> str:
        report, places = cached_hotspot_analysis(user=request.user, query=query)
        return json.dumps(report_features(report, places), separators=(",", ":"))

    try:
        text = cached_result("hotspot-map", incident_visibility(request.user), query, features)
    except HotspotInputError as problem:
        return JsonResponse({"errors": {"__all__": [{"message": str(problem)}]}}, status=400)
    return HttpResponse(text, content_type="application/geo+json")


@require_GET
@permission_required(HOTSPOTS_VIEW)
def emerging_map(request: HttpRequest) -> HttpResponse:
    """The emerging hot spots map's cells as GeoJSON for the page's filters, kept in the
    results cache as the text sent, like :func:`scan_map`; none when the months are too few."""
    form = HotspotForm(_with_defaults(request.GET, timezone.localdate()))
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    query = _query(form.cleaned_data)

    def features() -> str:
        report, _places = cached_hotspot_analysis(user=request.user, query=query)
        return json.dumps(emerging_map_features(request.user, report, query), separators=(",", ":"))

    try:
        text = cached_result("emerging-map", incident_visibility(request.user), query, features)
    except HotspotInputError as problem:
        return JsonResponse({"errors": {"__all__": [{"message": str(problem)}]}}, status=400)
    return HttpResponse(text, content_type="application/geo+json")


def _may_be_a_site(cluster) -> bool:
    """A hot spot is offered as a site only with incidents inside and within the limit."""
    return cluster.incidents > 0 and cluster.outline.area <= HOTSPOT_SITE_MAX_AREA_M2


def _filters(form: HotspotForm) -> dict[str, list[str]]:
    """The filters as asked and filled in (plain text), part of the key of what shows them."""
    return {name: form.data.getlist(name) for name in form.data}


def _cached_report_context(request: HttpRequest, report, places: dict, query, form) -> dict:
    """:func:`_report_context`, kept in the results cache: the report and places are fixed
    by the query (and the store's version and visibility, in the key); the rows' links by the
    filters and whether the viewer may create sites, which the key holds too."""
    may_create = can(request.user, SITES_CREATE)
    return cached_result(
        "hotspot-rows",
        incident_visibility(request.user),
        (query, _filters(form), may_create),
        lambda: _report_context(may_create, report, places, form.cleaned_data),
    )


def _report_context(may_create: bool, report, places: dict, data: dict) -> dict:
    filters = {
        "category": data["category"],
        "month_from": f"{data['month_from']:%Y-%m}",
        "month_to": f"{data['month_to']:%Y-%m}",
    }
    place_rows = []
    for place in report.places:
        where = places.get(place.key, {})
        link = "/incidents/?" + urlencode(
            {**filters, "text": place.label, "lsoa": where.get("lsoa", "")}, doseq=True
        )
        create = None
        if may_create and where.get("latitude") is not None:
            create = _site_link(
                place.label.removeprefix("On or near "),
                place_outline(where["latitude"], where["longitude"]),
                f"50 m around the police.uk snap point {place.label}",
            )
        place_rows.append(
            {"place": place, "lsoa": where.get("lsoa", ""), "link": link, "create": create}
        )
    cluster_rows = []
    for cluster in report.clusters[:15]:
        create = None
        if may_create and _may_be_a_site(cluster):
            create = _site_link(
                hotspot_site_name(cluster.streets),
                cluster_outline(cluster.outline),
                f"Gi* hot cells ({cluster.cells} cells of {report.settings.cell_size:g} m)",
            )
        cluster_rows.append(
            {
                "cluster": cluster,
                "hectares": cluster.outline.area / 1e4,
                "create": create,
                "too_large": cluster.outline.area > HOTSPOT_SITE_MAX_AREA_M2,
            }
        )
    trend = report.trend
    labels = [str(m) for m in trend.months.astype("datetime64[M]")] if trend is not None else []
    values = [int(v) for v in trend.counts] if trend is not None else []
    concentration = report.concentration
    return {
        "report": report,
        "place_rows": place_rows,
        "cluster_rows": cluster_rows,
        "trend_rows": list(zip(labels, values, strict=True)),
        "trend_chart": bar_chart_svg(labels, values, title="Incidents per month") if values else "",
        "top5": None if concentration is None else concentration.top_shares.get(0.05),
        "top10": None if concentration is None else concentration.top_shares.get(0.1),
    }
