"""Regression to the mean: the months just before the intervention against a recent, unbroken
baseline, with the standard error of the mean and the baseline's overdispersion."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from clearhold.analysis.evaluate import evaluate
from clearhold.analysis.periods import month_index
from clearhold.analysis.rtm import regression_to_mean

from .evaluate_fixtures import ASB, TARGET, TAXONOMY, build, join, monthly

# Issue 18's Bedford shoplifting shape: 16 months averaging 4.4 (SD 3.3), then 21, 14, 23.
BEDFORD_BASELINE = [0, 10, 2, 9, 3, 4, 1, 11, 5, 2, 3, 4, 7, 5, 1, 4]
BEDFORD_RECENT = [21, 14, 23]


def _months(counts, first="2023-01"):
    start = int(month_index(np.datetime64(first, "M")))
    span = np.arange(start, start + len(counts))
    return np.asarray(counts), span


def _expected_z(recent, base):
    """The quasi-Poisson two-mean statistic written out."""
    recent, base = np.asarray(recent, float), np.asarray(base, float)
    phi = max(1.0, base.var(ddof=1) / base.mean())
    pooled = (recent.sum() + base.sum()) / (recent.size + base.size)
    se = math.sqrt(phi * pooled * (1 / recent.size + 1 / base.size))
    return (recent.mean() - base.mean()) / se


def test_bedford_shape_is_a_peak_many_standard_errors_high():
    assert np.mean(BEDFORD_BASELINE) == pytest.approx(4.4, abs=0.05)
    assert np.std(BEDFORD_BASELINE, ddof=1) == pytest.approx(3.3, abs=0.05)
    series, span = _months(BEDFORD_BASELINE + BEDFORD_RECENT)
    result = regression_to_mean(series, span, span, int(span[-1]), baseline=16)
    assert result.recent_months == tuple(span[-3:])
    assert result.baseline_months == tuple(span[:16])
    assert result.z == pytest.approx(_expected_z(BEDFORD_RECENT, BEDFORD_BASELINE))
    assert result.z > 5
    assert result.p_value == pytest.approx(stats.norm.sf(result.z))
    assert result.peak


def test_a_flat_series_is_not_a_peak():
    series, span = _months([5] * 19)
    result = regression_to_mean(series, span, span, int(span[-1]))
    assert result.z == pytest.approx(0.0)
    assert result.p_value == pytest.approx(0.5)
    assert not result.peak


def test_the_baseline_stops_at_a_gap_and_never_reaches_other_years():
    series, span = _months([3] * 30)
    covered = np.delete(span, 20)  # a gap 6 months before the recent months
    result = regression_to_mean(series, span, covered, int(span[-1]))
    assert result.baseline_months == tuple(span[21:27])
    short = regression_to_mean(series, span, np.delete(span, 22), int(span[-1]))
    assert short.z is None
    assert "4 months without a gap" in short.reason
    assert "6 are needed" in short.reason
    missing = regression_to_mean(series, span, np.delete(span, 28), int(span[-1]))
    assert missing.z is None
    assert "do not cover" in missing.reason


def test_overdispersion_widens_the_test():
    # Same recent mean and baseline mean; a baseline that swings from month to month makes the
    # same rise less surprising.
    steady, span = _months([4] * 12 + [9, 9, 9])
    swinging, _ = _months([0, 8] * 6 + [9, 9, 9])
    a = regression_to_mean(steady, span, span, int(span[-1]))
    b = regression_to_mean(swinging, span, span, int(span[-1]))
    assert a.baseline_mean == b.baseline_mean == 4
    assert b.dispersion > 1 == a.dispersion
    assert b.z < a.z


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 30), min_size=15, max_size=15))
def test_z_matches_the_formula_written_out(counts):
    series, span = _months(counts)
    result = regression_to_mean(series, span, span, int(span[-1]))
    if sum(counts) == 0:
        assert result.z == 0
    else:
        assert result.z == pytest.approx(_expected_z(counts[-3:], counts[:12]))


def _evaluate(cells):
    incidents = join(build(cells), build(monthly("control", "2023-01", "2025-12", 100)))
    return evaluate(
        **incidents.kwargs(),
        target=TARGET,
        intervention="2025-01-15",
        categories=[ASB],
        valid_categories=TAXONOMY,
    )


def test_evaluate_warns_on_the_bedford_shape_and_names_the_months():
    months = [str(np.datetime64("2023-06", "M") + i) for i in range(19)]  # to 2024-12
    cells = {
        ("target", m): n for m, n in zip(months, BEDFORD_BASELINE + BEDFORD_RECENT, strict=True)
    }
    cells |= monthly("target", "2025-02", "2025-12", 4)
    result = _evaluate(cells)
    rtm = result.regression_to_mean
    assert rtm.peak
    message = next(w.message for w in result.warnings if w.code == "regression_to_mean")
    assert "(October 2024 to December 2024) averaged 19.3" in message
    assert "12 months before them (October 2023 to September 2024)" in message
    assert result.to_dict()["regression_to_mean"]["recent_months"] == [
        "2024-10",
        "2024-11",
        "2024-12",
    ]


def test_evaluate_does_not_warn_on_a_flat_series():
    result = _evaluate(monthly("target", "2023-01", "2025-12", 5))
    assert not result.regression_to_mean.peak
    codes = {w.code for w in result.warnings}
    assert not codes & {"regression_to_mean", "regression_to_mean_unchecked"}
