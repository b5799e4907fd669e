"""Controlled interrupted time series: a known step recovered, the unbroken pre-period rule,
the autocorrelation check, and the fit inside evaluate()."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearhold.analysis.cits import controlled_its, unbroken_run

from .evaluate_fixtures import ASB, TARGET, TAXONOMY, Incidents, build, join, month_range, standard

FIRST = int(np.datetime64("2021-01", "M").astype(np.int64))


def _series(pre: int, post: int, step: float, seed: int, ar: float = 0.0):
    """Site and control sharing season and trend; the site steps by ``step`` at the
    intervention. ``ar`` adds an AR(1) log-level shock shared by nothing but the site."""
    rng = np.random.default_rng(seed)
    months = np.arange(FIRST, FIRST + pre + post)
    season = 0.3 * np.sin(2 * np.pi * months / 12)
    base = np.exp(np.log(25) + season + 0.004 * (months - FIRST))
    shock = np.zeros(months.size)
    for i in range(1, months.size):
        shock[i] = ar * shock[i - 1] + rng.normal(0, 0.25 if ar else 0.0)
    target = rng.poisson(base * np.exp(shock) * np.where(months >= FIRST + pre, step, 1.0))
    control = rng.poisson(base * 4)
    return months, target, control, base


def _fit(months, target, control, pre, covered=None, excluded=None):
    return controlled_its(
        months,
        target,
        control,
        covered=months if covered is None else covered,
        step_month=int(months[0]) + pre,
        after=months[pre:],
        excluded_month=excluded,
    )


def test_a_known_step_is_recovered_with_a_band_around_the_counterfactual():
    months, target, control, base = _series(30, 12, step=0.5, seed=3)
    fit, reason = _fit(months, target, control, 30)
    assert reason is None
    assert fit.step_ci95[0] < 0.5 < fit.step_ci95[1]
    assert fit.step_ci95[1] < 1  # a halving over 12 months at 25 a month is clearly detected
    assert fit.p_value < 0.001
    assert fit.months_before == 30
    assert fit.months_after == 12
    assert fit.counterfactual_months[0] == str(np.datetime64(int(months[30]), "M"))
    lows = np.array([lo for lo, _ in fit.counterfactual_ci95])
    highs = np.array([hi for _, hi in fit.counterfactual_ci95])
    expected = np.array(fit.counterfactual)
    assert np.all(lows < expected)
    assert np.all(expected < highs)
    # The counterfactual is what the site would have had without the step: the truth (base)
    # falls inside the band in most months, and the observed months sit well below it.
    inside = (lows <= base[30:]) & (base[30:] <= highs)
    assert inside.mean() >= 0.75
    assert np.mean(target[30:] < lows) >= 0.75


def test_no_step_gives_an_interval_around_one():
    months, target, control, _ = _series(36, 12, step=1.0, seed=11)
    fit, _ = _fit(months, target, control, 36)
    assert fit.step_ci95[0] < 1 < fit.step_ci95[1]


def test_a_gap_breaks_the_pre_period_and_months_before_it_do_not_count():
    # 12 months, a 19-month gap, 12 months: 24 months before the intervention in all, but
    # only the last 12 are an unbroken run.
    months, target, control, _ = _series(43, 12, step=0.5, seed=5)
    covered = np.r_[months[:12], months[31:]]
    fit, reason = _fit(months, target, control, 43, covered=covered)
    assert fit is None
    missing = str(np.datetime64(int(months[30]), "M"))
    assert "24 consecutive months" in reason
    assert "have 12" in reason
    assert missing in reason
    assert "months before a gap are not counted" in reason


def test_the_partial_intervention_month_is_left_out_not_a_break():
    months, target, control, _ = _series(25, 12, step=0.6, seed=7)
    # Intervention part-way through month 24 (index): it is excluded; 24 months run before it.
    covered = np.delete(months, 24)
    fit, reason = _fit(months, target, control, 25, covered=covered, excluded=int(months[24]))
    assert reason is None
    assert fit.months_before == 24


def test_too_few_months_before_says_where_the_data_start():
    months, target, control, _ = _series(16, 7, step=0.5, seed=1)
    fit, reason = _fit(months, target, control, 16)
    assert fit is None
    assert "have 16" in reason
    assert "the data start in 2021-01" in reason


@given(st.sets(st.integers(min_value=0, max_value=60)), st.integers(min_value=0, max_value=60))
def test_the_run_is_every_covered_month_back_to_the_first_gap(covered, last):
    run = unbroken_run(np.array(sorted(covered), dtype=np.int64), last).tolist()
    if last not in covered:
        assert run == []
        return
    assert run == list(range(run[0], last + 1))
    assert set(run) <= covered
    assert run[0] - 1 not in covered


def test_unbroken_run():
    assert unbroken_run(np.array([1, 2, 3, 5, 6, 7]), 7).tolist() == [5, 6, 7]
    assert unbroken_run(np.array([1, 2, 3]), 5).tolist() == []


def test_autocorrelated_residuals_switch_to_newey_west():
    # An AR(1) shock at the site (0.9): Ljung–Box catches most of 20 such series.
    fits = [_fit(*_series(48, 12, 0.7, seed, ar=0.9)[:3], 48)[0] for seed in range(20)]
    caught = [f for f in fits if f.autocorrelated]
    assert len(caught) >= 15
    for f in caught:
        assert f.standard_errors.startswith("Newey–West")
        out = f.to_dict()
        assert out["ljung_box"]["autocorrelated"] is True
        assert min(out["ljung_box"]["p_target"], out["ljung_box"]["p_control"]) < 0.025


def test_clean_poisson_series_rarely_trip_the_check():
    fits = [_fit(*_series(30, 12, 0.5, seed)[:3], 30)[0] for seed in range(20)]
    flagged = sum(f.autocorrelated for f in fits)
    assert flagged <= 4
    clean = next(f for f in fits if not f.autocorrelated)
    assert clean.standard_errors in ("model-based", "model-based, scaled by the dispersion")


def _twin(first: str, last: str, before: int, after: int) -> Incidents:
    cells = {("target", m): (before if m < "2025-01" else after) for m in month_range(first, last)}
    twin = build(cells)
    return Incidents(twin.easting + 1_000, twin.northing, twin.month, twin.category, twin.date)


def test_evaluate_fits_the_site_against_the_same_size_control():
    # Site 10 → 3 a month from 2025-01, a same-size spot 1 km east 10 → 10: 24 months before.
    data = join(standard(), _twin("2023-01", "2025-12", 10, 10))
    r = evaluate_synthetic(data)
    assert r.cits_reason is None
    assert r.cits.step_irr == pytest.approx(0.3, rel=1e-6)
    assert r.cits.control == r.wdd.control
    out = r.to_dict()
    assert out["cits"]["months_before"] == 24
    assert out["cits_reason"] is None
    assert len(out["cits"]["counterfactual"]["expected"]) == 12


def test_evaluate_says_why_not_fitted():
    data = join(standard(first="2024-01"), _twin("2024-01", "2025-12", 10, 10))
    r = evaluate_synthetic(data)
    assert r.cits is None
    assert "have 12" in r.cits_reason
    assert r.to_dict()["cits_reason"] == r.cits_reason


def evaluate_synthetic(data: Incidents):
    from clearhold.analysis.evaluate import evaluate

    return evaluate(
        **data.kwargs(),
        target=TARGET,
        intervention="2025-01-01",
        categories=[ASB],
        valid_categories=TAXONOMY,
    )
