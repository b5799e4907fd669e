"""The before/after evaluation end to end on synthetic incidents: counts, output, warnings,
objectives and every kind of bad input."""

from __future__ import annotations

import doctest
import importlib
import json
import math
import subprocess
import sys

import numpy as np
import pytest
import shapely
from scipy import stats

from clearhold.analysis.evaluate import EvaluationInputError, evaluate, objective_check

from .evaluate_fixtures import (
    ASB,
    POINTS,
    TARGET,
    TAXONOMY,
    build,
    join,
    month_range,
    monthly,
    standard,
)

KEYS = {
    "target",
    "buffer",
    "control",
    "res",
    "res_ci95",
    "res_ci95_poisson",
    "res_ci95_overdispersed",
    "res_headline",
    "res_headline_reason",
    "dispersion_target",
    "dispersion_control",
    "wdq",
    "wdq_reading",
    "total_net_effect",
    "minimum_detectable_reduction_pct",
    "regression_to_mean",
    "small_counts",
    "unlocated",
    "its",
    "wdd",
    "cits",
    "cits_reason",
    "months_before",
    "months_after",
    "warnings",
}
AREA_KEYS = {"before", "after", "change_pct", "rate_ratio", "rate_ratio_ci95", "p_value"}


def run(incidents, **kw):
    args = {
        "target": TARGET,
        "intervention": "2025-01-01",
        "categories": [ASB],
        "valid_categories": TAXONOMY,
    }
    args.update(kw)
    with_date = args.pop("with_date", False)
    return evaluate(**incidents.kwargs(with_date), **args)


def codes(result) -> list[str]:
    return [w.code for w in result.warnings]


def test_counts_rates_and_effects_on_a_known_layout():
    r = run(standard())
    # 12 months each side: target 10 → 3 a month, buffer 5, control 100; burglaries ignored.
    assert (r.target.before, r.target.after) == (120, 36)
    assert (r.buffer.before, r.buffer.after) == (60, 60)
    assert (r.control.before, r.control.after) == (1200, 1200)
    assert r.target.change_pct == pytest.approx(-70)
    assert r.target.rate_ratio.estimate == pytest.approx(0.3)
    assert r.target.rate_ratio.p_value == pytest.approx(stats.binomtest(36, 156, 0.5).pvalue)
    assert r.res.res == pytest.approx((120 * 1200) / (36 * 1200))
    # Constant months: no overdispersion, so the Poisson interval is the headline.
    assert r.res.headline == "poisson"
    half = 1.959963984540054 * math.sqrt(1 / 120 + 1 / 36 + 2 / 1200)
    assert r.res.ci95 == pytest.approx((r.res.res * math.exp(-half), r.res.res * math.exp(half)))
    assert r.wdq.wdq == pytest.approx(0.0)  # buffer unchanged relative to control
    assert "no effect on the buffer" in r.wdq.reading
    assert r.total_net_effect == pytest.approx(84)
    assert r.its is not None
    assert r.its.step_irr == pytest.approx(0.3, rel=1e-6)


def test_to_dict_has_exactly_the_agreed_keys_and_is_json_safe():
    out = run(standard()).to_dict()
    assert set(out) == KEYS
    for area in ("target", "buffer", "control"):
        assert set(out[area]) == AREA_KEYS
    assert out["months_before"] == 12
    assert out["months_after"] == 12
    assert isinstance(out["its"], dict)
    assert out["its"]["step_irr"] == pytest.approx(0.3)
    json.dumps(out, allow_nan=False)
    detail = run(standard()).to_dict(detail=True)
    assert set(detail) == KEYS | {"detail"}
    series = detail["detail"]["series"]
    assert len(series["months"]) == 36
    assert series["target"][:2] == [10, 10]
    json.dumps(detail, allow_nan=False)


def test_its_is_null_with_a_reason_when_fewer_than_24_months_before():
    r = run(standard(first="2024-01"))
    assert r.its is None
    assert "at least 24 consecutive months" in r.its_reason
    assert r.to_dict()["its"] is None
    assert "its_not_fitted" in codes(r)


def test_months_behind_a_gap_never_count_toward_the_24_of_a_time_series():
    """Bedford's shape: data, a long gap, then fewer than 24 months before the intervention.
    36 months in all before it, but only 13 unbroken ones, so no time series is fitted."""
    data = standard()
    gap = (data.month >= np.datetime64("2023-07")) & (data.month <= np.datetime64("2023-11"))
    holed = type(data)(*(getattr(data, f)[~gap] for f in data.__annotations__))
    covered = [m for m in month_range("2023-01", "2025-12") if not "2023-07" <= m <= "2023-11"]
    r = run(holed, data_months=covered)
    assert r.months_before == 12
    assert r.its is None
    assert "the data have 13" in r.its_reason
    assert "2023-11 is missing from the data" in r.its_reason
    whole = run(standard())
    assert whole.its is not None  # the same counts with no gap: 24 unbroken months, fitted


def test_partial_intervention_month_is_left_out_with_a_warning():
    r = run(standard(), intervention="2025-01-15")
    assert r.to_dict()["months_before"] == 12
    assert r.target.before == 120  # 2024-01 … 2024-12
    assert r.target.after == 33  # 2025-02 … 2025-12, January left out
    assert r.months_after == 11
    message = next(w.message for w in r.warnings if w.code == "partial_month_excluded")
    assert "January 2025" in message
    assert "February 2025" in message


def test_after_window_short_of_the_data_is_used_and_said():
    r = run(standard(last="2025-07"))
    assert r.months_after == 7
    message = next(w.message for w in r.warnings if w.code == "after_window_short")
    assert "7 months" in message
    assert "2025-08" in message
    assert "2025-12" in message


def test_missing_months_are_listed_left_out_and_never_zero():
    data = standard()
    gap = np.datetime64("2024-06")
    kept = data.month != gap
    holed = type(data)(*(getattr(data, f)[kept] for f in data.__annotations__))
    covered = [m for m in month_range("2023-01", "2025-12") if m != "2024-06"]
    r = run(holed, data_months=covered)
    assert r.months_before == 11
    assert r.target.before == 110
    assert r.target.rate_ratio.estimate == pytest.approx(0.3)  # per month: no fake zero
    assert any(w.code == "months_missing" and "2024-06" in w.message for w in r.warnings)
    i = r.series.months.index("2024-06")
    assert r.series.target[i] is None
    assert r.series.period[i] == "missing"


def test_gaps_outside_the_windows_are_named_as_runs():
    data = standard()
    kept = data.month >= np.datetime64("2023-06")
    late = type(data)(*(getattr(data, f)[kept] for f in data.__annotations__))
    months = ["2023-01", *month_range("2023-06", "2025-12")]
    late = join(late, build({("control", "2023-01"): 3}))
    r = run(late, data_months=months)
    message = next(w.message for w in r.warnings if w.code == "months_missing_elsewhere")
    assert "2023-02 to 2023-05 (4 months)" in message
    assert "months_missing" not in codes(r)


def test_incident_months_outside_data_months_are_an_error():
    with pytest.raises(EvaluationInputError, match="not listed in data_months: 2025-12"):
        run(standard(), data_months=month_range("2023-01", "2025-11"))


def test_zero_before_count_is_undefined_with_a_reason():
    cells = monthly("buffer", "2025-01", "2025-12", 2)
    r = run(join(standard(buffer=0), build(cells)))
    assert r.buffer.before == 0
    assert r.buffer.rate_ratio.estimate is None
    assert r.to_dict()["buffer"]["rate_ratio"] is None
    message = next(w.message for w in r.warnings if w.code == "rate_ratio_undefined")
    assert message.startswith("Buffer: no incidents before (24 after)")


def test_regression_to_the_mean_looks_at_the_months_just_before_not_the_whole_window():
    # 2023 at 2 a month, all 2024 at 10: the last three months are no higher than the nine
    # before them, so they are not a peak (the old whole-window rule flagged this).
    assert "regression_to_mean" not in codes(run(standard(baseline=2)))
    peak = join(standard(target_before=3), build(monthly("target", "2024-10", "2024-12", 9)))
    message = next(w.message for w in run(peak).warnings if w.code == "regression_to_mean")
    assert "averaged 12.0 incidents a month against 3.0" in message
    assert "regression_to_mean" not in codes(run(standard()))


def test_regression_to_the_mean_unchecked_without_earlier_months():
    r = run(standard(first="2024-07"), months_before=6)
    message = next(w.message for w in r.warnings if w.code == "regression_to_mean_unchecked")
    assert "3 months without a gap before 2024-10" in message


def test_control_change_warning_uses_the_threshold():
    changed = run(standard(control_after=130))
    message = next(w.message for w in changed.warnings if w.code == "control_changed")
    assert "+30%" in message
    assert "20%" in message
    assert "control_changed" not in codes(run(standard(control_after=115)))
    assert "control_changed" in codes(
        run(standard(control_after=115), control_change_threshold_pct=10)
    )


def test_wdq_read_on_a_non_significant_improvement_is_flagged_fragile():
    # Target flat at 2 a month while the control rises 10%: the target "improved relative to
    # the control", so the WDQ is read: (60/1320 - 60/1200)/(24/1320 - 24/1200) = 2.5.
    r = run(standard(target_before=2, target_after=2, control_after=110))
    assert r.wdq.wdq == pytest.approx(2.5)
    assert r.res.ci95[0] < 1 < r.res.ci95[1]
    assert "wdq_fragile" in codes(r)
    assert "wdq_fragile" not in codes(run(standard()))


def test_underpowered_warning_reports_the_minimum_detectable_reduction():
    small = standard(target_before=1, target_after=1)  # 12 incidents before
    r = run(small, claimed_reduction_pct=40)
    message = next(w.message for w in r.warnings if w.code == "underpowered")
    assert f"at least {100 * r.minimum_detectable_reduction:.0f}%" in message
    assert "claimed fall of 40%" in message
    assert "underpowered" not in codes(run(standard(), claimed_reduction_pct=70))


def test_incidents_without_location_are_counted_nowhere_and_said():
    r = run(join(standard(), build({("nowhere", "2024-03"): 4})))
    assert r.target.before == 120
    assert any(w.code == "no_location" and w.message.startswith("4 of") for w in r.warnings)
    assert r.unlocated == 4
    assert r.to_dict()["unlocated"] == 4


def test_incidents_without_location_outside_the_windows_are_not_counted_as_missing():
    r = run(join(standard(), build({("nowhere", "2023-03"): 4, ("nowhere", "2025-02"): 1})))
    assert r.unlocated == 1  # 2023-03 is before the before window
    message = next(w.message for w in r.warnings if w.code == "no_location")
    # in the windows: target 120 + 36, buffer 60 + 60, control 1,200 + 1,200, and the one
    assert message.startswith("1 of the 2677 incidents")


def test_user_control_counts_only_inside_it():
    far = shapely.box(504_000, 204_000, 506_000, 206_000)
    r = run(standard(), control=far)
    assert r.control.before == 1200
    elsewhere = shapely.box(510_000, 210_000, 511_000, 211_000)
    extra = build(monthly("control", "2024-01", "2024-12", 1))
    extra.easting[:] = 510_500
    extra.northing[:] = 210_500
    r = run(join(standard(), extra), control=elsewhere)
    assert (r.control.before, r.control.after) == (12, 0)


# --- exact dates -----------------------------------------------------------------------------


def test_day_rule_counts_by_exact_date():
    # Dated on the 10th: with the intervention on 2025-01-20, January's incidents are before.
    dated = build(monthly("target", "2023-01", "2025-12", 4), day=10)
    control = build(monthly("control", "2023-01", "2025-12", 50), day=10)
    r = run(
        join(dated, control),
        intervention="2025-01-20",
        daily=True,
        with_date=True,
        months_after=3,
    )
    # Before: 2024-01-20 … 2025-01-19 → the 10ths of Feb 2024 … Jan 2025 = 12 months.
    assert r.target.before == 48
    # After: 2025-01-20 … 2025-04-19 → 10 Feb, Mar, Apr.
    assert r.target.after == 12
    assert r.windows.exposure_before == 366  # 2024 is a leap year
    days = (np.datetime64("2025-04-20") - np.datetime64("2025-01-20")).astype(int)
    assert r.windows.exposure_after == days
    assert r.months_after == pytest.approx(days / (365.25 / 12))


def test_day_rule_leaves_out_undated_incidents_with_a_warning():
    dated = build(monthly("target", "2023-01", "2025-12", 4), day=10)
    undated = build(monthly("control", "2023-01", "2025-12", 50))
    r = run(join(dated, undated), intervention="2025-01-20", daily=True, with_date=True)
    assert r.control.before == 0
    assert any(w.code == "undated_excluded" for w in r.warnings)


# --- objectives ------------------------------------------------------------------------------


def test_objective_met_not_met_and_not_yet_measurable():
    met = objective_check(run(standard(target_after=2)), target_reduction_pct=75, within_months=6)
    assert met.status == "met"
    assert "80%" in met.reason
    missed = objective_check(run(standard(target_after=5)), 75, 6)
    assert missed.status == "not met"
    assert "a fall of 50%" in missed.reason
    early = objective_check(run(standard(last="2025-03")), 75, 6)
    assert early.status == "not yet measurable"
    assert "cover 3 of the 6 months" in early.reason
    assert objective_check(run(standard(target_after=2, last="2025-03")), 75, 3).status == "met"


def test_objective_is_judged_on_the_first_months_after():
    # 1/month for 3 months then 10/month: a 75% target within 3 months is met, within 6 not.
    cells = monthly("target", "2023-01", "2024-12", 10)
    cells |= monthly("target", "2025-01", "2025-03", 1)
    cells |= monthly("target", "2025-04", "2025-12", 10)
    data = join(build(cells), build(monthly("control", "2023-01", "2025-12", 50)))
    r = run(data)
    assert objective_check(r, 75, 3).status == "met"
    assert objective_check(r, 75, 6).status == "not met"
    json.dumps(objective_check(r).to_dict(), allow_nan=False)


# --- bad input -------------------------------------------------------------------------------


def test_unknown_category_lists_the_valid_ones():
    with pytest.raises(EvaluationInputError) as err:
        run(standard(), categories=["Anti-social behavior"])
    assert "unknown category code(s) ['Anti-social behavior']" in str(err.value)
    assert "Anti-social behaviour, Burglary, Drugs, Public order" in str(err.value)
    with pytest.raises(EvaluationInputError, match="valid codes in the data are"):
        run(standard(), categories=["Drugs"], valid_categories=None)


def test_control_overlapping_the_buffer_names_the_overlap_area():
    control = shapely.box(500_000, 200_200, 510_000, 210_000)
    ring = TARGET.buffer(250).difference(TARGET)
    overlap = control.intersection(ring).area
    assert overlap > 10_000
    with pytest.raises(EvaluationInputError) as err:
        run(standard(), control=control)
    assert f"overlaps the 250 m buffer by {overlap:,.0f} m²" in str(err.value)


def test_control_excluding_the_buffer_is_accepted():
    big = shapely.box(490_000, 190_000, 510_000, 210_000)
    r = run(standard(), control=big.difference(TARGET.buffer(250)))
    assert r.control.before == 1200


def test_target_with_no_incidents_is_an_error():
    empty = shapely.box(400_000, 300_000, 400_100, 300_100)
    with pytest.raises(EvaluationInputError) as refused:
        run(standard(), target=empty)
    assert str(refused.value) == (
        "No incidents of the chosen categories are recorded within the site's boundary between "
        "January 2023 and December 2025. Check the boundary is drawn in the right place."
    )
    assert "400000" not in str(refused.value)  # said in words, not as grid bounds


def test_target_in_longitude_latitude_is_an_error():
    with pytest.raises(EvaluationInputError, match="look like longitude/latitude"):
        run(standard(), target=shapely.box(0.16, 52.66, 0.17, 52.67))


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        ({"intervention": "2026-03-01"}, "outside the data"),
        ({"intervention": "2023-06-01"}, "runs past the start of the data"),
        ({"buffer_m": -5}, "buffer_m must be"),
        ({"categories": []}, "no categories chosen"),
        ({"target": POINTS["target"]}, "must be a shapely Polygon"),
        ({"daily": True}, "needs the exact dates"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(kw, match):
    with pytest.raises(EvaluationInputError, match=match):
        run(standard(), **kw)


def test_arrays_of_different_lengths_are_an_error():
    data = standard()
    data.category = data.category[:-1]
    with pytest.raises(EvaluationInputError, match="differ in length"):
        run(data)


def test_missing_month_on_an_incident_is_an_error():
    data = standard()
    data.month = data.month.copy()
    data.month[3] = np.datetime64("NaT")
    with pytest.raises(EvaluationInputError, match="1 incidents have no month"):
        run(data)


def test_evaluation_is_a_frozen_value():
    r = run(standard())
    with pytest.raises(AttributeError):
        r.months_before = 3


# --- purity ----------------------------------------------------------------------------------


def test_evaluate_does_not_import_django():
    code = (
        "import sys, clearhold.analysis.evaluate\n"
        "leaked = sorted(k for k in sys.modules if k.split('.')[0] == 'django')\n"
        "assert not leaked, leaked\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", ["rates", "res", "periods", "objectives", "displacement"])
def test_docstring_examples_run(name):
    module = importlib.import_module(f"clearhold.analysis.{name}")
    failures, _ = doctest.testmod(module)
    assert failures == 0
