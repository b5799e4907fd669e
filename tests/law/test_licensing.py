"""Licensed premises: which court owes the licensing authority a notice (s.80(9), s.84(7))."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from clearhold.law.licensing import AppealDecided, licensing_duties

MADE = dt.date(2025, 5, 7)
AUTHORITY = "Fenland District Council"


def test_an_order_on_licensed_premises_makes_the_magistrates_notify():
    (duty,) = licensing_duties(authority=AUTHORITY, order_made_on=MADE, order_court="Cambridge")
    assert (duty.section, duty.court, duty.made_on) == ("s.80(9)", "Cambridge", MADE)
    assert duty.sentence == "The court must notify Fenland District Council (s.80(9))."


def test_an_appeal_allowed_against_a_refusal_makes_the_crown_court_notify():
    appeal = AppealDecided(MADE, "allowed", dt.date(2025, 5, 20))
    (duty,) = licensing_duties(
        authority=AUTHORITY, order_made_on=None, refused_on=[MADE], appeals=[appeal]
    )
    assert (duty.section, duty.made_on) == ("s.84(7)", dt.date(2025, 5, 20))
    assert duty.sentence == "The Crown Court must notify Fenland District Council (s.84(7))."
    # The order then recorded is the Crown Court's: one notice, not two.
    again = licensing_duties(
        authority=AUTHORITY,
        order_made_on=dt.date(2025, 5, 20),
        order_court="Cambridge Crown Court",
        refused_on=[MADE],
        appeals=[appeal],
    )
    assert [d.section for d in again] == ["s.84(7)"]


def test_an_appeal_dismissed_against_the_order_adds_no_second_notice():
    appeal = AppealDecided(MADE, "dismissed", dt.date(2025, 5, 20))
    duties = licensing_duties(authority=AUTHORITY, order_made_on=MADE, appeals=[appeal])
    assert [d.section for d in duties] == ["s.80(9)"]


@given(
    made=st.none() | st.dates(),
    outcomes=st.lists(st.sampled_from(["pending", "allowed", "dismissed", "withdrawn"])),
)
def test_premises_without_a_licence_owe_no_notice(made, outcomes):
    appeals = [AppealDecided(MADE, outcome, MADE) for outcome in outcomes]
    assert (
        licensing_duties(authority=" ", order_made_on=made, refused_on=[MADE], appeals=appeals)
        == []
    )
