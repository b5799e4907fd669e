"""Benjamini-Hochberg adjusted p-values equal scipy's false_discovery_control."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.stats import false_discovery_control, norm

from clearhold.analysis.fdr import bh_adjust, two_sided_p


@settings(max_examples=200, deadline=None)
@given(p=arrays(np.float64, st.integers(1, 300), elements=st.floats(0.0, 1.0)))
def test_bh_equals_scipy(p):
    np.testing.assert_allclose(bh_adjust(p), false_discovery_control(p, method="bh"), rtol=1e-14)


def test_bh_on_many_tied_and_tiny_p_values():
    rng = np.random.default_rng(0)
    p = np.concatenate([rng.uniform(size=5_000), np.full(300, 1e-300), np.full(200, 0.04)])
    rng.shuffle(p)
    np.testing.assert_array_equal(bh_adjust(p), false_discovery_control(p, method="bh"))


def test_bh_leaves_nan_out_of_the_count():
    p = np.array([0.01, np.nan, 0.04, 0.03])
    q = bh_adjust(p)
    assert np.isnan(q[1])
    np.testing.assert_allclose(q[[0, 2, 3]], false_discovery_control([0.01, 0.04, 0.03]))
    assert np.isnan(bh_adjust(np.array([np.nan, np.nan]))).all()


def test_bh_refuses_p_outside_zero_one():
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        bh_adjust(np.array([0.2, 1.5]))


def test_two_sided_p():
    z = np.array([-1.959963984540054, 0.0, 3.0, np.nan])
    np.testing.assert_allclose(two_sided_p(z)[:3], [0.05, 1.0, 2 * norm.sf(3.0)])
    assert np.isnan(two_sided_p(z)[3])
