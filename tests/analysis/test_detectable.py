"""The minimum detectable reduction with both counts random and the measured dispersion."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from clearhold.analysis.detectable import detection_power, minimum_detectable_reduction


def _simulated_power(b, t_b, t_a, r, phi, draws=40_000, seed=7):
    """Power by simulation: gamma-Poisson draws of both counts, the quasi-Poisson test."""
    rng = np.random.default_rng(seed)
    mu_b, mu_a = b, (1 - r) * b * t_a / t_b

    def draw(mu):
        if phi == 1:
            return rng.poisson(mu, draws)
        shape = mu / (phi - 1)
        return rng.poisson(rng.gamma(shape, mu / shape, draws))

    before, after = draw(mu_b), draw(mu_a)
    n = before + after
    p0 = t_a / (t_a + t_b)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (after - n * p0) / np.sqrt(phi * n * p0 * (1 - p0))
    return float(np.mean((n > 0) & (z < -stats.norm.ppf(0.975))))


@pytest.mark.parametrize(("b", "t_b", "t_a", "phi"), [(19, 12, 7, 1.47), (40, 12, 12, 1.0)])
def test_power_at_the_minimum_detectable_reduction_is_80_percent_by_simulation(b, t_b, t_a, phi):
    r = minimum_detectable_reduction(before=b, t_before=t_b, t_after=t_a, dispersion=phi)
    assert detection_power(
        before=b, t_before=t_b, t_after=t_a, reduction=r, dispersion=phi
    ) == pytest.approx(0.8, abs=1e-3)
    assert _simulated_power(b, t_b, t_a, r, phi) == pytest.approx(0.8, abs=0.01)


def test_wisbech_needs_a_fall_of_about_90_percent():
    # 19 incidents in 12 months before, 7 months after, dispersion 1.47 (the site's months).
    r = minimum_detectable_reduction(before=19, t_before=12, t_after=7, dispersion=1.47)
    assert 0.8 <= r <= 0.95
    # Treating the before count as exact and the counts as Poisson understates it.
    assert minimum_detectable_reduction(before=19, t_before=12, t_after=7) < r


def test_eleven_overdispersed_incidents_detect_no_fall_at_all():
    assert minimum_detectable_reduction(before=11, t_before=12, t_after=7, dispersion=1.3) is None
    assert minimum_detectable_reduction(before=3, t_before=12, t_after=12) is None
    assert minimum_detectable_reduction(before=0, t_before=12, t_after=12) is None


def test_more_incidents_or_less_dispersion_detect_smaller_falls():
    by_count = [
        minimum_detectable_reduction(before=b, t_before=12, t_after=12) for b in (20, 80, 320)
    ]
    assert by_count == sorted(by_count, reverse=True)
    assert by_count[-1] < 0.25
    by_phi = [
        minimum_detectable_reduction(before=80, t_before=12, t_after=12, dispersion=phi)
        for phi in (1, 2, 4)
    ]
    assert by_phi == sorted(by_phi)


def _power_by_double_sum(b, t_b, t_a, r, phi):
    """Every (before, after) pair tested one by one, weighted by its probability."""
    mu_b, mu_a = b, (1 - r) * b * t_a / t_b

    def pmf(k, mu):
        if phi == 1:
            return stats.poisson.pmf(k, mu)
        size = mu / (phi - 1)
        return stats.nbinom.pmf(k, size, size / (size + mu))

    p0, crit = t_a / (t_a + t_b), stats.norm.ppf(0.975)
    total = 0.0
    for i in range(int(mu_b * 6) + 40):
        for j in range(int(mu_a * 6) + 40):
            n = i + j
            if n and (j - n * p0) / np.sqrt(phi * n * p0 * (1 - p0)) < -crit:
                total += pmf(i, mu_b) * pmf(j, mu_a)
    return total


@pytest.mark.parametrize(("b", "r", "phi"), [(19, 0.5, 1.47), (12, 0.8, 1.0), (30, 0.3, 2.5)])
def test_power_matches_a_sum_over_every_pair_of_counts(b, r, phi):
    power = detection_power(before=b, t_before=12, t_after=7, reduction=r, dispersion=phi)
    assert power == pytest.approx(_power_by_double_sum(b, 12, 7, r, phi), abs=1e-9)
