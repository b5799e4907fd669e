"""The vectorised Mann–Kendall test gives pymannkendall.original_test's figures, ties included."""

from __future__ import annotations

import doctest

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from clearhold.analysis import mann_kendall as module
from clearhold.analysis.mann_kendall import mann_kendall

mk = pytest.importorskip("pymannkendall")


def assert_matches_pymannkendall(series: np.ndarray) -> None:
    ours = mann_kendall(series)
    for row, x in enumerate(series):
        ref = mk.original_test(x)
        assert ours.s[row] == ref.s
        assert ours.var_s[row] == pytest.approx(ref.var_s, rel=1e-12)
        assert ours.z[row] == pytest.approx(ref.z, rel=1e-12, abs=1e-12)
        assert ours.p[row] == pytest.approx(ref.p, rel=1e-9, abs=1e-12)
        assert ours.tau[row] == pytest.approx(ref.Tau, rel=1e-12, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    arrays(np.int64, st.tuples(st.integers(1, 6), st.integers(3, 30)), elements=st.integers(0, 4))
)
def test_small_counts_with_many_ties_match(series):
    assert_matches_pymannkendall(series.astype(float))


@settings(max_examples=40, deadline=None)
@given(
    arrays(
        np.float64,
        st.tuples(st.integers(1, 5), st.integers(3, 36)),
        elements=st.floats(-8, 8, allow_nan=False, width=32),
    )
)
def test_gi_star_like_z_series_match(series):
    assert_matches_pymannkendall(series)


def test_more_rows_than_one_chunk_match(monkeypatch):
    monkeypatch.setattr(module, "ROWS_PER_CHUNK", 7)
    rng = np.random.default_rng(3)
    series = np.cumsum(rng.normal(size=(30, 24)), axis=1).round(1)
    assert_matches_pymannkendall(series)


def test_a_rising_series_is_a_significant_rise_and_a_flat_one_is_not():
    result = mann_kendall(np.array([np.arange(24.0), np.full(24, 2.0)]))
    assert result.p[0] < 1e-6
    assert result.s[0] > 0
    assert result.p[1] == 1.0
    assert result.z[1] == 0.0


@pytest.mark.parametrize(
    "bad", [np.zeros((2, 2)), np.array([[1.0, np.nan, 2.0]]), np.zeros(5)], ids=str
)
def test_bad_series_are_refused(bad):
    with pytest.raises(ValueError, match=r"series|values"):
        mann_kendall(bad)


def test_docstring_examples():
    assert doctest.testmod(module).failed == 0
