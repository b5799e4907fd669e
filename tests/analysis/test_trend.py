"""Monthly counts with explicit zero months, and the same months a year earlier."""

from __future__ import annotations

import numpy as np
import pytest

from clearhold.analysis.trend import (
    month_range,
    monthly_counts,
    seasonal_comparison,
    year_earlier,
)


def months(*values: str) -> np.ndarray:
    return np.array(values, dtype="datetime64[M]")


def test_month_range_crosses_the_year_and_refuses_reversed_ranges():
    assert month_range("2024-11", "2025-02").astype(str).tolist() == [
        "2024-11",
        "2024-12",
        "2025-01",
        "2025-02",
    ]
    assert month_range("2024-05", "2024-05").size == 1
    with pytest.raises(ValueError, match="before"):
        month_range("2024-05", "2024-04")


def test_monthly_counts_lists_zero_months_and_ignores_the_rest():
    m = months("2024-01", "2024-01", "2024-04", "2023-12", "2024-05", "NaT")
    mc = monthly_counts(m, "2024-01", "2024-04")
    assert mc.months.astype(str).tolist() == ["2024-01", "2024-02", "2024-03", "2024-04"]
    assert mc.counts.tolist() == [2, 0, 0, 1]
    assert mc.total == 3


def test_monthly_counts_accepts_dates_and_strings():
    dates = np.array(["2024-02-28", "2024-02-01", "2024-03-31"], dtype="datetime64[D]")
    assert monthly_counts(dates, "2024-02", "2024-03").counts.tolist() == [2, 1]
    assert monthly_counts(np.array(["2024-02", "2024-03"]), "2024-02", "2024-02").total == 1


def test_year_earlier():
    a, b = year_earlier("2024-01", np.datetime64("2024-12"))
    assert (str(a), str(b)) == ("2023-01", "2023-12")


def test_seasonal_comparison_counts_and_percent_change():
    m = months(*(["2023-06"] * 10 + ["2023-07"] * 10 + ["2024-06"] * 6 + ["2024-07"] * 9))
    c = seasonal_comparison(m, "2024-06", "2024-07")
    assert (c.this.total, c.last.total, c.change) == (15, 20, -5)
    assert c.pct_change == pytest.approx(-25.0)
    assert c.last_complete
    assert c.missing_last == ()
    assert c.missing_this == ()
    assert c.last.months.astype(str).tolist() == ["2023-06", "2023-07"]


def test_seasonal_comparison_flags_months_the_data_do_not_cover():
    m = months("2024-06", "2024-07", "2023-07")
    c = seasonal_comparison(m, "2024-06", "2024-07")
    assert not c.last_complete
    assert c.missing_last == ("2023-06",)
    # With the covered months given, a quiet month is a zero, not a gap.
    covered = month_range("2023-01", "2024-12")
    c2 = seasonal_comparison(m, "2024-06", "2024-07", covered=covered)
    assert c2.last_complete
    assert c2.last.counts.tolist() == [0, 1]


def test_seasonal_comparison_without_a_year_earlier_count_has_no_percentage():
    c = seasonal_comparison(months("2024-06"), "2024-06", "2024-06", covered=months("2023-06"))
    assert c.pct_change is None
    assert c.change == 1
    assert c.last_complete
