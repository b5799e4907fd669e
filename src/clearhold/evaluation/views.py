"""The Evaluate page of a site, and its exports (chart SVG, figures CSV, JSON)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from shapely import affinity

from clearhold.analysis.comparison_rows import comparison_rows
from clearhold.analysis.control_figures import cits_rows, wdd_rows
from clearhold.analysis.evaluate import EvaluationInputError
from clearhold.analysis.objectives import ObjectiveCheck
from clearhold.areas import area_from_geojson, area_to_geojson
from clearhold.authz import permission_required
from clearhold.evaluation.figures import SECTION_KEYS, area_rows, evaluation_output, figure_rows
from clearhold.evaluation.forms import DEFAULT_CATEGORIES, EvaluationForm
from clearhold.evaluation.inputs import resolve_categories
from clearhold.evaluation.permissions import EVALUATION_RUN
from clearhold.evaluation.run import EvaluationRequest, run_evaluation
from clearhold.evaluation.selectors import evaluation_data
from clearhold.evaluation.summary import PageReading, page_reading
from clearhold.incidents.results_cache import cached_result
from clearhold.incidents.selectors import incident_visibility
from clearhold.places.models import Site
from clearhold.readmodel import Reader
from clearhold.toolkit.csvstream import csv_lines, csv_response
from clearhold.toolkit.period_chart import counterfactual_band, period_chart_svg

AREAS = ("target", "buffer", "control")


@dataclass(frozen=True)
class Computed:
    """What one evaluation request computed: the figures, or the problem with the request."""

    output: dict | None
    check: ObjectiveCheck | None
    force: str | None
    reading: PageReading | None
    problem: str = ""


def _evaluate(request: HttpRequest, site: Site):
    """(form, result dict or None, objective or None, force, reading or None) for the page's
    GET parameters, read from the results cache when the same request was computed on the
    same data and site outline for someone who may see the same incidents."""
    form = EvaluationForm(request.GET or None, initial={"category": DEFAULT_CATEGORIES})
    if not form.is_valid():
        return form, None, None, None, None
    computed = cached_result(
        "evaluation",
        incident_visibility(request.user),
        (site.name, site.boundary, form.cleaned_data),
        lambda: _compute(request.user, site, form.cleaned_data),
    )
    if computed.problem:
        form.add_error(None, computed.problem)
    return form, computed.output, computed.check, computed.force, computed.reading


def _compute(user, site: Site, data: dict) -> Computed:
    """Run the evaluation the form asks for on the incidents ``user`` may see."""
    target = area_from_geojson(site.boundary)
    choice = resolve_categories(data["category"])
    evaluation_request = EvaluationRequest(
        target=target,
        intervention=data["intervention"],
        choice=choice,
        buffer_m=data["buffer_m"],
        control=data["control"],
        months_before=data["months_before"],
        months_after=data["months_after"],
        target_reduction_pct=data["target_reduction"],
        within_months=data["within_months"],
        comparison=tuple(data["compare"]),
        wdd_control=data["wdd_control"],
        claimed_reduction_pct=data["claim"],
    )
    incidents = evaluation_data(
        user=user,
        choice=choice,
        target=target,
        control_lsoa=data["control_lsoa"].strip(),
        buffer_m=data["buffer_m"],
        with_areas=bool(data["compare"]),
    )
    try:
        result, check = run_evaluation(incidents, evaluation_request)
    except (EvaluationInputError, ValueError) as problem:
        return Computed(None, None, incidents.force, None, problem=str(problem))
    reading = page_reading(
        result,
        check,
        place=site.name,
        force=incidents.force,
        control_lsoa=data["control_lsoa"].strip(),
        outline=data["control"] is not None,
    )
    output = evaluation_output(
        result, check, place=site.name, claimed_pct=data["claim"], detail=True
    )
    return Computed(output, check, incidents.force, reading)


def _indexed(series: dict) -> tuple[list[str], dict[str, list[float | None]], int | None]:
    """Each area's monthly counts as % of its own before-period average, so a small site and
    a whole force can share one chart."""
    months, period = series["months"], series["period"]
    lines = {}
    for area in AREAS:
        before = [
            v for v, p in zip(series[area], period, strict=True) if p == "before" and v is not None
        ]
        mean = sum(before) / len(before) if before else 0
        lines[area.title()] = [
            None if (v is None or p == "missing" or not mean) else 100 * v / mean
            for v, p in zip(series[area], period, strict=True)
        ]
    return months, lines, _first_after(period)


def _first_after(period) -> int | None:
    return next((i for i, p in enumerate(period) if p in ("after", "excluded")), None)


def _site_chart(result: dict, site: Site):
    """The site's own monthly counts, before and after shaded, with the controlled time
    series' counterfactual and its 95% band after the intervention when it was fitted."""
    series = result["detail"]["series"]
    return period_chart_svg(
        series["months"],
        {site.name: series["target"]},
        period=series["period"],
        title=f"Incidents a month at {site.name}, before and after the intervention",
        y_label="Incidents a month",
        marker=_first_after(series["period"]),
        marker_label="Intervention",
        band=counterfactual_band(result.get("cits"), series["months"]),
    )


def _chart(result: dict, site: Site):
    """Site, buffer and control indexed to their own before average, against a 100% line."""
    months, lines, marker = _indexed(result["detail"]["series"])
    return period_chart_svg(
        months,
        lines,
        period=result["detail"]["series"]["period"],
        title=f"Monthly incidents at {site.name}, its buffer and the control, "
        "as % of each area's before-period average",
        y_label="% of the before-period average",
        reference=100,
        reference_label="Before average (100%)",
        percent=True,
        marker=marker,
        marker_label="Intervention",
    )


def _charts(request: HttpRequest, site: Site, form: EvaluationForm, result: dict) -> tuple:
    """The indexed chart and the site's own chart (SVG), drawn once per store version,
    visibility, site and request like the result they draw (:func:`_evaluate`)."""
    return cached_result(
        "evaluation-charts",
        incident_visibility(request.user),
        (site.name, site.boundary, form.cleaned_data),
        lambda: (_chart(result, site), _site_chart(result, site)),
    )


def _map(site: Site, buffer_m: float, control=None, wdd: dict | None = None) -> dict:
    """The site, its buffer ring, the control outline when one was given, and the WDD test's
    same-size control areas (the site's outline moved) when it used them."""
    target = area_from_geojson(site.boundary)
    ring = target.buffer(buffer_m).difference(target)
    drawn = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": area_to_geojson(ring),
                "properties": {
                    "popup": f"Buffer: {buffer_m:g} m around the site",
                    "style": {"color": "#f47738", "fillColor": "#f47738", "fillOpacity": 0.2},
                },
            },
            {
                "type": "Feature",
                "geometry": site.boundary,
                "properties": {
                    "popup": f"Site: {site.name}",
                    "style": {"color": "#d4351c", "fillColor": "#d4351c", "fillOpacity": 0.35},
                },
            },
        ],
    }
    if wdd:
        areas = wdd.get("control_areas") or []
        for n, place in enumerate(areas, start=1):
            dx, dy = place["offset_m"]
            popup = (
                f"Same-size control {n} of {len(areas)} for the WDD test: "
                f"{place['before']:,} before, {place['after']:,} after"
            )
            drawn["features"].insert(
                0,
                {
                    "type": "Feature",
                    "geometry": area_to_geojson(affinity.translate(target, dx, dy)),
                    "properties": {
                        "popup": popup,
                        "style": {"color": "#1d70b8", "fillColor": "#1d70b8", "fillOpacity": 0.2},
                    },
                },
            )
    if control is not None:
        drawn["features"].insert(
            0,
            {
                "type": "Feature",
                "geometry": area_to_geojson(control),
                "properties": {
                    "popup": "Control (comparison) area",
                    "style": {"color": "#1d70b8", "fillColor": "#1d70b8", "fillOpacity": 0.08},
                },
            },
        )
    return drawn


def _control_rows(result: dict) -> list[list]:
    """CSV rows for the WDD test (incidents over the after window) and the controlled time
    series' step (a rate ratio), when they were computed."""
    rows = []
    if result.get("wdd"):
        w, c = result["wdd"], result["wdd"]["counts"]
        low, high = w["ci95"]
        rows.append(["wdd", None, None, None, w["estimate"], low, high, w["p_value"]])
        before, after = c["control_before"], c["control_after"]
        rows.append(["wdd_control", before, after, None, None, None, None, None])
    if result.get("cits"):
        fit = result["cits"]
        rows.append(
            ["cits_step", None, None, None, fit["step_irr"], *fit["step_irr_ci95"], fit["p_value"]]
        )
    return rows


@require_GET
@permission_required(EVALUATION_RUN)
def site_evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    site = get_object_or_404(Site, pk=pk)
    form, result, check, force, reading = _evaluate(request, site)
    context = {
        "form": form,
        "result": result,
        "check": check,
        "reading": reading,
        "query": request.GET.urlencode(),
    }
    if result is not None:
        chart, site_chart = _charts(request, site, form, result)
        context |= {
            "rows": area_rows(result),
            "figures": figure_rows(result, skip=SECTION_KEYS),
            "wdd_rows": wdd_rows(result),
            "cits_rows": cits_rows(result),
            "chart": chart,
            "site_chart": site_chart,
            "features": _map(
                site,
                form.cleaned_data["buffer_m"],
                form.cleaned_data["control"],
                result.get("wdd"),
            ),
            "force": force,
            "comparison_rows": comparison_rows(result),
        }
    with Reader(request.user) as reader:  # the site as its reader may see it (who drew it: no)
        return render(request, "evaluation/evaluate.html", context | {"site": reader.show(site)})


@require_GET
@permission_required(EVALUATION_RUN)
def site_evaluate_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "svg", "json"):
        raise Http404("Exports are csv, svg or json")
    site = get_object_or_404(Site, pk=pk)
    form, result, *_ = _evaluate(request, site)
    if result is None:
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    if fmt == "json":
        return JsonResponse(result, json_dumps_params={"indent": 2})
    if fmt == "svg":
        chart, _site_chart_svg = _charts(request, site, form, result)
        response = HttpResponse(str(chart), content_type="image/svg+xml")
        response["Content-Disposition"] = f'attachment; filename="evaluation-site-{site.pk}.svg"'
        return response
    return csv_response(f"evaluation-site-{site.pk}.csv", csv_lines(CSV_HEADER, _csv_rows(result)))


#: The CSV's columns: numbers for the areas and tests, then each figure row's label and text.
CSV_HEADER = [
    "measure",
    "before",
    "after",
    "change_pct",
    "estimate",
    "ci95_low",
    "ci95_high",
    "p_value",
    "label",
    "text",
]


def _csv_rows(result: dict) -> list[list]:
    """The CSV: the three areas, RES, WDQ, the WDD and controlled time series as numbers, then
    every figure row of :func:`~clearhold.evaluation.figures.figure_rows` as ``figure`` rows
    with its label and text, so the CSV says what the JSON, the table and the page say."""
    rows = [
        [
            area,
            result[area]["before"],
            result[area]["after"],
            result[area]["change_pct"],
            result[area]["rate_ratio"],
            *(result[area]["rate_ratio_ci95"] or [None, None]),
            result[area]["p_value"],
        ]
        for area in AREAS
    ]
    rows.append(
        ["res", None, None, None, result["res"], *(result["res_ci95"] or [None, None]), None]
    )
    rows.append(["wdq", None, None, None, result["wdq"], None, None, None])
    rows += _control_rows(result)
    rows = [[*row, None, None] for row in rows]
    rows += [["figure", *[None] * 7, label, text] for label, text in figure_rows(result)]
    return rows
