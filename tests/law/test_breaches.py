"""Breach → offence and maximum penalty (s.86)."""

from __future__ import annotations

from datetime import date

import pytest

from clearhold.law.breaches import breach_offence, penalty_text
from clearhold.law.parameters import Duration

ON = date(2025, 8, 1)


def test_breach_of_a_notice_is_up_to_3_months():
    offence = breach_offence("notice", reasonable_excuse=False, on=ON)
    assert (offence.code, offence.section) == ("OF-01", "s.86(1)")
    assert offence.max_imprisonment == Duration(3, "months")
    assert penalty_text(offence) == (
        "Up to 3 months in prison, a fine (no statutory maximum), or both, on summary "
        "conviction (s.86(4))."
    )


def test_breach_of_an_order_is_51_weeks_read_as_6_months_and_flagged_unverified():
    offence = breach_offence("order", reasonable_excuse=False, on=ON)
    assert (offence.code, offence.section) == ("OF-03", "s.86(2)")
    assert offence.max_imprisonment == Duration(6, "months")
    assert offence.verified is False


def test_obstruction_carries_the_notice_penalty():
    offence = breach_offence("obstruction", reasonable_excuse=False, on=ON)
    assert (offence.section, offence.max_imprisonment) == ("s.86(3)", Duration(3, "months"))


@pytest.mark.parametrize("kind", ["notice", "order", "obstruction"])
def test_a_reasonable_excuse_means_no_offence(kind):
    assert breach_offence(kind, reasonable_excuse=True, on=ON) is None


def test_unknown_breach_kind_is_refused():
    with pytest.raises(ValueError, match="Unknown breach kind"):
        breach_offence("injunction", reasonable_excuse=False, on=ON)
