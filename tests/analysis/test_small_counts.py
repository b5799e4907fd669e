"""The Bayesian small-count reading: exact beta posterior against gamma sampling."""

from __future__ import annotations

import numpy as np
import pytest

from clearhold.analysis.small_counts import small_counts


@pytest.mark.parametrize(("b", "a", "t_b", "t_a"), [(19, 10, 12, 7), (12, 3, 12, 12), (4, 0, 6, 6)])
def test_the_exact_posterior_matches_gamma_sampling(b, a, t_b, t_a):
    rng = np.random.default_rng(18)
    rr = rng.gamma(a + 0.5, 1 / t_a, 400_000) / rng.gamma(b + 0.5, 1 / t_b, 400_000)
    result = small_counts(before=b, after=a, t_before=t_b, t_after=t_a)
    for fall, prob in result.prob_fall_at_least.items():
        assert prob == pytest.approx(np.mean(rr <= 1 - fall / 100), abs=0.003)
    low, high = result.rate_ratio_cri95
    assert np.mean(rr <= low) == pytest.approx(0.025, abs=0.002)
    assert np.mean(rr <= high) == pytest.approx(0.975, abs=0.002)
    assert np.mean(rr <= result.rate_ratio_median) == pytest.approx(0.5, abs=0.003)


def test_wisbech_a_fall_of_a_quarter_is_possible_but_of_three_quarters_is_not():
    result = small_counts(before=19, after=10, t_before=12, t_after=7)
    assert result.prob_fall_at_least[25] == pytest.approx(0.31, abs=0.01)
    assert result.prob_fall_at_least[50] == pytest.approx(0.068, abs=0.002)
    assert result.prob_fall_at_least[75] < 0.002
    assert result.rate_ratio_cri95[0] < 1 < result.rate_ratio_cri95[1]
    assert "Jeffreys" in result.to_dict()["prior"]


def test_a_larger_fall_is_always_less_likely():
    result = small_counts(before=15, after=4, t_before=12, t_after=12)
    probs = [result.prob_fall_at_least[f] for f in (25, 50, 75)]
    assert probs == sorted(probs, reverse=True)
    assert probs[0] > 0.9
