"""The month rule and the day rule for before/after windows, and their refusals."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from clearhold.analysis.periods import (
    EvaluationInputError,
    add_months,
    make_windows,
    month_index,
    month_labels,
)


def months(first: str, last: str) -> np.ndarray:
    return np.arange(month_index(first), month_index(last) + 1)


DATA = months("2023-01", "2025-12")


def window(intervention, n=12, m=12, data=DATA, daily=False):
    return make_windows(
        intervention=intervention, months_before=n, months_after=m, data_months=data, daily=daily
    )


def test_intervention_on_the_first_starts_the_after_window_that_month():
    w = window("2025-05-01")
    assert month_labels(w.before) == [f"2024-{m:02d}" for m in range(5, 13)] + [
        "2025-01",
        "2025-02",
        "2025-03",
        "2025-04",
    ]
    assert month_labels(w.after)[:2] == ["2025-05", "2025-06"]
    assert w.excluded_month is None


def test_intervention_mid_month_leaves_that_month_out():
    w = window(dt.date(2025, 5, 7), m=7)
    assert month_labels(w.before)[0] == "2024-05"
    assert month_labels(w.before)[-1] == "2025-04"
    assert month_labels([w.excluded_month]) == ["2025-05"]
    assert month_labels(w.after) == [f"2025-{m:02d}" for m in range(6, 13)]
    assert w.exposure_before == 12
    assert w.exposure_after == 7


@pytest.mark.parametrize(
    ("day", "before", "excluded", "after_first"),
    [
        ("2025-01-01", ("2024-01", "2024-12"), None, "2025-01"),
        ("2025-01-15", ("2024-01", "2024-12"), "2025-01", "2025-02"),
        ("2024-12-10", ("2023-12", "2024-11"), "2024-12", "2025-01"),
        ("2024-12-31", ("2023-12", "2024-11"), "2024-12", "2025-01"),
    ],
)
def test_december_january_year_boundary(day, before, excluded, after_first):
    w = window(day, m=3)
    assert (month_labels(w.before)[0], month_labels(w.before)[-1]) == before
    assert (None if w.excluded_month is None else month_labels([w.excluded_month])[0]) == excluded
    assert month_labels(w.after)[0] == after_first
    assert len(w.after) == 3


def test_after_window_past_the_data_is_shortened_and_named():
    w = window("2025-05-07")
    assert len(w.after) == 7
    assert month_labels(w.not_yet_in_data) == [
        "2026-01",
        "2026-02",
        "2026-03",
        "2026-04",
        "2026-05",
    ]


def test_before_window_past_the_start_of_the_data_is_an_error_naming_the_months():
    with pytest.raises(EvaluationInputError) as err:
        window("2023-06-15")
    message = str(err.value)
    assert "runs past the start of the data" in message
    assert "2022-06, 2022-07" in message
    assert "2022-12 not in the data" in message
    assert "months_before=5" in message


@pytest.mark.parametrize("day", ["2022-12-31", "2026-01-01", "2030-06-01"])
def test_intervention_outside_the_data_is_an_error(day):
    with pytest.raises(EvaluationInputError, match="outside the data"):
        window(day)


def test_no_whole_month_after_yet_is_an_error():
    with pytest.raises(EvaluationInputError, match="no whole month after"):
        window("2025-12-05")


def test_months_missing_inside_a_window_are_dropped_not_zeroed():
    data = DATA[~np.isin(DATA, [month_index("2024-08"), month_index("2025-07")])]
    w = window("2025-05-07", data=data)
    assert month_labels(w.missing_before) == ["2024-08"]
    assert month_labels(w.missing_after) == ["2025-07"]
    assert w.exposure_before == 11
    assert w.exposure_after == 6


def test_a_window_with_no_month_in_the_data_is_an_error():
    data = DATA[(month_index("2024-05") > DATA) | (month_index("2025-04") < DATA)]
    with pytest.raises(EvaluationInputError, match="none of the before window's months"):
        window("2025-05-07", data=data)


@pytest.mark.parametrize("bad", ["2025-05", "7 May 2025", None, "2025-13-01"])
def test_bad_intervention_dates(bad):
    with pytest.raises(EvaluationInputError):
        window(bad)


@pytest.mark.parametrize(("n", "m"), [(0, 12), (12, 0), (1.5, 12)])
def test_window_lengths_must_be_whole_months(n, m):
    with pytest.raises(EvaluationInputError):
        window("2025-05-07", n=n, m=m)


@pytest.mark.parametrize(
    ("day", "k", "expected"),
    [
        ("2025-03-31", -1, "2025-02-28"),
        ("2024-03-31", -1, "2024-02-29"),
        ("2025-05-07", -12, "2024-05-07"),
        ("2024-12-15", 1, "2025-01-15"),
        ("2025-01-31", 1, "2025-02-28"),
    ],
)
def test_add_months_clamps_to_the_month_end(day, k, expected):
    assert str(add_months(np.datetime64(day), k)) == expected


def test_day_rule_windows_and_exposures():
    w = window("2025-05-07", n=12, m=6, daily=True)
    assert w.unit == "day"
    assert [str(d) for d in w.day_before] == ["2024-05-07", "2025-05-07"]
    assert [str(d) for d in w.day_after] == ["2025-05-07", "2025-11-07"]
    assert w.exposure_before == 365
    assert w.exposure_after == (np.datetime64("2025-11-07") - np.datetime64("2025-05-07")).astype(
        int
    )
    assert w.not_yet_in_data == ()


def test_day_rule_after_window_is_cut_at_the_end_of_the_data():
    w = window("2025-05-07", daily=True)
    assert str(w.day_after[1]) == "2026-01-01"
    assert month_labels(w.not_yet_in_data) == [
        "2026-01",
        "2026-02",
        "2026-03",
        "2026-04",
        "2026-05",
    ]
