"""Closure orders: term, access terms, hearing, adjournment, continuation and extensions."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearhold.law.clocks import UK, add_months
from clearhold.law.findings import blocks
from clearhold.law.orders import (
    check_access_terms,
    check_adjournment,
    check_continuation,
    check_hearing,
    check_order_term,
    validate_order,
    validate_order_extension,
)

WISBECH_EXEMPT = (
    "residents",
    "visitors of residents",
    "emergency services",
    "staff of Clarion Housing",
    "staff of Fenland District Council",
)


def extension(**overrides):
    args = dict(
        order_start=date(2025, 5, 7),
        current_ends_on=date(2025, 8, 7),
        new_ends_on=date(2025, 11, 7),
        applied_on=date(2025, 7, 30),
        order_applicant="police",
        applicant="police",
        applicant_role="supervisor",
        consultee_consulted=True,
    )
    args.update(overrides)
    return validate_order_extension(**args)


def codes(findings):
    return sorted((f.code, f.severity) for f in findings)


def test_wisbech_order_as_made_is_lawful():
    findings = validate_order(
        start=date(2025, 5, 7),
        ends_on=date(2025, 8, 7),
        partial=True,
        allowed=WISBECH_EXEMPT,
    )
    assert findings == []


def test_wisbech_extension_to_7_november_is_within_the_6_month_cap():
    assert extension() == []


def test_barnet_three_months_then_six_more_by_extension_is_refused():
    findings = extension(
        order_start=date(2024, 1, 10),
        current_ends_on=date(2024, 4, 10),
        new_ends_on=date(2024, 10, 10),
        applied_on=date(2024, 4, 1),
    )
    assert codes(findings) == [("CO-23", "block"), ("CO-23", "block")]
    cap = next(f for f in findings if f.section == "s.82(8)")
    assert "fresh" in cap.message
    assert "10 July 2024" in cap.message


def test_a_second_extension_is_allowed_while_the_total_stays_within_6_months():
    first = extension(new_ends_on=date(2025, 9, 7))
    second = extension(current_ends_on=date(2025, 9, 7), applied_on=date(2025, 9, 1))
    assert first == []
    assert second == []
    third = extension(
        current_ends_on=date(2025, 11, 7),
        new_ends_on=date(2025, 11, 8),
        applied_on=date(2025, 11, 1),
    )
    assert [f.section for f in third] == ["s.82(8)"]


def test_order_longer_than_3_months_is_blocked():
    findings = check_order_term(date(2025, 5, 7), date(2025, 8, 8))
    assert codes(findings) == [("CO-05", "block")]
    assert "7 August 2025" in findings[0].message
    assert check_order_term(date(2025, 5, 7), date(2025, 8, 7)) == []


def test_order_term_clamps_at_month_end():
    assert check_order_term(date(2024, 11, 30), date(2025, 2, 28)) == []
    assert blocks(check_order_term(date(2024, 11, 30), date(2025, 3, 1)))


def test_extension_applied_for_after_expiry_is_blocked():
    assert codes(extension(applied_on=date(2025, 8, 8))) == [("CO-20", "block")]
    assert codes(extension(applied_on=date(2025, 8, 7))) == [("CO-20", "warn")]


def test_extension_needs_an_inspector_for_the_police_and_the_same_body():
    assert codes(extension(applicant_role="officer")) == [("CO-20", "block")]
    assert codes(extension(applicant="council")) == [("CO-20", "block")]
    assert extension(order_applicant="council", applicant="council", applicant_role="officer") == []


@pytest.mark.parametrize(
    ("applicant", "consultee"),
    [("police", "the local authority"), ("council", "the chief officer of police")],
)
def test_extension_needs_the_appropriate_consultee(applicant, consultee):
    findings = extension(order_applicant=applicant, applicant=applicant, consultee_consulted=False)
    assert codes(findings) == [("CO-21", "block")]
    assert consultee in findings[0].message


def test_each_extension_is_at_most_3_months():
    findings = extension(
        current_ends_on=date(2025, 6, 7), new_ends_on=date(2025, 9, 8), applied_on=date(2025, 6, 1)
    )
    assert [f.section for f in findings] == ["s.82(7)"]


@given(st.dates(min_value=date(2015, 1, 1), max_value=date(2040, 12, 31)))
def test_maximum_order_then_maximum_extension_never_passes_the_cap(start):
    ends = add_months(start, 3)
    assert check_order_term(start, ends) == []
    findings = extension(
        order_start=start,
        current_ends_on=ends,
        new_ends_on=add_months(ends, 3),
        applied_on=start,
    )
    assert findings == []


@given(
    st.dates(min_value=date(2015, 1, 1), max_value=date(2040, 12, 31)),
    st.integers(1, 400),
)
def test_any_extension_past_6_months_is_blocked_with_a_fresh_order_message(start, extra_days):
    cap = add_months(start, 6)
    findings = extension(
        order_start=start,
        current_ends_on=add_months(start, 3),
        new_ends_on=date.fromordinal(cap.toordinal() + extra_days),
        applied_on=start,
    )
    over = [f for f in findings if f.section == "s.82(8)"]
    assert len(over) == 1
    assert over[0].severity == "block"
    assert "fresh" in over[0].message


def test_partial_order_without_an_allow_list_is_blocked():
    findings = check_access_terms(
        partial=True, allowed=("  ",), dwelling=False, bars_residents=False
    )
    assert codes(findings) == [("CO-06", "block")]


def test_full_closure_of_a_home_warns_about_its_residents():
    findings = check_access_terms(partial=False, allowed=(), dwelling=True, bars_residents=True)
    assert codes(findings) == [("CO-06", "warn")]
    assert "s.87" in findings[0].message


def test_bedford_partial_closure_with_residents_family_and_support_workers_is_fine():
    allowed = ("residents", "immediate family of residents", "support workers")
    assert (
        check_access_terms(partial=True, allowed=allowed, dwelling=True, bars_residents=False) == []
    )


def test_hearing_must_be_within_48_hours_of_service_skipping_christmas():
    served = datetime(2025, 12, 24, 10, tzinfo=UK)
    assert check_hearing(served, datetime(2025, 12, 27, 10, tzinfo=UK)) == []
    late = check_hearing(served, datetime(2025, 12, 27, 10, 1, tzinfo=UK))
    assert codes(late) == [("CO-02", "block")]
    assert "10:00 on 27 December 2025" in late[0].message


def test_validate_order_checks_the_hearing_when_given():
    findings = validate_order(
        start=date(2025, 6, 5),
        ends_on=date(2025, 9, 5),
        partial=False,
        served_at=datetime(2025, 6, 2, 9, tzinfo=UK),
        heard_at=datetime(2025, 6, 5, 9, tzinfo=UK),
    )
    assert codes(findings) == [("CO-02", "block")]


def test_adjournment_is_at_most_14_days():
    assert check_adjournment(date(2025, 6, 2), date(2025, 6, 16)) == []
    findings = check_adjournment(date(2025, 6, 2), date(2025, 6, 17))
    assert codes(findings) == [("CO-10", "block")]
    assert "16 June 2025" in findings[0].message


def test_continuation_of_the_notice_is_at_most_48_hours():
    assert check_continuation(48, on=date(2025, 6, 2)) == []
    assert codes(check_continuation(49, on=date(2025, 6, 2))) == [("CO-09", "block")]
