"""The Bedford town-centre shoplifting case (docs/evaluation-bedford.md): the headline figures
the document states, recomputed from the shipped police.uk files with pandas, pyproj, shapely
and scipy, beside what ``evaluate()`` gives.

A regression-to-the-mean case: shoplifting within 300 m of the town centre peaked in March to
June 2023, right before the response of 1 July 2023, and fell back after it.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely
from scipy import stats
from shapely import affinity

import clearhold

from .evaluate_wisbech import load_geojson_target
from .policeuk_case import evaluated, located, monthly, window

BEDFORD_DIR = Path(clearhold.__file__).parent / "data" / "policeuk" / "bedford"
GEOJSON = Path(__file__).resolve().parents[2] / "docs" / "bedford-target.geojson"
CENTRE = (504_950.0, 249_700.0)
BEFORE = [f"2022-{m:02d}" for m in range(7, 13)] + [f"2023-{m:02d}" for m in range(1, 7)]
AFTER = [f"2023-{m:02d}" for m in range(7, 13)] + [f"2024-{m:02d}" for m in range(1, 5)]
BUFFER_M = 250.0

pytestmark = pytest.mark.skipif(
    not sorted(BEDFORD_DIR.glob("*.csv.gz")), reason="the shipped Bedford files are absent"
)


@pytest.fixture(scope="module")
def target() -> shapely.Polygon:
    return load_geojson_target(GEOJSON)


@pytest.fixture(scope="module")
def shoplifting() -> pd.DataFrame:
    """Every located shoplifting row, in BNG metres, read with pandas."""
    return located(BEDFORD_DIR, "Shoplifting")


@pytest.fixture(scope="module")
def site(shoplifting, target) -> pd.Series:
    return monthly(shoplifting, target)


@pytest.fixture(scope="module")
def result(target):
    return evaluated(
        BEDFORD_DIR,
        target,
        intervention="2023-07-01",
        categories=["Shoplifting"],
        buffer_m=BUFFER_M,
    )


def test_the_target_is_a_300_m_circle_round_the_town_centre(target):
    props = json.loads(GEOJSON.read_text())["features"][0]["properties"]
    assert props["centre_bng"] == list(CENTRE)
    assert props["radius_m"] == 300
    assert target.area == pytest.approx(math.pi * 300**2, rel=0.01)
    assert target.area == pytest.approx(props["area_m2"], rel=0.001)
    assert target.centroid.distance(shapely.Point(CENTRE)) < 1.0


def test_the_monthly_counts_the_document_tabulates(site):
    assert site.reindex(["2023-03", "2023-04", "2023-05", "2023-06"]).tolist() == [34, 29, 34, 29]
    years = site.reindex([m for m in site.index if m < "2023-01"])
    assert (years.min(), years.max()) == (7, 24)
    in_2022 = site.reindex([f"2022-{m:02d}" for m in range(1, 13)], fill_value=0)
    assert round(in_2022.mean(), 1) == 16.5
    assert site.reindex(["2022-09", "2022-10", "2022-11", "2022-12"]).tolist() == [17, 16, 19, 19]
    assert (window(site, BEFORE), window(site, AFTER)) == (279, 186)


def test_before_and_after_with_its_exact_interval(site, result):
    before, after = window(site, BEFORE), window(site, AFTER)
    assert (result.target.before, result.target.after) == (before, after)
    rate_ratio = (after / 10) / (before / 12)
    assert round(rate_ratio, 2) == 0.80
    # Exact interval: the after share of all incidents is binomial given the total.
    test = stats.binomtest(after, before + after, 10 / 22)
    low, high = test.proportion_ci(0.95, method="exact")
    low, high = (p / (1 - p) * 12 / 10 for p in (low, high))
    assert (round(low, 2), round(high, 2)) == (0.66, 0.97)
    assert round(test.pvalue, 3) == 0.020
    assert result.target.rate_ratio.ci95 == pytest.approx((low, high), rel=1e-6)


def test_the_peak_before_the_response_is_found(site, result):
    recent = site.reindex(["2023-04", "2023-05", "2023-06"]).mean()
    base = site.reindex([f"2022-{m:02d}" for m in range(4, 13)] + ["2023-01", "2023-02", "2023-03"])
    assert (round(recent, 2), round(base.mean(), 2)) == (30.67, 18.75)
    rtm = result.regression_to_mean
    assert rtm.peak
    assert (rtm.recent_mean, rtm.baseline_mean) == pytest.approx((recent, base.mean()))
    assert (round(rtm.z, 2), round(rtm.p_value, 3)) == (2.51, 0.006)
    assert "regression_to_mean" in [w.code for w in result.warnings]
    # The after months sit at the baseline's level.
    assert round(window(site, AFTER) / 10, 1) == 18.6


def test_wdd_against_five_same_size_areas_recounted(shoplifting, site, target, result):
    w = result.wdd
    assert len(w.positions) == 5
    counted = []
    for place in w.positions:
        moved = affinity.translate(target, *place["offset_m"])
        ring = moved.buffer(BUFFER_M).difference(moved)
        inside, around = monthly(shoplifting, moved), monthly(shoplifting, ring)
        counted.append([window(s, m) for s in (inside, around) for m in (BEFORE, AFTER)])
        assert counted[-1] == [
            place[k] for k in ("before", "after", "buffer_before", "buffer_after")
        ]
    assert sorted(c[0] for c in counted) == [30, 38, 49, 59, 83]
    cb, ca, cbb, cba = np.mean(counted, axis=0)
    around = monthly(shoplifting, target.buffer(BUFFER_M).difference(target))
    tb, ta = window(site, BEFORE), window(site, AFTER)
    bb, ba = window(around, BEFORE), window(around, AFTER)
    k = 10 / 12
    total = (ta - tb * k) - (ca - cb * k) + (ba - bb * k) - (cba - cbb * k)
    se = math.sqrt(ta + ba + (tb + bb) * k**2 + (ca + cba + (cb + cbb) * k**2) / 5)
    assert round(total, 1) == -32.7
    assert (round(total - 1.96 * se, 1), round(total + 1.96 * se, 1)) == (-76.9, 11.4)
    assert w.test.total == pytest.approx(total)
    assert w.test.se == pytest.approx(se)


def test_the_controlled_time_series_fits_and_its_band_keeps_climbing(site, result):
    fit = result.cits
    assert fit is not None
    assert fit.months_before == 26
    assert fit.pre_months == ("2021-05", "2023-06")
    assert (round(fit.step_irr, 2), *(round(v, 2) for v in fit.step_ci95)) == (0.44, 0.24, 0.80)
    assert round(fit.p_value, 3) == 0.007
    expected = dict(zip(fit.counterfactual_months, fit.counterfactual, strict=True))
    assert (round(expected["2023-07"], 1), round(expected["2024-04"], 1)) == (33.0, 58.5)
    lows = [low for low, _ in fit.counterfactual_ci95]
    observed = site.reindex(list(fit.counterfactual_months), fill_value=0).to_numpy()
    assert int(np.sum(observed < np.array(lows))) == 8
    assert round(result.its.step_irr, 2) == 0.48
