"""The WDD test and the controlled time series on the Evaluate page and the command line, and
the counterfactual's 95% band on the site's chart."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from clearhold.toolkit.period_chart import BAND_NAME, counterfactual_band, period_chart_svg
from tests.evaluation.test_evaluation import (  # noqa: F401 (fixtures)
    POLICEUK_TYPES,
    TARGET,
    WISBECH,
    analyst,
    cli,
    site,
)
from tests.incidents.policeuk_files import FENLAND

SVG = "{http://www.w3.org/2000/svg}"
MONTHS = [f"2024-{m:02d}" for m in range(1, 13)]
PERIOD = ["before"] * 8 + ["excluded"] + ["after"] * 3
CITS = {
    "counterfactual": {
        "months": ["2024-10", "2024-11", "2024-12"],
        "expected": [20.0, 22.0, 21.0],
        "ci95_low": [15.0, 16.0, 14.0],
        "ci95_high": [26.0, 30.0, 31.0],
    }
}


def test_the_band_is_laid_on_the_charts_months():
    band = counterfactual_band(CITS, MONTHS)
    assert band["expected"] == [None] * 9 + [20.0, 22.0, 21.0]
    assert band["high"][-1] == 31.0
    assert counterfactual_band(None, MONTHS) is None


def test_the_chart_draws_the_band_as_a_polygon_around_a_dashed_line():
    counts = [10, 12, 9, 11, 10, 13, 12, 11, None, 5, 4, 6]
    markup = period_chart_svg(
        MONTHS,
        {"Site": counts},
        period=PERIOD,
        title="t",
        y_label="Incidents a month",
        marker=8,
        marker_label="Intervention",
        band=counterfactual_band(CITS, MONTHS),
    )
    svg = ET.fromstring(str(markup))
    polygons = [p for p in svg.iter(f"{SVG}polygon") if p.get("class") == "ch-chart__band"]
    assert len(polygons) == 1
    points = [tuple(map(float, p.split(","))) for p in polygons[0].get("points").split()]
    assert len(points) == 6  # upper edge over 3 months, lower edge back
    upper, lower = points[:3], points[3:][::-1]
    for (xu, yu), (xl, yl) in zip(upper, lower, strict=True):
        assert xu == xl
        assert yu < yl  # SVG y grows downwards: the upper edge is drawn above the lower
    line = next(
        p for p in svg.iter(f"{SVG}polyline") if p.get("class") == "ch-chart__counterfactual"
    )
    mids = [tuple(map(float, p.split(","))) for p in line.get("points").split()]
    for (_, y), (_, yu), (_, yl) in zip(mids, upper, lower, strict=True):
        assert yu < y < yl
    # The axis reaches the band's top (31), not only the counts' (13).
    ticks = [int(t.text) for t in svg.iter(f"{SVG}text") if t.get("class") == "ch-chart__y-tick"]
    assert ticks[-1] >= 31
    legend = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "ch-chart__legend"]
    assert BAND_NAME in legend


def test_without_a_fit_there_is_no_band():
    markup = period_chart_svg(
        MONTHS, {"Site": [1] * 12}, period=PERIOD, title="t", y_label="y", band=None
    )
    assert "<polygon" not in str(markup)


def test_the_page_shows_the_wdd_and_why_no_controlled_series(client, analyst, site):  # noqa: F811
    client.force_login(analyst)
    page = client.get(f"/sites/{site.pk}/evaluate/", WISBECH)
    html = page.content.decode()
    result = page.context["result"]
    assert result["wdd"]["control_kind"] == "same-size"
    assert 'data-testid="wdd"' in html
    assert "WDD estimate (incidents over the after window)" in html
    assert f"{result['wdd']['estimate']:+.1f}" in html
    assert "not fitted: it needs at least 24 consecutive months" in html
    assert "have 16" in html
    assert "ch-chart__band" not in str(page.context["site_chart"])
    popups = [f["properties"]["popup"] for f in page.context["features"]["features"]]
    areas = result["wdd"]["control_areas"]
    assert len(areas) == 5
    for n, place in enumerate(areas, start=1):
        popup = f"Same-size control {n} of 5 for the WDD test: {place['before']} before"
        assert any(p.startswith(popup) for p in popups)
    # The page lists each pooled position with its counts, and summarises them.
    assert "WDD control areas (offset: before → after)" in html
    first = areas[0]
    assert f"{first['before']} → {first['after']} (buffer" in html
    low = min(a["before"] for a in areas)
    assert f"5 same-size areas within 3 km, before {low}–" in html
    other = client.get(f"/sites/{site.pk}/evaluate/", {**WISBECH, "wdd_control": "control"})
    assert other.context["result"]["wdd"]["control_kind"] == "control"
    assert "warning-wdd_control_large" in other.content.decode()


@pytest.mark.django_db
def test_the_command_line_prints_the_rows_and_takes_the_option(analyst):  # noqa: F811
    common = ["--target", str(TARGET), "--intervention", "2025-05-07", "--from-files", str(FENLAND)]
    common += [a for c in POLICEUK_TYPES for a in ("--category", c)]
    table = cli(*common)
    assert table.exit_code == 0, table.output
    assert "WDD estimate (incidents over the after window)" in table.output
    assert "Controlled time series" in table.output
    out = json.loads(cli(*common, "--json", "--wdd-control", "control").stdout)
    assert out["wdd"]["control_kind"] == "control"
    assert "wdd_control_large" in [w["code"] for w in out["warnings"]]
    refused = cli(*common, "--wdd-control", "district")
    assert refused.exit_code != 0
    assert "--wdd-control" in refused.output


def test_a_fitted_controlled_series_puts_its_band_on_the_after_months():
    from tests.analysis.evaluate_fixtures import join, standard
    from tests.analysis.test_cits import _twin, evaluate_synthetic

    out = evaluate_synthetic(join(standard(), _twin("2023-01", "2025-12", 10, 10))).to_dict(
        detail=True
    )
    series = out["detail"]["series"]
    band = counterfactual_band(out["cits"], series["months"])
    after = [i for i, p in enumerate(series["period"]) if p == "after"]
    drawn = [i for i, v in enumerate(band["expected"]) if v is not None]
    assert drawn == after
    # No step at the same-size control, 10 a month at the site before: the counterfactual
    # stays near 10 and its band holds it.
    for i in after:
        assert band["low"][i] < band["expected"][i] < band["high"][i]
        assert band["expected"][i] == pytest.approx(10, rel=0.05)


def test_the_csv_rows_for_a_fitted_controlled_series():
    from clearhold.evaluation.views import _control_rows
    from tests.analysis.evaluate_fixtures import join, standard
    from tests.analysis.test_cits import _twin, evaluate_synthetic

    out = evaluate_synthetic(join(standard(), _twin("2023-01", "2025-12", 10, 8))).to_dict()
    rows = {r[0]: r for r in _control_rows(out)}
    assert list(rows) == ["wdd", "wdd_control", "cits_step"]
    assert rows["wdd"][4:] == [out["wdd"]["estimate"], *out["wdd"]["ci95"], out["wdd"]["p_value"]]
    # The pooled control's mean: one spot 120 → 96 and four empty ones.
    assert rows["wdd_control"][1:3] == pytest.approx([24, 19.2])
    fit = out["cits"]
    assert rows["cits_step"][4:] == [fit["step_irr"], *fit["step_irr_ci95"], fit["p_value"]]
