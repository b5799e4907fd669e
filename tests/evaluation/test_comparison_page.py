"""The fair comparison on the Evaluate page, in its JSON and on the command line (issue 18,
item 4): the same matched areas and synthetic weights from the store and from the files."""

from __future__ import annotations

import json
from html import unescape

import pytest

from tests.evaluation.test_evaluation import (
    POLICEUK_TYPES,
    TARGET,
    WISBECH,
    analyst,  # noqa: F401 (fixture)
    cli,
    site,  # noqa: F401 (fixture)
)
from tests.incidents.policeuk_files import FENLAND

COMPARE = {**WISBECH, "compare": ["matched", "synthetic", "area"]}
CLI_ARGS = [
    "--target",
    str(TARGET),
    "--intervention",
    "2025-05-07",
    *[a for c in POLICEUK_TYPES for a in ("--category", c)],
    "--from-files",
    str(FENLAND),
    "--comparison",
    "matched",
    "--comparison",
    "synthetic",
]


@pytest.fixture
def page(client, analyst, site):  # noqa: F811
    client.force_login(analyst)
    return client.get(f"/sites/{site.pk}/evaluate/", COMPARE)


def test_the_page_lists_the_matched_areas_the_weights_and_a_recommendation(page):
    assert page.status_code == 200
    comparison = page.context["result"]["comparison"]
    html = unescape(page.content.decode())
    assert 'data-testid="comparison-matched"' in html
    for area in comparison["matched"]["areas"]:
        assert area["area"] in html
    assert (
        comparison["matched"]["areas"][0]["distance"]
        <= comparison["matched"]["areas"][-1]["distance"]
    )
    weights = [w["weight"] for w in comparison["synthetic"]["weights"]]
    assert sum(weights) == pytest.approx(1.0, abs=0.02)
    assert comparison["recommendation"]["text"] in html
    assert f'data-use="{comparison["recommendation"]["use"]}"' in html
    site_lsoas = set(comparison["excluded_areas"])
    assert site_lsoas
    assert not site_lsoas & {a["area"] for a in comparison["matched"]["areas"]}
    labels = [label for label, _ in page.context["comparison_rows"]]
    assert "Placebo-in-space p" in labels
    assert "Relative effect size against the area control" in labels


def test_without_the_choice_the_page_has_no_comparison(client, analyst, site):  # noqa: F811
    client.force_login(analyst)
    page = client.get(f"/sites/{site.pk}/evaluate/", WISBECH)
    assert "comparison" not in page.context["result"]
    assert 'data-testid="comparison-recommendation"' not in page.content.decode()


def test_cli_json_from_the_files_matches_the_page_from_the_store(page):
    shown = page.context["result"]["comparison"]
    result = cli(*CLI_ARGS, "--json")
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)["comparison"]
    assert printed["matched"]["areas"] == shown["matched"]["areas"]
    assert printed["matched"]["res"] == pytest.approx(shown["matched"]["res"])
    weights = [(w["area"], round(w["weight"], 4)) for w in printed["synthetic"]["weights"]]
    assert weights == [(w["area"], round(w["weight"], 4)) for w in shown["synthetic"]["weights"]]
    assert printed["recommendation"] == shown["recommendation"]
    assert printed["area"] is None


def test_cli_table_shows_the_matched_areas_and_the_recommendation(db, analyst):  # noqa: F811
    result = cli(*CLI_ARGS)
    assert result.exit_code == 0, result.output
    assert "Matched comparison areas" in result.output
    assert "Synthetic control weights" in result.output
    assert "Recommended comparison" in result.output


def test_cli_refuses_an_unknown_comparison(db, analyst):  # noqa: F811
    result = cli(*CLI_ARGS, "--comparison", "nearest")
    assert result.exit_code != 0
    assert "matched, synthetic, area" in result.output
