"""What an appeal (s.84) does to the order's clocks and the landlord's possession clock."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearhold.law.appeals import (
    ALLOWED,
    CONCLUDED,
    EXTENSION,
    MAKING,
    PENDING,
    REFUSAL,
    AppealFacts,
    order_quashed_on,
    possession_notice_by,
)
from clearhold.law.deadlines import possession_notice_deadline

MADE = date(2025, 5, 7)


def test_no_appeal_runs_three_months_from_the_order():
    assert possession_notice_by(MADE, []) == date(2025, 8, 6)


def test_an_appeal_against_the_making_allowed_stops_the_clock_and_quashes_the_order():
    allowed = AppealFacts(MAKING, ALLOWED, date(2025, 6, 1))
    assert possession_notice_by(MADE, [allowed]) is None
    assert order_quashed_on([allowed]) == date(2025, 6, 1)


def test_an_appeal_against_the_making_dismissed_restarts_the_clock_from_its_end():
    dismissed = AppealFacts(MAKING, "dismissed", date(2025, 6, 1))
    assert possession_notice_by(MADE, [dismissed]) == date(2025, 8, 31)
    assert order_quashed_on([dismissed]) is None


def test_an_appeal_allowed_against_an_extension_leaves_the_clock_and_the_order():
    allowed = AppealFacts(EXTENSION, ALLOWED, date(2025, 8, 20))
    assert possession_notice_by(MADE, [allowed]) == date(2025, 8, 6)
    assert order_quashed_on([allowed]) is None


def test_an_ended_appeal_needs_its_day():
    with pytest.raises(ValueError, match="needs the day it ended"):
        AppealFacts(MAKING, ALLOWED)


days = st.dates(min_value=date(2025, 5, 7), max_value=date(2026, 5, 7))
outcomes = st.sampled_from([PENDING, ALLOWED, *CONCLUDED])
ANY_DECISION = st.sampled_from([MAKING, EXTENSION, REFUSAL])


@st.composite
def appeals(draw, against=ANY_DECISION):
    outcome = draw(outcomes)
    return AppealFacts(draw(against), outcome, None if outcome == PENDING else draw(days))


@given(st.lists(appeals(st.sampled_from([EXTENSION, REFUSAL])), max_size=4))
def test_property_appeals_not_against_the_making_never_move_the_possession_clock(others):
    assert possession_notice_by(MADE, others) == possession_notice_deadline(MADE)
    assert order_quashed_on(others) is None


@given(st.lists(appeals(), max_size=4), days)
def test_property_an_allowed_appeal_against_the_making_always_stops_it(others, on):
    allowed = AppealFacts(MAKING, ALLOWED, on)
    assert possession_notice_by(MADE, [*others, allowed]) is None
    quashed = order_quashed_on([*others, allowed])
    assert quashed is not None
    assert quashed <= on


@given(st.lists(appeals(), max_size=4))
def test_property_the_clock_never_runs_before_the_order_was_made(history):
    last = possession_notice_by(MADE, history)
    assert last is None or last >= possession_notice_deadline(MADE)
