"""The Wisbech open-space closure on the committed police.uk Fenland data.

Every figure the library reports is recomputed here by a separate route: counts with a shapely
``covers``/``distance`` test per incident, statistics with scipy and the formulas written out.
The write-up is ``docs/evaluation-wisbech.md``.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
import shapely
from scipy import stats

from clearhold.analysis.evaluate import evaluate, objective_check
from clearhold.analysis.res import Z95

from .evaluate_wisbech import (
    AFTER,
    BEFORE,
    BUFFER_M,
    CATEGORIES,
    FENLAND_DIR,
    INTERVENTION,
    POLICEUK_CRIME_TYPES,
    fenland_paths,
    load_geojson_target,
    read_rows,
    target_polygon,
)

pytestmark = pytest.mark.skipif(
    not fenland_paths(), reason=f"the committed Fenland police.uk files are absent: {FENLAND_DIR}"
)


@pytest.fixture(scope="module")
def rows():
    return read_rows(FENLAND_DIR)


@pytest.fixture(scope="module")
def target():
    return load_geojson_target()


@pytest.fixture(scope="module")
def data_months(rows):
    months = sorted(re.match(r"(\d{4}-\d{2})-", name).group(1) for name in rows.files)
    assert months == [f"{y}-{m:02d}" for y in (2024, 2025) for m in range(1, 13)]
    return months


@pytest.fixture(scope="module")
def result(rows, target, data_months):
    return evaluate(
        easting=rows.easting,
        northing=rows.northing,
        month=rows.month.astype("datetime64[M]"),
        category=rows.crime_type,
        target=target,
        intervention=INTERVENTION,
        categories=list(CATEGORIES),
        valid_categories=POLICEUK_CRIME_TYPES,
        buffer_m=BUFFER_M,
        data_months=data_months,
        claimed_reduction_pct=80,
    )


@pytest.fixture(scope="module")
def independent(rows, target):
    """Per-incident area and window, one shapely call per incident."""
    pick = np.isin(rows.crime_type, CATEGORIES) & np.isfinite(rows.easting)
    area = []
    for x, y in zip(rows.easting[pick], rows.northing[pick], strict=True):
        point = shapely.Point(x, y)
        if target.covers(point):
            area.append("target")
        elif target.distance(point) <= BUFFER_M:
            area.append("buffer")
        else:
            area.append("control")
    area = np.array(area)
    month = rows.month[pick]
    counts = {
        name: (
            int(np.sum((area == name) & np.isin(month, BEFORE))),
            int(np.sum((area == name) & np.isin(month, AFTER))),
        )
        for name in ("target", "buffer", "control")
    }
    monthly = {
        name: {m: int(np.sum((area == name) & (month == m))) for m in BEFORE + AFTER}
        for name in ("target", "control")
    }
    return counts, monthly


def test_committed_polygon_is_the_documented_construction(rows, target):
    rebuilt = target_polygon(rows)
    assert shapely.hausdorff_distance(rebuilt, target) < 0.5  # metres
    inside = shapely.intersects_xy(target, rows.easting, rows.northing)
    assert set(rows.location[inside]) == {
        "On or near West Street",
        "On or near Onyx Court",
        "On or near John Thompson Road",
        "On or near Parking Area",
        "On or near Howletts Hill",
    }


def test_counts_match_an_independent_point_by_point_count(result, independent):
    counts, _ = independent
    for name in ("target", "buffer", "control"):
        summary = getattr(result, name)
        assert (summary.before, summary.after) == counts[name], name
    assert result.months_before == 12
    assert result.months_after == 7
    assert result.to_dict()["months_after"] == 7


def test_rate_ratios_match_scipy(result, independent):
    counts, _ = independent
    for name in ("target", "buffer", "control"):
        b, a = counts[name]
        test = stats.binomtest(a, a + b, 7 / 19)
        lo, hi = test.proportion_ci(method="exact")
        out = result.to_dict()[name]
        assert out["rate_ratio"] == pytest.approx((a / 7) / (b / 12))
        assert out["change_pct"] == pytest.approx(100 * ((a / 7) / (b / 12) - 1))
        assert out["p_value"] == pytest.approx(test.pvalue)
        assert out["rate_ratio_ci95"] == pytest.approx(
            [lo / (1 - lo) * 12 / 7, hi / (1 - hi) * 12 / 7]
        )


def test_relative_effect_size_and_wdq_match_the_formulas(result, independent):
    counts, monthly = independent
    (tb, ta), (bb, ba), (cb, ca) = counts["target"], counts["buffer"], counts["control"]
    res = (tb * ca) / (ta * cb)
    assert result.res.res == pytest.approx(res)
    var = 1 / tb + 1 / ta + 1 / cb + 1 / ca
    assert result.res.ci95_poisson == pytest.approx(
        (res * math.exp(-Z95 * math.sqrt(var)), res * math.exp(Z95 * math.sqrt(var)))
    )

    def phi(series):
        chi2 = 0.0
        for window in (BEFORE, AFTER):
            y = np.array([series[m] for m in window], dtype=float)
            chi2 += np.sum((y - y.mean()) ** 2) / y.mean()
        return chi2 / (len(BEFORE) + len(AFTER) - 2)

    phi_t, phi_c = phi(monthly["target"]), phi(monthly["control"])
    var_adj = max(phi_t, 1) * (1 / tb + 1 / ta) + max(phi_c, 1) * (1 / cb + 1 / ca)
    adjusted = (res * math.exp(-Z95 * math.sqrt(var_adj)), res * math.exp(Z95 * math.sqrt(var_adj)))
    assert result.res.ci95_overdispersed == pytest.approx(adjusted)
    headline = adjusted if max(phi_t, phi_c) > 1 else result.res.ci95_poisson
    assert result.to_dict()["res_ci95"] == pytest.approx(list(headline))

    success = ta / ca - tb / cb
    if success < 0:
        assert result.wdq.wdq == pytest.approx((ba / ca - bb / cb) / success)
    else:
        assert result.wdq.wdq is None


def test_what_the_data_cannot_support_is_said(result):
    codes = {w.code for w in result.warnings}
    assert {
        "partial_month_excluded",
        "after_window_short",
        "its_not_fitted",
    } <= codes
    assert result.its is None
    assert "have 16" in result.its_reason


def test_the_months_before_the_order_were_low_not_a_peak(result, independent):
    _, monthly = independent
    rtm = result.regression_to_mean
    assert rtm.to_dict()["recent_months"] == ["2025-02", "2025-03", "2025-04"]
    baseline = ["2024-02", "2024-03", "2024-04", *BEFORE[:9]]  # Feb 2024 to Jan 2025, unbroken
    assert rtm.to_dict()["baseline_months"] == baseline
    recent = [monthly["target"][m] for m in ("2025-02", "2025-03", "2025-04")]
    assert rtm.recent_mean == pytest.approx(np.mean(recent))
    assert rtm.z < 0
    assert not rtm.peak
    assert not {"regression_to_mean", "regression_to_mean_unchecked"} & {
        w.code for w in result.warnings
    }


def test_objective_75_percent_in_6_months(result, independent):
    _, monthly = independent
    baseline = sum(monthly["target"][m] for m in BEFORE) / 12
    after = sum(monthly["target"][m] for m in AFTER[:6]) / 6
    expected = "met" if after <= baseline * 0.25 else "not met"
    check = objective_check(result, target_reduction_pct=75, within_months=6)
    assert check.status == expected
    assert check.baseline_per_month == pytest.approx(baseline)
    assert check.after_per_month == pytest.approx(after)
