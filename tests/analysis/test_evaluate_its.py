"""Interrupted time series: parity with statsmodels' formula API, model choice, refusals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
import statsmodels.formula.api as smf

from clearhold.analysis.its import interrupted_time_series
from clearhold.analysis.periods import month_index

START = month_index("2021-01")
STEP = month_index("2024-01")


def _series(rng, months, expected):
    return months, rng.poisson(expected)


def _frame(months, y):
    return pd.DataFrame(
        {
            "y": y,
            "t": (months - months.min()).astype(float),
            "moy": months % 12,
            "post": (months >= STEP).astype(float),
        }
    )


def test_poisson_step_matches_statsmodels_formula_glm():
    rng = np.random.default_rng(11)
    months = np.arange(START, STEP + 12)
    season = 1 + 0.3 * np.sin(2 * np.pi * (months % 12) / 12)
    expected = 20 * season * np.where(months >= STEP, 0.6, 1.0)
    months, y = _series(rng, months, expected)
    result, reason = interrupted_time_series(months, y, step_month=STEP)
    assert reason is None
    frame = _frame(months, y)
    fit = smf.glm("y ~ t + C(moy) + post", frame, family=sm.families.Poisson()).fit()
    dispersion = fit.pearson_chi2 / fit.df_resid
    assert result.pearson_dispersion == pytest.approx(dispersion)
    assert dispersion <= 1.5
    assert result.model == "Poisson"
    assert result.step_irr == pytest.approx(np.exp(fit.params["post"]), rel=1e-8)
    lo, hi = np.exp(fit.conf_int().loc["post"])
    assert result.step_ci95 == pytest.approx((lo, hi), rel=1e-8)
    assert result.p_value == pytest.approx(fit.pvalues["post"], rel=1e-6)
    assert result.step_ci95[0] < 0.6 < result.step_ci95[1]
    assert (result.months_before, result.months_after) == (36, 12)


def test_overdispersed_series_uses_a_negative_binomial_matching_statsmodels():
    rng = np.random.default_rng(5)
    months = np.arange(START, STEP + 12)
    mu = 30 * np.where(months >= STEP, 0.5, 1.0)
    y = rng.negative_binomial(n=4, p=4 / (4 + mu))  # Var = μ + μ²/4: strongly overdispersed
    result, _ = interrupted_time_series(months, y, step_month=STEP)
    assert result.model.startswith("negative binomial")
    fit = smf.negativebinomial("y ~ t + C(moy) + post", _frame(months, y)).fit(disp=0, maxiter=200)
    assert result.step_irr == pytest.approx(np.exp(fit.params["post"]), rel=1e-4)
    assert result.nb_alpha == pytest.approx(fit.params["alpha"], rel=1e-3)
    lo, hi = np.exp(fit.conf_int().loc["post"])
    assert result.step_ci95 == pytest.approx((lo, hi), rel=1e-4)


def test_gaps_are_absent_rows_not_zeros():
    rng = np.random.default_rng(2)
    months = np.arange(START, STEP + 12)
    y = rng.poisson(15, months.size)
    keep = (months < START + 10) | (months > START + 14)  # five months missing
    result, _ = interrupted_time_series(months[keep], y[keep], step_month=STEP)
    fit = smf.glm(
        "y ~ t + C(moy) + post", _frame(months[keep], y[keep]), family=sm.families.Poisson()
    ).fit()
    assert result.months_before == 31
    assert result.step_irr == pytest.approx(np.exp(fit.params["post"]), rel=1e-8)


def test_refuses_with_fewer_than_24_months_before():
    months = np.arange(STEP - 16, STEP + 7)
    result, reason = interrupted_time_series(months, np.ones(months.size), step_month=STEP)
    assert result is None
    assert "at least 24 months before" in reason
    assert "have 16" in reason


def test_refuses_with_fewer_than_3_months_after():
    months = np.arange(START, STEP + 2)
    result, reason = interrupted_time_series(months, np.ones(months.size), step_month=STEP)
    assert result is None
    assert "at least 3 months after" in reason


def test_refuses_when_nothing_happened_after():
    months = np.arange(START, STEP + 6)
    y = np.where(months < STEP, 3, 0)
    result, reason = interrupted_time_series(months, y, step_month=STEP)
    assert result is None
    assert "none after" in reason
