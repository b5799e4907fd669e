"""The Hotspots page: filters, the map (density and Gi* cells), hot spots, places and trend."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from clearhold.analysis.hotspots import HotspotInputError, HotspotSettings
from clearhold.authz import can, permission_required
from clearhold.hotspots.forms import ASB, HotspotForm
from clearhold.hotspots.mapping import cluster_outline, legend, place_outline, report_features
from clearhold.hotspots.permissions import HOTSPOTS_VIEW
from clearhold.hotspots.selectors import HotspotQuery, data_month_range, hotspot_analysis
from clearhold.places.permissions import SITES_CREATE
from clearhold.places.services import SITE_MAX_AREA_M2
from clearhold.toolkit.charts import bar_chart_svg


def _months_before(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 - n
    return dt.date(index // 12, index % 12 + 1, 1)


def _defaults() -> dict:
    """ASB over the latest twelve months held, 100 m cells, a 300 m Gi* radius."""
    defaults = {"category": ASB, "cell": 100, "radius": 300}
    held = data_month_range()
    if held is not None:
        first = max(_months_before(held[1], 11), held[0])
        defaults |= {"month_from": f"{first:%Y-%m}", "month_to": f"{held[1]:%Y-%m}"}
    return defaults


def _site_link(name: str, outline: dict, origin: str) -> str:
    return "/sites/new/?" + urlencode(
        {"name": name, "boundary": json.dumps(outline), "origin": origin}
    )


@require_GET
@permission_required(HOTSPOTS_VIEW)
def scan(request: HttpRequest) -> HttpResponse:
    form = HotspotForm(request.GET or _defaults())
    context: dict = {"form": form, "legend": legend()}
    if form.is_valid():
        data = form.cleaned_data
        query = HotspotQuery(
            categories=tuple(data["category"]),
            month_from=data["month_from"],
            month_to=data["month_to"],
            area=data["area"],
            lsoa_prefix=data["lsoa"].strip(),
            settings=HotspotSettings(
                cell_size=data["cell"], bandwidth=data["bandwidth"], radius=data["radius"]
            ),
        )
        try:
            report, places = hotspot_analysis(user=request.user, query=query)
        except HotspotInputError as problem:
            form.add_error(None, str(problem))
        else:
            context.update(_report_context(request, report, places, data))
    return render(request, "hotspots/scan.html", context)


def _report_context(request: HttpRequest, report, places: dict, data: dict) -> dict:
    may_create = can(request.user, SITES_CREATE)
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
        small = cluster.outline.area <= SITE_MAX_AREA_M2
        create = None
        if may_create and small:
            create = _site_link(
                f"Hot spot around {cluster.top_place.removeprefix('On or near ')}",
                cluster_outline(cluster.outline),
                f"Gi* hot cells ({cluster.cells} cells of {report.settings.cell_size:g} m)",
            )
        cluster_rows.append(
            {"cluster": cluster, "area_km2": cluster.outline.area / 1e6, "create": create}
        )
    trend = report.trend
    labels = [str(m) for m in trend.months.astype("datetime64[M]")] if trend is not None else []
    values = [int(v) for v in trend.counts] if trend is not None else []
    concentration = report.concentration
    return {
        "report": report,
        "features": report_features(report, places),
        "place_rows": place_rows,
        "cluster_rows": cluster_rows,
        "trend_rows": list(zip(labels, values, strict=True)),
        "trend_chart": bar_chart_svg(labels, values, title="Incidents per month") if values else "",
        "top5": None if concentration is None else concentration.top_shares.get(0.05),
        "top10": None if concentration is None else concentration.top_shares.get(0.1),
    }
