"""An order's allow-list must give the officer one answer at the door (s.80(7)(a),(c))."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from clearhold.law.access import Exemption, Person, may_enter
from clearhold.law.allow_list import VISITING_CODES, check_allow_list
from tests.law.test_access import UNITS, exemptions

RESIDENTS = Exemption("residents", "People who habitually live on the premises")
VISITORS = Exemption("residents_visitors", "Visitors invited by a resident")
EMERGENCY = Exemption("emergency_services", "The emergency services")


def check(allowed, *, partial=True, dwelling=True, bars_residents=False):
    return check_allow_list(
        allowed, partial=partial, dwelling=dwelling, bars_residents=bars_residents
    )


def test_visitors_with_residents_neither_exempted_nor_barred_are_refused():
    """Issue 17 item 1: "visitors invited by a resident" alone was accepted, and the patrol page
    then barred a resident of Flat 3 while letting their visitors in."""
    findings = check((VISITORS, EMERGENCY))
    assert [(f.code, f.severity) for f in findings] == [("CO-06", "block"), ("CO-06", "block")]
    messages = " ".join(f.message for f in findings)
    assert "must say whether the people who live there may still enter" in messages
    assert "a visitor is exempt only as the visitor of someone who may be there" in messages
    assert all(f.section == "s.80(7)(a),(c)" for f in findings)


def test_visitors_of_residents_the_order_bars_are_refused_on_any_premises():
    for dwelling in (True, False):
        assert check((VISITORS,), dwelling=dwelling, bars_residents=True)
        assert check((VISITORS,), partial=False, dwelling=dwelling)
    assert check((VISITORS,), dwelling=False)


def test_residents_both_exempted_and_barred_are_refused():
    (finding,) = check((RESIDENTS,), bars_residents=True)
    assert "both exempts the people who live there" in finding.message


def test_an_order_that_says_one_thing_about_residents_is_accepted():
    assert check((RESIDENTS, VISITORS, EMERGENCY)) == []
    assert check((EMERGENCY,), bars_residents=True) == []
    assert check((EMERGENCY,), partial=False) == []  # a full order bars all it does not exempt
    assert check((EMERGENCY,), dwelling=False) == []  # nobody lives there


def test_visitors_are_limited_to_the_flats_whose_residents_may_be_there():
    flat_1 = Exemption("residents", "Residents of Flat 1", units=("Flat 1",))
    to_flat_3 = Exemption("residents_visitors", "Visitors to Flat 3", units=("Flat 3",))
    to_flat_1 = Exemption("immediate_family", "Family visiting Flat 1", units=(" flat  1",))
    assert "Flat 3" in check((flat_1, to_flat_3))[0].message
    assert "Limit" in check((flat_1, VISITORS))[0].message
    assert check((flat_1, to_flat_1)) == []


@given(
    st.lists(exemptions(), max_size=6).map(tuple),
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.sampled_from(["resident_visitor", "family", "support_worker"]),
    st.none() | st.sampled_from(UNITS),
    st.sampled_from([None, "Clarion Housing", "Mears"]),
)
def test_property_an_accepted_order_never_lets_in_a_visitor_but_not_their_host(
    allowed, partial, dwelling, bars_residents, kind, unit, organisation
):
    """Whatever the allow-list, once accepted: a visitor let in is visiting someone who may be
    there; residents of a home under a partial order are exempted or expressly barred."""
    if check(allowed, partial=partial, dwelling=dwelling, bars_residents=bars_residents):
        return
    visitor = Person(kind, unit=unit, organisation=organisation, invited=True)
    if may_enter(allowed, visitor, instrument="order", full_closure=not partial).allowed:
        host = Person("resident", unit=unit)
        assert may_enter(allowed, host, instrument="order", full_closure=not partial).allowed
        assert not bars_residents
    residents_exempt = any(e.code == "residents" for e in allowed)
    assert not (residents_exempt and bars_residents)
    if partial and dwelling:
        assert residents_exempt or bars_residents


@given(st.lists(exemptions(), max_size=6).map(tuple), st.booleans(), st.booleans())
def test_property_an_order_without_visitors_is_judged_only_on_its_residents(
    allowed, partial, dwelling
):
    plain = tuple(e for e in allowed if e.code not in VISITING_CODES)
    has_residents = any(e.code == "residents" for e in plain)
    for bars in (True, False):
        refused = bool(check(plain, partial=partial, dwelling=dwelling, bars_residents=bars))
        both = has_residents and bars
        unsaid = partial and dwelling and not has_residents and not bars
        assert refused == (both or unsaid)
