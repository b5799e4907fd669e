"""Objective progress: which months are measured, the four statuses, and their properties."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearhold.analysis.objective_progress import (
    MET,
    MIN_MONTHS,
    NOT_YET_MEASURABLE,
    OFF_TRACK,
    ON_TRACK,
    STATUSES,
    objective_progress,
)

MONTHS = np.arange("2024-05", "2026-01", dtype="datetime64[M]")  # 2024-05 .. 2025-12
WISBECH = dict(
    baseline_from="2024-05",
    baseline_to="2025-04",
    deadline="2025-11-07",
    start="2025-05-07",
)


def series(baseline: int, after: list[int]) -> np.ndarray:
    """12 baseline months of ``baseline`` each, May 2025 (the start month) at 99 so any
    leak of it into the measurement shows, then ``after`` from June 2025 on, zero-padded."""
    tail = list(after) + [0] * (7 - len(after))
    return np.array([baseline] * 12 + [99] + tail, dtype=np.int64)


def progress(counts, *, target=-75.0, today="2026-01-15", months=MONTHS, **kw):
    return objective_progress(
        months, counts, target_change_pct=target, today=today, **{**WISBECH, **kw}
    )


def test_six_month_deadline_measures_june_to_november_and_leaves_out_the_start_month():
    p = progress(series(2, [1, 0, 0, 1, 0, 0, 5]))  # December 2025 is after the deadline
    assert p.measured_months == ("2025-06", "2025-07", "2025-08", "2025-09", "2025-10", "2025-11")
    assert p.baseline_mean == 2.0
    assert p.measured_total == 2
    assert p.change_pct == pytest.approx(100 * (2 / 6 / 2 - 1))
    assert p.status == MET
    assert p.deadline_reached
    assert "reaching the target of a 75% fall by November 2025" in p.reason


def test_a_problem_starting_on_the_first_counts_its_start_month():
    p = progress(series(2, [0, 0, 0]), start="2025-05-01", today="2025-08-10")
    assert p.measured_months == ("2025-05", "2025-06", "2025-07")


def test_measurement_never_overlaps_a_baseline_that_runs_past_the_start():
    p = progress(series(2, [0, 0, 0]), baseline_to="2025-06", today="2025-09-02")
    assert p.first_measured_month == "2025-07"
    assert "2025-06" in p.baseline_months
    assert p.measured_months == ("2025-07", "2025-08")


def test_the_current_month_is_not_measured_until_it_is_over():
    p = progress(series(2, [0, 0, 0, 0]), today="2025-09-30")
    assert p.measured_months[-1] == "2025-08"


def test_months_the_data_do_not_cover_are_left_out_not_counted_as_zero():
    covered = MONTHS[np.datetime64("2025-07") != MONTHS]
    counts = np.delete(series(4, [1, 1, 1]), 14)
    p = progress(counts, months=covered, today="2025-10-03")
    assert p.measured_months == ("2025-06", "2025-08", "2025-09")
    assert p.series_counts[p.series_months.index("2025-07")] is None
    assert "1 month(s) missing" in p.reason


def test_no_measured_month_yet_is_not_yet_measurable():
    p = progress(series(2, []), today="2025-06-20")
    assert p.status == NOT_YET_MEASURABLE
    assert "measurement begins with June 2025" in p.reason
    assert p.change_pct is None


def test_a_zero_baseline_is_not_yet_measurable_and_says_why():
    p = progress(series(0, [0, 0, 0, 0]))
    assert p.status == NOT_YET_MEASURABLE
    assert "no incidents in the baseline" in p.reason


def test_a_baseline_the_data_do_not_cover_is_not_yet_measurable():
    p = progress(series(1, [0]), baseline_from="2023-01", baseline_to="2023-12")
    assert p.status == NOT_YET_MEASURABLE
    assert "cover none of the baseline months" in p.reason


def test_a_target_reached_in_fewer_than_three_months_is_on_track_not_met():
    early = progress(series(2, [0, 0]), today="2025-08-02")
    assert len(early.measured_months) == MIN_MONTHS - 1
    assert early.status == ON_TRACK
    assert "counts as met after 3" in early.reason
    assert progress(series(2, [0, 0, 0]), today="2025-09-02").status == MET


def test_a_short_deadline_reached_with_the_target_met_is_met():
    p = progress(series(2, [0, 0]), deadline="2025-07-31", today="2025-12-02")
    assert p.measured_months == ("2025-06", "2025-07")
    assert p.status == MET


def test_on_track_follows_a_straight_glide_path_to_the_target():
    # Two of six months: a 25% fall is the pace for a 75% fall.
    on = progress(series(10, [7, 7]), today="2025-08-02")  # 30% fall
    assert on.months_elapsed == 2
    assert on.months_total == 6
    assert on.expected_change_pct == pytest.approx(-25)
    assert on.status == ON_TRACK
    off = progress(series(10, [8, 8]), today="2025-08-02")  # 20% fall
    assert off.status == OFF_TRACK
    assert "at least a fall of 25% was needed" in off.reason


def test_a_missed_deadline_is_off_track_and_later_data_do_not_change_it():
    p = progress(series(4, [3, 3, 3, 3, 3, 3, 0]))
    assert p.status == OFF_TRACK
    assert "deadline has passed" in p.reason
    assert p.measured_months[-1] == "2025-11"


def test_a_rise_target_is_met_by_a_rise():
    assert progress(series(2, [4, 4, 4]), target=50, today="2025-09-02").status == MET
    assert progress(series(2, [1, 1, 1]), target=50, today="2025-09-02").status == OFF_TRACK


def test_to_dict_is_json_and_carries_the_target_level():
    p = progress(series(4, [1, 1, 1]), today="2025-09-02")
    data = json.loads(json.dumps(p.to_dict()))
    assert data["target_level"] == pytest.approx(1.0)
    assert data["status"] == p.status
    assert data["series_months"][0] == "2024-05"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(counts=np.array([1, 2])), "same length"),
        (
            dict(
                months=np.array(["2024-05", "2024-05"], dtype="datetime64[M]"),
                counts=np.array([1, 2]),
            ),
            "listed once",
        ),
        (dict(counts=-series(1, [])), "negative"),
        (dict(baseline_to="2024-01"), "before it begins"),
        (dict(target=-150), "within -100..100"),
    ],
)
def test_bad_input_is_refused(kwargs, message):
    args = {"counts": series(1, [1]), **kwargs}
    with pytest.raises(ValueError, match=message):
        progress(args.pop("counts"), **args)


counts_st = st.lists(st.integers(0, 40), min_size=len(MONTHS), max_size=len(MONTHS))
today_st = st.sampled_from(["2025-05-15", "2025-07-02", "2025-09-15", "2025-11-20", "2026-03-01"])
target_st = st.floats(-99.5, 100, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(counts=counts_st, k=st.integers(1, 1000), target=target_st, today=today_st)
def test_scaling_every_count_never_changes_the_status(counts, k, target, today):
    a = progress(np.array(counts), target=target, today=today)
    b = progress(k * np.array(counts), target=target, today=today)
    assert a.status == b.status
    assert a.status in STATUSES
    if a.change_pct is not None:
        assert b.change_pct == pytest.approx(a.change_pct)


@settings(max_examples=200, deadline=None)
@given(level=st.integers(0, 30), target=st.floats(-99.5, -0.5), today=today_st)
def test_identical_before_and_after_is_never_met_or_on_track_for_a_fall(level, target, today):
    p = progress(np.full(MONTHS.size, level), target=target, today=today)
    assert p.status in (OFF_TRACK, NOT_YET_MEASURABLE)


@settings(max_examples=100, deadline=None)
@given(counts=counts_st, target=st.floats(-99.5, -0.5))
def test_met_means_the_measured_mean_is_at_or_below_the_target_level(counts, target):
    p = progress(np.array(counts), target=target)
    if p.status == MET:
        assert p.measured_mean <= p.target_level + 1e-9
