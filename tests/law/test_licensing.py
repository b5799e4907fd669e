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
    appeal = AppealDecided(MADE, "allowed", dt.date(2025, 5, 20), against="refusal")
    (duty,) = licensing_duties(authority=AUTHORITY, order_made_on=None, appeals=[appeal])
    assert (duty.section, duty.made_on) == ("s.84(7)", dt.date(2025, 5, 20))
    assert duty.sentence == "The Crown Court must notify Fenland District Council (s.84(7))."
    # The order then recorded is the Crown Court's: one notice, not two.
    again = licensing_duties(
        authority=AUTHORITY,
        order_made_on=dt.date(2025, 5, 20),
        order_court="Cambridge Crown Court",
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
    appeals = [AppealDecided(MADE, outcome, MADE, "refusal") for outcome in outcomes]
    assert licensing_duties(authority=" ", order_made_on=made, appeals=appeals) == []


AGAINST = st.sampled_from(["making", "extension", "refusal"])
OUTCOMES = st.sampled_from(["pending", "allowed", "dismissed", "abandoned", "withdrawn"])


@given(
    appeals=st.lists(
        st.builds(
            AppealDecided,
            decision_on=st.dates(dt.date(2025, 1, 1), dt.date(2026, 12, 31)),
            outcome=OUTCOMES,
            concluded_on=st.dates(dt.date(2025, 1, 1), dt.date(2026, 12, 31)),
            against=AGAINST,
        ),
        max_size=4,
    ),
    extension_refused_on=st.sets(st.dates(dt.date(2025, 1, 1), dt.date(2026, 12, 31))),
)
def test_the_crown_court_notifies_only_for_an_appeal_allowed_against_a_refusal_to_make(
    appeals, extension_refused_on
):
    """What the appeal is against decides (s.84(2),(7)), never the days of other decisions: an
    appeal allowed against the making or an extension of an order, or against a refusal to
    extend it (s.84(3)), makes no order and owes no notice."""
    duties = licensing_duties(
        authority=AUTHORITY,
        order_made_on=None,
        appeals=appeals,
        extension_refused_on=extension_refused_on,
    )
    made = [
        a
        for a in appeals
        if a.outcome == "allowed"
        and a.against == "refusal"
        and a.decision_on not in extension_refused_on
    ]
    assert sorted(d.made_on for d in duties) == sorted(a.concluded_on for a in made)
    assert {d.section for d in duties} <= {"s.84(7)"}


def test_an_appeal_allowed_against_the_making_owes_no_crown_court_notice():
    """Allowing an appeal against the making quashes the order (s.84(6)): nothing is made."""
    appeal = AppealDecided(MADE, "allowed", dt.date(2025, 5, 20), against="making")
    duties = licensing_duties(authority=AUTHORITY, order_made_on=MADE, appeals=[appeal])
    assert [d.section for d in duties] == ["s.80(9)"]


def test_an_appeal_allowed_against_a_refusal_to_extend_owes_no_crown_court_notice():
    refused = dt.date(2025, 8, 5)
    appeal = AppealDecided(refused, "allowed", dt.date(2025, 8, 20), against="refusal")
    duties = licensing_duties(
        authority=AUTHORITY, order_made_on=MADE, appeals=[appeal], extension_refused_on=[refused]
    )
    assert [d.section for d in duties] == ["s.80(9)"]
