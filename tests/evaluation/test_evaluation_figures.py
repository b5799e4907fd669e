"""One list of figures for the page, the table and the JSON (issue 18 item 8), and the
objective kept apart from the partnership's claim (item 2), on the Wisbech case."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.utils.html import escape

from clearhold.evaluation.figures import (
    AREA_KEYS,
    NOT_ROWS,
    ROW_BUILDERS,
    figure_rows,
)
from clearhold.toolkit.csvstream import spreadsheet_safe
from tests.evaluation.test_evaluation import (  # noqa: F401 (fixtures)
    POLICEUK_TYPES,
    TARGET,
    WISBECH,
    analyst,
    cli,
    site,
)
from tests.incidents.policeuk_files import FENLAND

CLAIMED = {**WISBECH, "claim": "80"}
#: With a fair comparison asked for, every builder (the comparison's too) has rows to give.
COMPARED = {**CLAIMED, "compare": ["matched", "synthetic"]}


def _export(client, user, site):  # noqa: F811
    client.force_login(user)
    return client.get(f"/sites/{site.pk}/evaluate.json", CLAIMED).json()


def test_every_top_level_json_key_is_a_row_on_the_page(client, analyst, site):  # noqa: F811
    client.force_login(analyst)
    output = client.get(f"/sites/{site.pk}/evaluate.json", COMPARED).json()
    html = client.get(f"/sites/{site.pk}/evaluate/", COMPARED).content.decode()
    assert {"wdd", "cits", "cits_reason", "comparison"} <= set(output)
    shown_by_rows = {key for keys, _ in ROW_BUILDERS for key in keys}
    for key in output:
        assert key in shown_by_rows | set(AREA_KEYS) | set(NOT_ROWS), f"{key} is on no row"
    rows = figure_rows(output)
    assert len(rows) >= len(ROW_BUILDERS)
    for label, text in rows:
        assert escape(label) in html, label
        assert escape(text) in html, (label, text)
    for _keys, build in ROW_BUILDERS:
        assert build(output), "every builder gives at least one row"
    assert escape(output["headline"]) in html


def test_the_csv_holds_every_figure_row_of_the_json(client, analyst, site):  # noqa: F811
    client.force_login(analyst)
    output = client.get(f"/sites/{site.pk}/evaluate.json", COMPARED).json()
    table = client.get(f"/sites/{site.pk}/evaluate.csv", COMPARED)
    rows = list(csv.DictReader(io.StringIO(b"".join(table.streaming_content).decode())))
    figures = [(r["label"], r["text"]) for r in rows if r["measure"] == "figure"]
    # Texts a spreadsheet would read as a formula ("+22.9 …") are written quote-first.
    assert figures == [(label, spreadsheet_safe(text)) for label, text in figure_rows(output)]
    assert any(text.startswith("'+") or text.startswith("'-") for _, text in figures)
    labels = {label for label, _ in figures}
    assert {"WDD control", "WDD control areas (offset: before → after)"} <= labels
    assert any(label.startswith("Controlled time series") for label in labels)
    numbers = {r["measure"]: r for r in rows if r["measure"] != "figure"}
    assert float(numbers["wdd"]["estimate"]) == pytest.approx(output["wdd"]["estimate"])
    assert all(r["label"] == "" for r in numbers.values())


def test_the_json_says_what_the_page_says(client, analyst, site):  # noqa: F811
    output = _export(client, analyst, site)
    assert output["res_headline"] == "overdispersed"
    assert "too narrow" in output["res_headline_reason"]
    assert output["res_ci95"] == output["res_ci95_overdispersed"]
    assert output["res_ci95_poisson"][0] > output["res_ci95_overdispersed"][0]
    assert output["dispersion_target"] > 1
    assert 80 <= output["minimum_detectable_reduction_pct"] <= 95
    assert output["total_net_effect"] is not None
    # the WDQ exists but is not read: the RES interval includes 1
    assert output["wdq"] is not None
    assert output["displacement"].startswith("Not read")
    # missing locations counted over the windows used only (Jan-Apr 2024 and May 2025 out)
    assert output["unlocated"] >= 0
    assert output["regression_to_mean"]["recent_months"] == ["2025-02", "2025-03", "2025-04"]
    assert output["small_counts"]["prob_fall_at_least"]["75"] < 0.01


def test_objective_and_claim_are_worded_apart_and_each_compared(client, analyst, site):  # noqa: F811
    output = _export(client, analyst, site)
    objective, claim = output["objective"], output["claim"]
    assert objective["target_reduction_pct"] == 75
    assert objective["reading"].startswith("Objective: a 75% fall within 6 months — not met.")
    assert claim["claimed_reduction_pct"] == 80
    assert claim["reading"].startswith("The partnership claimed an 80% fall")
    assert "a 10% fall at the site over 7 months" in claim["reading"]
    assert claim["inside_interval"] is False
    assert "do not support it" in claim["reading"]
    assert "below the" in claim["reading"]  # 80% is below the detectable reduction
    claimed_80 = [w["message"] for w in output["warnings"] if w["code"] == "underpowered"]
    assert "claimed fall of 80%" in claimed_80[0]
    assert "75" not in claimed_80[0]


def test_the_claim_is_stated_beside_the_objective_at_the_top(client, analyst, site):  # noqa: F811
    client.force_login(analyst)
    html = client.get(f"/sites/{site.pk}/evaluate/", CLAIMED).content.decode()
    assert html.index('data-testid="objective"') < html.index('data-testid="claim"')
    assert html.index('data-testid="claim"') < html.index('data-testid="warnings"')
    assert "Claim not supported by the data" in html
    assert (
        'data-testid="claim"'
        not in client.get(f"/sites/{site.pk}/evaluate/", WISBECH).content.decode()
    )


def test_without_a_claim_the_objective_is_not_called_one(client, analyst, site):  # noqa: F811
    client.force_login(analyst)
    output = client.get(f"/sites/{site.pk}/evaluate.json", WISBECH).json()
    assert output["claim"] is None
    assert not any("claimed" in w["message"] for w in output["warnings"])


def test_the_cli_table_prints_the_same_rows_and_takes_a_claim(client, analyst, site):  # noqa: F811
    output = _export(client, analyst, site)
    args = [
        "--target",
        str(TARGET),
        "--intervention",
        "2025-05-07",
        "--target-reduction",
        "75",
        "--within-months",
        "6",
        "--claim",
        "80",
        *[a for c in POLICEUK_TYPES for a in ("--category", c)],
        "--from-files",
        str(FENLAND),
    ]
    as_json = cli(*args, "--json")
    assert as_json.exit_code == 0, as_json.output
    figures = json.loads(as_json.stdout)
    assert figures["claim"] == output["claim"]
    assert figures["objective"]["reading"] == output["objective"]["reading"]
    table = cli(*args)
    assert table.exit_code == 0, table.output
    flat = " ".join(table.stdout.split())
    for label, _text in figure_rows(figures):
        assert " ".join(label.split()[:3]) in flat, label
    assert "The partnership's claim" in flat
    assert "Objective: a 75% fall within 6 months" in flat
