"""The Evaluate page answers "did it work?" first: one sentence, the objective met or missed,
the warnings in order with their reasons behind them, the store's coverage, and charts whose
y axis is labelled and whose ticks are whole and distinct."""

from __future__ import annotations

import itertools
import json
import xml.etree.ElementTree as ET

import pytest

from clearhold.toolkit.charts import nice_ticks
from tests.evaluation.test_evaluation import (  # noqa: F401 (fixtures)
    TARGET,
    WISBECH,
    analyst,
    cli,
    site,
)

SVG = "{http://www.w3.org/2000/svg}"
WISBECH_SENTENCE = (
    "Incidents at West Street open space fell from 1.6 to 1.4 a month (19 in the 12 months "
    "before, 10 in the 7 months after), but the change is too small to tell from chance; the "
    "objective of 75% fewer within 6 months was not met."
)


def _page(client, user, site, **change):  # noqa: F811
    client.force_login(user)
    return client.get(f"/sites/{site.pk}/evaluate/", {**WISBECH, **change})


def test_the_page_leads_with_one_sentence_then_the_objective_then_the_figures(
    client,
    analyst,  # noqa: F811
    site,  # noqa: F811
):
    page = _page(client, analyst, site)
    html = page.content.decode()
    assert page.context["reading"].headline == WISBECH_SENTENCE
    order = [
        html.index('data-testid="headline"'),
        html.index('data-testid="objective"'),
        html.index('data-testid="coverage"'),
        html.index('data-testid="warnings"'),
        html.index("What to compare"),
        html.index('data-testid="evaluation-figures"'),
    ]
    assert order == sorted(order)
    assert "Objective missed" in html
    assert "Objective not met" not in html


def test_warnings_are_one_line_each_with_why_it_matters_behind_a_details(
    client,
    analyst,  # noqa: F811
    site,  # noqa: F811
):
    page = _page(client, analyst, site)
    html = page.content.decode()
    warnings = page.context["reading"].warnings
    codes = [w.code for w in warnings]
    assert codes[0] == "underpowered"  # 19 → 10 could be chance: too few incidents leads
    positions = [html.index(f'data-testid="warning-{code}"') for code in codes]
    assert positions == sorted(positions)
    assert html.count("<strong>Why this matters:</strong>") == len(codes)
    assert "govuk-warning-text" not in html


def test_the_wdq_is_never_read_and_refuted_on_the_same_page(
    client,
    analyst,  # noqa: F811
    site,  # noqa: F811
):
    page = _page(client, analyst, site)
    html = page.content.decode().replace("&#x27;", "'")
    # At Wisbech the WDQ (-1.16) would read "net harm", but the site did not do clearly
    # better than the control, so the page does not state that reading at all.
    assert "net harm" in page.context["result"]["wdq_reading"]
    assert "net harm" not in html
    said = page.context["reading"].displacement
    assert said.startswith("Not read: the site did not do clearly better than the control")
    assert f'data-testid="figure-displacement-wdq">{said}' in html
    assert 'data-testid="warning-wdq_fragile"' not in html


def _svg(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))


def _texts(svg: ET.Element, cls: str) -> list[str]:
    return [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == cls]


@pytest.mark.parametrize("name", ["site_chart", "chart"])
def test_charts_have_a_labelled_y_axis_and_distinct_whole_ticks(
    client,
    analyst,  # noqa: F811
    site,  # noqa: F811
    name,
):
    svg = _svg(_page(client, analyst, site).context[name])
    assert _texts(svg, "ch-chart__y-label") in (
        ["Incidents a month"],
        ["% of the before-period average"],
    )
    ticks = _texts(svg, "ch-chart__y-tick")
    numbers = [int(t.rstrip("%")) for t in ticks]
    assert len(set(numbers)) == len(numbers) >= 2
    assert numbers == sorted(numbers)
    assert numbers[0] == 0
    periods = {r.get("data-period") for r in svg.iter(f"{SVG}rect")}
    assert {"before", "after"} <= periods
    assert _texts(svg, "ch-chart__period-label") == ["Before", "After"]


def test_the_indexed_chart_draws_the_100_percent_line_and_labels_do_not_overlap(
    client,
    analyst,  # noqa: F811
    site,  # noqa: F811
):
    svg = _svg(_page(client, analyst, site).context["chart"])
    reference = [ln for ln in svg.iter(f"{SVG}line") if ln.get("class") == "ch-chart__reference"]
    assert len(reference) == 1
    assert reference[0].find(f"{SVG}title").text == "Before average (100%)"
    assert all(t.endswith("%") for t in _texts(svg, "ch-chart__y-tick"))
    xs = [
        (float(t.get("x")), len(t.text))
        for t in svg.iter(f"{SVG}text")
        if t.get("class") == "ch-chart__x-tick"
    ]
    for (x1, n1), (x2, n2) in itertools.pairwise(xs):
        assert x2 - x1 >= (n1 + n2) / 2 * 6.6, "month labels overlap"
    legend = [
        float(t.get("x")) for t in svg.iter(f"{SVG}text") if t.get("class") == "ch-chart__legend"
    ]
    names = _texts(svg, "ch-chart__legend")
    for (x1, a), x2 in zip(zip(legend, names, strict=True), legend[1:], strict=False):
        assert x2 - x1 >= len(a) * 6.6, "legend entries overlap"


def test_the_exported_svg_is_the_indexed_chart(client, analyst, site):  # noqa: F811
    client.force_login(analyst)
    svg = _svg(client.get(f"/sites/{site.pk}/evaluate.svg", WISBECH).content.decode())
    assert _texts(svg, "ch-chart__y-label") == ["% of the before-period average"]


@pytest.mark.parametrize(
    ("peak", "ticks"),
    [(0, [0, 1]), (1, [0, 1]), (2, [0, 1, 2]), (6, [0, 2, 4, 6]), (23, [0, 5, 10, 15, 20, 25])],
)
def test_ticks_are_whole_and_never_repeat(peak, ticks):
    assert nice_ticks(peak) == ticks
    assert nice_ticks(374.9)[-1] >= 374.9
    assert len(nice_ticks(374.9)) <= 6


def test_the_command_line_leads_with_the_same_sentence_and_never_reads_net_harm(
    analyst,  # noqa: F811
    fenland,
):
    args = ["--target", str(TARGET), "--intervention", "2025-05-07"]
    args += ["--target-reduction", "75", "--within-months", "6"]
    args += [a for c in WISBECH["category"] for a in ("--category", c)]
    said = cli(*args)
    assert said.exit_code == 0, said.output
    text = " ".join(said.output.split())
    assert text.startswith(WISBECH_SENTENCE.replace("West Street open space", "the site"))
    assert "net harm" not in text
    assert "Displacement (WDQ) │ Not read" in text
    figures = json.loads(cli(*args, "--json").stdout)
    assert figures["headline"] == WISBECH_SENTENCE.replace("West Street open space", "the site")
