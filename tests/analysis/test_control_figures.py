"""The WDD and controlled-time-series rows that the table, the page and the CSV share."""

from __future__ import annotations

from clearhold.analysis.control_figures import cits_rows, wdd_rows

from .evaluate_fixtures import join, standard
from .test_cits import _twin, evaluate_synthetic


def test_rows_for_a_fitted_evaluation_carry_its_figures():
    out = evaluate_synthetic(join(standard(), _twin("2023-01", "2025-12", 10, 8))).to_dict()
    rows = dict(wdd_rows(out))
    w = out["wdd"]
    # One busy spot 1 km east (120 → 96) and four empty ones pooled with it: mean 24 → 19.2.
    assert rows["WDD control"].startswith(
        "same-size: 5 same-size areas within 3 km, before 0–120, after 0–96"
    )
    assert "; mean 24 before, 19.2 after; mean buffer ring 0 → 0" in rows["WDD control"]
    listed = rows["WDD control areas (offset: before → after)"].split("; ")
    assert listed[0].endswith(" m east: 120 → 96 (buffer 0 → 0)")
    assert len(listed) == 5
    estimate = rows["WDD estimate (incidents over the after window)"]
    assert estimate == f"{w['estimate']:+.1f} (95% CI {w['ci95'][0]:+.1f} to {w['ci95'][1]:+.1f})"
    assert rows["WDD standard error, z, p"].startswith(f"{w['se']:.1f}, z {w['z']:+.2f}")
    fit = dict(cits_rows(out))
    step = fit["Controlled time series: step beyond the control (rate ratio)"]
    assert step.startswith(f"{out['cits']['step_irr']:.2f} (95% CI ")
    assert "24 unbroken months before" in fit["Controlled time series: months"]
    assert "Ljung–Box p" in fit["Controlled time series: model and errors"]


def test_rows_when_not_fitted_or_absent():
    out = evaluate_synthetic(join(standard(first="2024-01"), _twin("2024-01", "2025-12", 10, 8)))
    rows = cits_rows(out.to_dict())
    assert rows == [("Controlled time series", f"not fitted: {out.cits_reason}")]
    assert wdd_rows({}) == []
    assert cits_rows({}) == []
