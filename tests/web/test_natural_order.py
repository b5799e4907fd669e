"""The one natural-order helper every list of premises and flats goes through (issue 17, item 5):
Flat 2 before Flat 10, as on the doors, not 1, 10, 11, 2 as a database sorts text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from clearhold.toolkit.ordering import natural_key, naturally


def test_flats_come_in_door_order():
    flats = ["Flat 10", "Flat 2", "flat 1", "Flat 11", "Flat 2A", "Garage"]
    assert naturally(flats) == ["flat 1", "Flat 2", "Flat 2A", "Flat 10", "Flat 11", "Garage"]


@given(st.lists(st.integers(0, 10_000), unique=True))
def test_property_numbered_flats_sort_by_their_number(numbers):
    flats = [f"Flat {n}" for n in numbers]
    assert naturally(flats) == [f"Flat {n}" for n in sorted(numbers)]


@given(st.lists(st.text(alphabet="Flat 0123456789-AB", max_size=12)))
def test_property_any_names_sort_without_error_and_keep_every_name(names):
    ordered = naturally(names)
    assert sorted(ordered) == sorted(names)
    keys = [natural_key(name) for name in ordered]
    assert keys == sorted(keys)
