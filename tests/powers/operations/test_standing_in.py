"""Which block the officer is standing in: inside an outline, near one (50 m), or none."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearhold.analysis.standing_in import block_at
from tests.powers.operations.conftest import DEPTH, SOUTH, STEP, WEST, WIDTH, block_outline

OUTLINES = [(n, json.loads(block_outline(n))) for n in range(10)]
#: Degrees of latitude in a metre, near 51.6° N (111.2 km a degree).
METRE = 1 / 111_200


def inside(n: int, across: float = 0.5, up: float = 0.5) -> tuple[float, float]:
    """A point of block ``n``'s outline, ``across`` and ``up`` its width and depth."""
    return WEST + n * STEP + across * WIDTH, SOUTH + up * DEPTH


def test_a_point_inside_a_block_is_that_block():
    assert block_at(*inside(3), OUTLINES) == 3


def test_a_point_just_outside_a_block_is_the_nearest_within_50_metres():
    lon, _ = inside(6)
    assert block_at(lon, SOUTH - 30 * METRE, OUTLINES) == 6  # 30 m south of its front
    assert block_at(lon, SOUTH + DEPTH + 45 * METRE, OUTLINES) == 6  # 45 m behind it


def test_a_point_far_from_every_block_is_none():
    lon, _ = inside(6)
    assert block_at(lon, SOUTH - 60 * METRE, OUTLINES) is None
    assert block_at(-0.1276, 51.5072, OUTLINES) is None  # Charing Cross


def test_between_two_blocks_the_nearer_one_is_given():
    gap_start = WEST + 2 * STEP + WIDTH  # the east edge of block 2; block 3 starts STEP later
    gap = STEP - WIDTH
    assert block_at(gap_start + 0.2 * gap, SOUTH + DEPTH / 2, OUTLINES) == 2
    assert block_at(gap_start + 0.8 * gap, SOUTH + DEPTH / 2, OUTLINES) == 3


@pytest.mark.parametrize(("lon", "lat"), [(float("nan"), 51.6), (0.0, float("inf"))])
def test_no_location_is_no_block(lon, lat):
    assert block_at(lon, lat, OUTLINES) is None


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=0, max_value=9),
    st.floats(min_value=0.02, max_value=0.98),
    st.floats(min_value=0.02, max_value=0.98),
)
def test_any_point_inside_block_k_is_answered_k(k, across, up):
    assert block_at(*inside(k, across, up), OUTLINES) == k
