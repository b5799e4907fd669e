"""The evaluation's statistics: parity with scipy/statsmodels, worked examples, properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats import rates as sm_rates
from statsmodels.stats.proportion import proportion_confint

from clearhold.analysis.displacement import (
    total_net_effect,
    wdq_reading,
    weighted_displacement_difference,
    weighted_displacement_quotient,
)
from clearhold.analysis.rates import (
    change_pct,
    clopper_pearson,
    rate_ratio,
)
from clearhold.analysis.res import Z95, monthly_dispersion, relative_effect_size

counts = st.integers(min_value=1, max_value=3000)
months = st.integers(min_value=1, max_value=36)


# --- rate ratio: parity ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("b", "a", "n_before", "n_after"),
    [(19, 10, 12, 7), (40, 10, 12, 12), (3, 0, 12, 12), (1, 5, 12, 3), (2000, 1900, 12, 12)],
)
def test_rate_ratio_matches_scipy_and_statsmodels(b, a, n_before, n_after):
    r = rate_ratio(before=b, after=a, t_before=n_before, t_after=n_after)
    p0 = n_after / (n_before + n_after)
    reference = stats.binomtest(a, a + b, p0)
    assert r.p_value == pytest.approx(reference.pvalue, rel=1e-12)
    assert r.p_value == pytest.approx(
        sm_rates.test_poisson_2indep(a, n_after, b, n_before, method="exact-cond").pvalue, rel=1e-12
    )
    p_lo, p_hi = reference.proportion_ci(confidence_level=0.95, method="exact")
    scale = n_before / n_after
    assert r.ci95[0] == pytest.approx(p_lo / (1 - p_lo) * scale, rel=1e-9, abs=1e-15)
    assert r.ci95[1] == pytest.approx(p_hi / (1 - p_hi) * scale, rel=1e-9)
    assert r.estimate == pytest.approx((a / n_after) / (b / n_before))


@settings(max_examples=200, deadline=None)
@given(k=st.integers(0, 500), extra=st.integers(0, 500))
def test_clopper_pearson_matches_scipy_and_statsmodels(k, extra):
    n = k + extra
    if n == 0:
        return
    lo, hi = clopper_pearson(k, n)
    ref = stats.binomtest(k, n).proportion_ci(method="exact")
    # scipy finds the bounds by a root search (relative tolerance ~1e-9); statsmodels and
    # ClearHold invert the beta distribution directly.
    assert lo == pytest.approx(ref.low, rel=1e-8, abs=1e-14)
    assert hi == pytest.approx(ref.high, rel=1e-8, abs=1e-14)
    sm_lo, sm_hi = proportion_confint(k, n, alpha=0.05, method="beta")
    assert lo == pytest.approx(sm_lo, rel=1e-12, abs=1e-15)
    assert hi == pytest.approx(sm_hi, rel=1e-12, abs=1e-15)


def test_rate_ratio_worked_example():
    # 40 incidents in 12 months before, 10 in 12 after: RR = (10/12)/(40/12) = 0.25.
    r = rate_ratio(before=40, after=10, t_before=12, t_after=12)
    assert r.estimate == 0.25
    assert r.ci95[0] < 0.25 < r.ci95[1] < 1
    assert r.p_value < 0.001
    assert change_pct(40, 10) == -75.0


def test_zero_before_count_gives_none_with_reason():
    r = rate_ratio(before=0, after=4, t_before=12, t_after=12)
    assert r.estimate is None
    assert r.ci95 is None
    assert r.p_value is None
    assert "no incidents before" in r.reason
    assert change_pct(0, 4) is None


def test_zero_after_count_gives_zero_ratio_and_interval_from_zero():
    r = rate_ratio(before=12, after=0, t_before=12, t_after=12)
    assert r.estimate == 0.0
    assert r.ci95[0] == 0.0
    # pU = 1 - 0.025**(1/12) for k = 0, n = 12.
    p_hi = 1 - 0.025 ** (1 / 12)
    assert r.ci95[1] == pytest.approx(p_hi / (1 - p_hi))


# --- rate ratio: properties ------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(b=counts, a=counts, n_before=months, n_after=months)
def test_swapping_before_and_after_inverts_the_ratio_and_its_interval(b, a, n_before, n_after):
    forward = rate_ratio(before=b, after=a, t_before=n_before, t_after=n_after)
    back = rate_ratio(before=a, after=b, t_before=n_after, t_after=n_before)
    assert back.estimate == pytest.approx(1 / forward.estimate, rel=1e-12)
    assert back.ci95[0] == pytest.approx(1 / forward.ci95[1], rel=1e-7)
    assert back.ci95[1] == pytest.approx(1 / forward.ci95[0], rel=1e-7)
    assert back.p_value == pytest.approx(forward.p_value, rel=1e-7, abs=1e-300)


@settings(max_examples=200, deadline=None)
@given(b=st.integers(1, 300), a=st.integers(1, 300), k=st.integers(2, 10))
def test_scaling_all_counts_narrows_the_interval(b, a, k):
    small = rate_ratio(before=b, after=a, t_before=12, t_after=12)
    large = rate_ratio(before=k * b, after=k * a, t_before=12, t_after=12)
    assert large.estimate == pytest.approx(small.estimate)
    width = math.log(small.ci95[1] / small.ci95[0])
    assert math.log(large.ci95[1] / large.ci95[0]) < width


# --- relative effect size --------------------------------------------------------------------


def test_res_worked_example():
    # Tb=40, Ta=10, Cb=1000, Ca=1000: RES = (40·1000)/(10·1000) = 4;
    # var(ln RES) = 1/40 + 1/10 + 1/1000 + 1/1000 = 0.127.
    r = relative_effect_size(tb=40, ta=10, cb=1000, ca=1000)
    assert r.res == 4.0
    half = 1.959963984540054 * math.sqrt(0.127)
    assert r.ci95_poisson == pytest.approx((4 * math.exp(-half), 4 * math.exp(half)))
    assert r.ci95 == r.ci95_poisson
    assert r.headline == "poisson"
    assert "too short" in r.headline_reason


def test_res_overdispersion_adjusted_interval_worked_example():
    # phi_T = 2, phi_C = 3: var = 2·(1/40 + 1/10) + 3·(1/1000 + 1/1000) = 0.256.
    r = relative_effect_size(tb=40, ta=10, cb=1000, ca=1000, phi_target=2.0, phi_control=3.0)
    half = Z95 * math.sqrt(0.256)
    assert r.ci95_overdispersed == pytest.approx((4 * math.exp(-half), 4 * math.exp(half)))
    assert r.headline == "overdispersed"
    assert r.ci95 == r.ci95_overdispersed
    assert "too narrow" in r.headline_reason


def test_res_underdispersion_never_narrows_the_interval():
    r = relative_effect_size(tb=40, ta=10, cb=1000, ca=1000, phi_target=0.4, phi_control=0.7)
    assert r.ci95_overdispersed == pytest.approx(r.ci95_poisson)
    assert r.headline == "poisson"


@settings(max_examples=200, deadline=None)
@given(b=counts, a=counts)
def test_res_of_identical_target_and_control_is_one(b, a):
    r = relative_effect_size(tb=b, ta=a, cb=b, ca=a)
    assert r.res == pytest.approx(1.0)
    assert r.ci95[0] < 1 < r.ci95[1]


@settings(max_examples=200, deadline=None)
@given(tb=counts, ta=counts, cb=counts, ca=counts, k=st.integers(2, 10))
def test_res_swaps_and_scales(tb, ta, cb, ca, k):
    r = relative_effect_size(tb=tb, ta=ta, cb=cb, ca=ca)
    swapped = relative_effect_size(tb=cb, ta=ca, cb=tb, ca=ta)
    assert swapped.res == pytest.approx(1 / r.res)
    scaled = relative_effect_size(tb=k * tb, ta=k * ta, cb=k * cb, ca=k * ca)
    assert scaled.res == pytest.approx(r.res)
    assert scaled.ci95[1] / scaled.ci95[0] < r.ci95[1] / r.ci95[0]


def test_res_zero_before_is_undefined_and_zero_after_is_corrected():
    assert relative_effect_size(tb=0, ta=3, cb=100, ca=90).res is None
    assert "target before" in relative_effect_size(tb=0, ta=3, cb=100, ca=90).reason
    r = relative_effect_size(tb=10, ta=0, cb=100, ca=90)
    assert r.corrected
    assert r.res == pytest.approx((10.5 * 90.5) / (0.5 * 100.5))


def test_monthly_dispersion_worked_example():
    # Before [2, 4, 6]: mean 4, Σ(y − 4)²/4 = 8/4 = 2; after [1, 1]: 0; df = 5 − 2 = 3.
    d = monthly_dispersion([2, 4, 6], [1, 1])
    assert d.phi == pytest.approx(2 / 3)
    assert d.df == 3


def test_monthly_dispersion_matches_a_statsmodels_poisson_glm():
    import statsmodels.api as sm

    rng = np.random.default_rng(4)
    before, after = rng.negative_binomial(3, 0.2, 12), rng.negative_binomial(3, 0.3, 7)
    y = np.r_[before, after]
    x = np.column_stack([np.ones(19), np.r_[np.zeros(12), np.ones(7)]])
    fit = sm.GLM(y, x, family=sm.families.Poisson()).fit()
    assert monthly_dispersion(before, after).phi == pytest.approx(
        fit.pearson_chi2 / fit.df_resid, rel=1e-9
    )


def test_monthly_dispersion_needs_three_months():
    assert monthly_dispersion([3], [2]).phi is None


# --- displacement ----------------------------------------------------------------------------


def test_wdq_worked_example():
    # (Ba/Ca − Bb/Cb)/(Ta/Ca − Tb/Cb) = (70/1000 − 80/1000)/(50/1000 − 100/1000) = 0.2.
    w = weighted_displacement_quotient(tb=100, ta=50, bb=80, ba=70, cb=1000, ca=1000)
    assert w.wdq == pytest.approx(0.2)
    assert w.success_measure == pytest.approx(-0.05)
    assert "some diffusion" in w.reading


def test_wdq_displacement_example():
    # Buffer rises 80 → 130 while the target halves: (0.13 − 0.08)/(0.05 − 0.10) = −1.
    w = weighted_displacement_quotient(tb=100, ta=50, bb=80, ba=130, cb=1000, ca=1000)
    assert w.wdq == pytest.approx(-1.0)
    assert "displacement smaller" in w.reading


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (1.5, "larger than the direct effect (WDQ > 1)"),
        (1.0, "some diffusion"),
        (0.0, "no effect"),
        (-0.5, "displacement smaller"),
        (-1.0, "displacement smaller"),
        (-1.2, "net harm"),
    ],
)
def test_wdq_readings(value, words):
    assert words in wdq_reading(value)


def test_wdq_not_read_when_the_target_did_not_improve():
    w = weighted_displacement_quotient(tb=50, ta=60, bb=80, ba=70, cb=1000, ca=1000)
    assert w.wdq is None
    assert w.reading.startswith("not read: the target did not improve")
    assert weighted_displacement_quotient(tb=5, ta=1, bb=8, ba=7, cb=0, ca=10).wdq is None


def test_wdd_matches_the_published_check_values():
    # Wheeler & Ratcliffe (2018), values from the authors' R package tests (analytics.md).
    w = weighted_displacement_difference(
        tb=207, ta=110, cb=308, ca=318, bb=178, ba=157, cbb=150, cba=140
    )
    assert (w.local, w.displacement, w.total) == (-107, -11, -118)
    assert w.se == pytest.approx(math.sqrt(1568))
    assert w.z == pytest.approx(-2.98, abs=0.005)
    assert w.ci95[0] == pytest.approx(-196, abs=0.5)
    assert w.ci95[1] == pytest.approx(-40, abs=0.5)
    simple = weighted_displacement_difference(tb=20, ta=10, cb=20, ca=20, cbb=0, cba=0)
    assert simple.total == -10
    assert simple.se == pytest.approx(math.sqrt(70))


def test_total_net_effect_worked_example():
    # Control 1000 → 900 (k = 0.9): target expected 90, saw 50; buffer expected 72, saw 70.
    assert total_net_effect(tb=100, ta=50, bb=80, ba=70, cb=1000, ca=900) == pytest.approx(42)
    assert total_net_effect(tb=1, ta=1, bb=1, ba=1, cb=0, ca=9) is None
