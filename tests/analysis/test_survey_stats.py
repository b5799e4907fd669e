"""The survey statistics against statsmodels and published values."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    proportions_ztest,
)

from clearhold.analysis.survey import (
    EXACT_BELOW,
    MET,
    MIN_ANSWERS,
    MIN_BREAKDOWN,
    NOT_MET,
    NOT_YET_MEASURABLE,
    OFF_TRACK,
    ON_TRACK,
    change_independent,
    change_paired,
    objective_reading,
    response_rate,
    wilson,
)

counts = st.integers(min_value=1, max_value=400).flatmap(
    lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))
)


@given(counts)
def test_wilson_matches_statsmodels(case):
    yes, n = case
    low, high = proportion_confint(yes, n, alpha=0.05, method="wilson")
    share = wilson(yes, n)
    assert share.share == pytest.approx(yes / n)
    assert share.low == pytest.approx(low, abs=1e-12)
    assert share.high == pytest.approx(high, abs=1e-12)


def test_wilson_with_no_answers_is_the_whole_range_and_refuses_impossible_counts():
    share = wilson(0, 0)
    assert math.isnan(share.share)
    assert (share.low, share.high) == (0.0, 1.0)
    with pytest.raises(ValueError, match="yes ≤ n"):
        wilson(5, 4)


@given(counts, counts)
def test_independent_change_matches_statsmodels(before, after):
    change = change_independent(*before, *after)
    low, high = confint_proportions_2indep(
        after[0], after[1], before[0], before[1], method="newcomb", compare="diff"
    )
    assert change.difference == pytest.approx(after[0] / after[1] - before[0] / before[1])
    assert change.low == pytest.approx(low, abs=1e-9)
    assert change.high == pytest.approx(high, abs=1e-9)
    pooled = (before[0] + after[0]) / (before[1] + after[1])
    if 0 < pooled < 1:
        _z, p = proportions_ztest([after[0], before[0]], [after[1], before[1]])
        assert change.p_value == pytest.approx(p, rel=1e-9, abs=1e-15)
    else:
        assert change.p_value == 1.0
    assert not change.paired


def test_the_issues_example_reads_as_published():
    """34% → 61%, +27 points, 95% CI +12 to +41 (68 and 100 answers)."""
    change = change_independent(23, 68, 61, 100)
    assert round(100 * change.before.share) == 34
    assert round(100 * change.after.share) == 61
    assert (round(change.points), round(100 * change.low), round(100 * change.high)) == (27, 12, 41)
    assert change.p_value < 0.001


def test_paired_interval_matches_the_published_example():
    """Cavo et al. (2012) in Fagerland, Lydersen & Laake (2017) ch. 8: the table
    [[59, 6], [16, 80]] gives −0.0621 (95% CI −0.1186 to −0.0046) by Newcombe's square-and-add
    interval, and the McNemar asymptotic test without correction z = −2.132."""
    change = change_paired(both=59, before_only=16, after_only=6, neither=80)
    assert change.difference == pytest.approx(-0.0621, abs=5e-5)
    assert change.low == pytest.approx(-0.1186, abs=5e-5)
    assert change.high == pytest.approx(-0.0046, abs=5e-5)
    assert change.paired
    assert change.pairs == 161
    # 22 discordant pairs: below EXACT_BELOW, so exact (the book's exact conditional: 0.052479)
    assert change.p_value == pytest.approx(0.052479, abs=5e-7)


tables = st.tuples(*(st.integers(min_value=0, max_value=60) for _ in range(4))).filter(
    lambda t: sum(t) > 0
)


@given(tables)
def test_paired_test_matches_statsmodels_mcnemar(table):
    both, before_only, after_only, neither = table
    change = change_paired(both, before_only, after_only, neither)
    discordant = before_only + after_only
    if discordant == 0:
        assert change.p_value == 1.0
        return
    exact = discordant < EXACT_BELOW
    expected = mcnemar(
        [[both, before_only], [after_only, neither]], exact=exact, correction=True
    ).pvalue
    assert change.p_value == pytest.approx(min(1.0, expected), rel=1e-9)
    assert change.low <= change.difference <= change.high


@given(tables)
def test_paired_interval_is_narrower_than_ignoring_the_pairing_when_answers_agree(table):
    both, before_only, after_only, neither = table
    n = sum(table)
    paired = change_paired(both, before_only, after_only, neither)
    independent = change_independent(both + before_only, n, both + after_only, n)
    if both * neither - before_only * after_only > n / 2:  # positively correlated answers
        assert paired.high - paired.low <= independent.high - independent.low + 1e-12
    elif both * neither - before_only * after_only >= 0:  # ψ = 0: the same as independent
        assert paired.low == pytest.approx(independent.low)
        assert paired.high == pytest.approx(independent.high)


def test_response_rate_warnings_name_their_thresholds():
    few = response_rate(48, MIN_BREAKDOWN - 1)
    assert not few.breakdown_shown
    assert any(f"Fewer than {MIN_BREAKDOWN}" in w for w in few.warnings)
    small = response_rate(48, 12)
    assert small.breakdown_shown
    assert small.rate == pytest.approx(0.25)
    assert any(f"fewer than {MIN_ANSWERS}" in w for w in small.warnings)
    low_rate = response_rate(400, 60)
    assert any("15%" in w and "below 20%" in w for w in low_rate.warnings)
    good = response_rate(48, 44)
    assert good.warnings == ()
    assert response_rate(0, 0).rate is None
    assert any("open link" in w for w in response_rate(48, 44, open_link_answers=3).warnings)


def test_objective_reading():
    base, later = wilson(15, 44), wilson(27, 44)
    due = objective_reading(
        target=0.7, latest=later, baseline=base, higher_is_better=True, due=True
    )
    assert due.status == NOT_MET
    assert "61%" in due.reason
    assert "70%" in due.reason
    assert "interval includes the target" in due.reason
    assert (
        objective_reading(
            target=0.6, latest=later, baseline=base, higher_is_better=True, due=True
        ).status
        == MET
    )
    early = objective_reading(
        target=0.7, latest=later, baseline=base, higher_is_better=True, due=False
    )
    assert early.status == ON_TRACK
    worse = objective_reading(
        target=0.7, latest=base, baseline=later, higher_is_better=True, due=False
    )
    assert worse.status == OFF_TRACK
    # Lower is better ("a big problem"): 34% against a 40% ceiling is met.
    assert (
        objective_reading(
            target=0.4, latest=base, baseline=later, higher_is_better=False, due=True
        ).status
        == MET
    )
    assert (
        objective_reading(
            target=0.7, latest=wilson(2, 3), baseline=base, higher_is_better=True, due=True
        ).status
        == NOT_YET_MEASURABLE
    )
