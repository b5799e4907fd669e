"""The store's coverage in words, and mixed coverage found over a set of months."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearhold.analysis.coverage import (
    area_of,
    coverage_from_rows,
    coverage_lines,
    mixed_coverage,
    month_runs,
)
from clearhold.analysis.periods import month_index

FORCE = "Cambridgeshire Constabulary"
DISTRICTS = ("Cambridge", "East Cambridgeshire", "Huntingdonshire", "Peterborough")


def months(first: str, last: str) -> list[int]:
    return list(range(month_index(np.datetime64(first)), month_index(np.datetime64(last)) + 1))


def fenland_then_force_wide():
    """Fenland 2024-01 to 2025-12, the whole force for 2025-10 to 2025-12 only."""
    rows = [("policeuk", FORCE, "Fenland 001A", f"{m}-01") for m in _labels("2024-01", "2025-12")]
    rows += [
        ("policeuk", FORCE, f"{d} 00{i}B", dt.date(2025, m, 1))
        for d in DISTRICTS
        for i in range(3)
        for m in (10, 11, 12)
    ]
    return coverage_from_rows(rows)


def _labels(first: str, last: str) -> list[str]:
    return [str(m) for m in np.arange(np.datetime64(first, "M"), np.datetime64(last, "M") + 1)]


@pytest.mark.parametrize(
    ("name", "area"),
    [
        ("Fenland 001A", "Fenland"),
        ("East Cambridgeshire 012C", "East Cambridgeshire"),
        ("", "no LSOA given"),
    ],
)
def test_an_area_is_the_district_of_the_lsoa_name(name, area):
    assert area_of(name) == area


def test_the_store_is_described_by_source_force_area_and_months():
    assert coverage_lines(fenland_then_force_wide()) == [
        "police.uk data from Cambridgeshire Constabulary: Fenland for 2024-01 to 2025-12 "
        "(24 months); Cambridge, East Cambridgeshire, Huntingdonshire and Peterborough for "
        "2025-10 to 2025-12 (3 months) only"
    ]


def test_a_control_over_the_whole_force_mixes_coverage_and_names_areas_and_months():
    warning = mixed_coverage(
        fenland_then_force_wide(),
        months("2025-01", "2025-12"),
        scope="The control (the rest of the Cambridgeshire Constabulary data)",
        force=FORCE,
    )
    assert warning.code == "coverage_mixed"
    assert warning.line == (
        "The control (the rest of the Cambridgeshire Constabulary data) mixes coverage: "
        "Cambridge, East Cambridgeshire, Huntingdonshire and Peterborough for 2025-10 to "
        "2025-12 (3 months) only."
    )
    assert "Fenland for 2025-01 to 2025-12 (12 months)" in warning.why
    assert "LSOAs whose names start “Fenland”" in warning.why


def test_no_warning_when_the_months_or_the_control_hold_one_coverage():
    store = fenland_then_force_wide()
    assert mixed_coverage(store, months("2024-01", "2024-12"), scope="The control") is None
    fenland_only = mixed_coverage(
        store, months("2025-01", "2025-12"), scope="The control", lsoa_prefix="Fenland 00"
    )
    assert fenland_only is None
    assert mixed_coverage(store, months("2025-10", "2025-12"), scope="The control") is None


def test_a_second_source_for_some_months_mixes_coverage_and_names_it():
    rows = [("policeuk", FORCE, "Fenland 001A", f"{m}-01") for m in _labels("2024-01", "2024-12")]
    rows += [("council-asb", "", "Fenland 002B", f"{m}-01") for m in _labels("2024-07", "2024-12")]
    warning = mixed_coverage(
        coverage_from_rows(rows), months("2024-01", "2024-12"), scope="The map"
    )
    assert warning.line == (
        "The map mixes coverage: Fenland (council-asb data from no force named) for 2024-07 to "
        "2024-12 (6 months) only."
    )


def test_another_force_for_some_months_is_named():
    rows = [("policeuk", FORCE, "Fenland 001A", f"{m}-01") for m in _labels("2024-01", "2024-06")]
    rows += [
        ("policeuk", "Norfolk Constabulary", "King's Lynn and West Norfolk 001A", "2024-06-01")
    ]
    warning = mixed_coverage(
        coverage_from_rows(rows), months("2024-01", "2024-06"), scope="The map"
    )
    assert (
        "King's Lynn and West Norfolk (police.uk data from Norfolk Constabulary) for 2024-06 only"
        in warning.line
    )


@given(st.sets(st.integers(600, 700), min_size=1, max_size=30))
def test_month_runs_names_every_month_once(chosen):
    said = month_runs(chosen)
    for m in chosen:
        label = str(np.datetime64(m, "M"))
        inside = any(
            part.split(" to ")[0] <= label <= part.split(" to ")[-1].split(" (")[0]
            for part in said.replace(" and ", ", ").split(", ")
        )
        assert inside, (label, said)
