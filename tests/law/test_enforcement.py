"""Graduated enforcement: ages, prerequisites, terms, appeal windows and breach consequences."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearhold.law.clocks import add_months
from clearhold.law.enforcement import (
    ABC,
    ARREST,
    CBO,
    CIVIL_INJUNCTION,
    CPN,
    CPW,
    DEFAULT_CPW_COMPLIANCE_DAYS,
    FPN,
    INFORMAL_LETTER,
    LADDER,
    STEP_KINDS,
    STEP_LABELS,
    TENANCY_ACTION,
    Step,
    age_on,
    appeal_by,
    breach_consequence,
    check_step,
    chronology,
)

ON = date(2025, 6, 2)
ADULT = date(1990, 3, 14)
AGED_15 = date(2009, 12, 1)  # 15 on ON
AGED_17 = date(2008, 1, 1)  # 17 on ON


def codes(findings):
    return sorted((f.code, f.severity) for f in findings)


def step(kind, **kw):
    kw.setdefault("on", ON)
    kw.setdefault("date_of_birth", ADULT)
    kw.setdefault("history", ())
    return check_step(kind, **kw)


# --- age_on ----------------------------------------------------------------------------------


def test_age_in_whole_years_turns_on_the_birthday():
    assert age_on(date(2009, 6, 2), date(2025, 6, 1)) == 15
    assert age_on(date(2009, 6, 2), date(2025, 6, 2)) == 16
    assert age_on(date(2009, 6, 2), date(2009, 6, 2)) == 0


def test_a_29_february_birthday_turns_on_1_march_in_a_common_year():
    born = date(2008, 2, 29)
    assert age_on(born, date(2024, 2, 28)) == 15
    assert age_on(born, date(2024, 2, 29)) == 16  # leap year: the birthday itself
    assert age_on(born, date(2025, 2, 28)) == 16
    assert age_on(born, date(2026, 2, 28)) == 17
    assert age_on(born, date(2026, 3, 1)) == 18


def test_age_refuses_a_day_before_birth_and_datetimes():
    with pytest.raises(ValueError, match="before the date of birth"):
        age_on(date(2020, 1, 1), date(2019, 12, 31))
    with pytest.raises(TypeError, match="calendar date"):
        age_on(date(2000, 1, 1), datetime(2020, 1, 1))  # type: ignore[arg-type]


# --- CPW / CPN (s.43) ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [CPW, CPN])
def test_cpw_and_cpn_need_the_person_to_be_16(kind):
    history = (Step(CPW, ON - timedelta(days=30)),)
    findings = step(kind, date_of_birth=AGED_15, history=history)
    assert codes(findings) == [("GE-01", "block")]
    assert findings[0].section == "s.43(1)"
    assert "this person is 15 on 02 June 2025" in findings[0].message


def test_cpn_on_the_16th_birthday_is_allowed_and_the_day_before_is_not():
    history = (Step(CPW, date(2025, 5, 1)),)
    born = date(2009, 6, 2)
    assert step(CPN, on=date(2025, 6, 2), date_of_birth=born, history=history) == []
    day_before = step(CPN, on=date(2025, 6, 1), date_of_birth=born, history=history)
    assert codes(day_before) == [("GE-01", "block")]


def test_cpn_for_a_29_february_child_turns_16_on_29_february():
    born = date(2008, 2, 29)
    history = (Step(CPW, date(2024, 1, 1)),)
    assert codes(step(CPN, on=date(2024, 2, 28), date_of_birth=born, history=history)) == [
        ("GE-01", "block")
    ]
    assert step(CPN, on=date(2024, 2, 29), date_of_birth=born, history=history) == []


def test_a_29_february_child_is_under_18_on_28_february_of_a_common_year():
    born = date(2008, 2, 29)  # 18 on 1 March 2026
    on_28th = step(CBO, on=date(2026, 2, 28), date_of_birth=born, until_further_order=True)
    assert ("GE-20", "block") in codes(on_28th)
    assert step(CBO, on=date(2026, 3, 1), date_of_birth=born, until_further_order=True) == []
    youth = step(CIVIL_INJUNCTION, on=date(2026, 2, 28), date_of_birth=born, ends_on=None)
    assert ("GE-11", "block") in codes(youth)


def test_unknown_date_of_birth_asks_to_confirm_the_age():
    findings = step(CPW, date_of_birth=None)
    assert codes(findings) == [("GE-01", "warn")]
    assert "Confirm the person's age" in findings[0].message


def test_cpn_without_a_warning_on_record_is_blocked():
    findings = step(CPN)
    assert codes(findings) == [("GE-02", "block")]
    assert findings[0].section == "s.43(5)(a)"


def test_a_warning_after_the_notice_does_not_count():
    findings = step(CPN, history=(Step(CPW, ON + timedelta(days=1)),))
    assert codes(findings) == [("GE-02", "block")]


def test_cpn_soon_after_the_warning_warns_and_says_the_7_days_are_not_statute():
    findings = step(CPN, history=(Step(CPW, ON - timedelta(days=3)),))
    assert codes(findings) == [("GE-03", "warn")]
    assert "enough time to deal with the matter" in findings[0].message
    assert "ClearHold's own default, not the statute's" in findings[0].message
    assert DEFAULT_CPW_COMPLIANCE_DAYS == 7


@pytest.mark.parametrize(("gap", "expected"), [(0, [("GE-03", "warn")]), (6, [("GE-03", "warn")])])
def test_default_compliance_period_warns_under_7_days(gap, expected):
    assert codes(step(CPN, history=(Step(CPW, ON - timedelta(days=gap)),))) == expected


def test_default_compliance_period_is_met_at_7_days():
    assert step(CPN, history=(Step(CPW, ON - timedelta(days=7)),)) == []


def test_the_latest_warning_is_the_one_that_counts():
    history = (Step(CPW, ON - timedelta(days=60)), Step(CPW, ON - timedelta(days=2)))
    assert codes(step(CPN, history=history)) == [("GE-03", "warn")]


def test_a_stated_compliance_period_replaces_the_default():
    history = (Step(CPW, ON - timedelta(days=10)),)
    findings = step(CPN, history=history, compliance_days=14)
    assert codes(findings) == [("GE-03", "warn")]
    assert "the 14 days the warning gave" in findings[0].message
    assert step(CPN, history=(Step(CPW, ON - timedelta(days=14)),), compliance_days=14) == []
    assert step(CPN, history=(Step(CPW, ON - timedelta(days=2)),), compliance_days=2) == []


def test_negative_compliance_period_is_a_programming_error():
    with pytest.raises(ValueError, match="cannot be negative"):
        step(CPN, compliance_days=-1)


# --- FPN (s.52) ------------------------------------------------------------------------------


def test_fixed_penalty_needs_a_cpn_on_record():
    findings = step(FPN, history=(Step(CPW, ON - timedelta(days=40)),))
    assert codes(findings) == [("GE-04", "block")]
    assert findings[0].section == "s.52(1)"
    assert step(FPN, history=(Step(CPN, ON - timedelta(days=5)),)) == []


# --- civil injunction (ss.1, 14) -------------------------------------------------------------


def test_injunction_against_a_child_under_10_is_blocked():
    findings = step(CIVIL_INJUNCTION, date_of_birth=date(2015, 6, 3), ends_on=date(2026, 1, 1))
    assert codes(findings) == [("GE-10", "block")]
    assert findings[0].section == "s.1(1)"


def test_injunction_on_the_10th_birthday_is_allowed_with_the_youth_rules():
    findings = step(CIVIL_INJUNCTION, date_of_birth=date(2015, 6, 2), ends_on=date(2026, 6, 2))
    assert codes(findings) == [("GE-12", "warn")]


def test_youth_injunction_until_further_order_is_blocked_and_yot_warned():
    findings = step(CIVIL_INJUNCTION, date_of_birth=AGED_17, until_further_order=True)
    assert codes(findings) == [("GE-11", "block"), ("GE-12", "warn")]
    block = next(f for f in findings if f.code == "GE-11")
    assert block.section == "s.1(6)"
    assert "cannot run until further order" in block.message
    assert "consult the local youth offending team" in findings[-1].message


def test_youth_injunction_without_an_end_date_is_blocked():
    findings = step(CIVIL_INJUNCTION, date_of_birth=AGED_17)
    assert ("GE-11", "block") in codes(findings)
    assert "no end date is recorded" in findings[0].message


def test_youth_injunction_may_last_exactly_12_months_but_not_a_day_more():
    latest = add_months(ON, 12)
    assert codes(step(CIVIL_INJUNCTION, date_of_birth=AGED_17, ends_on=latest)) == [
        ("GE-12", "warn")
    ]
    too_long = step(CIVIL_INJUNCTION, date_of_birth=AGED_17, ends_on=latest + timedelta(days=1))
    assert codes(too_long) == [("GE-11", "block"), ("GE-12", "warn")]
    assert "must end by 02 June 2026, not 03 June 2026" in too_long[0].message


def test_injunction_granted_the_day_before_the_18th_birthday_follows_the_youth_rules():
    born = date(2007, 6, 3)
    findings = step(CIVIL_INJUNCTION, date_of_birth=born, until_further_order=True)
    assert ("GE-11", "block") in codes(findings)
    assert (
        step(CIVIL_INJUNCTION, on=date(2025, 6, 3), date_of_birth=born, until_further_order=True)
        == []
    )


@pytest.mark.parametrize(
    "term",
    [{"until_further_order": True}, {"ends_on": date(2027, 6, 2)}, {"ends_on": date(2025, 7, 1)}],
)
def test_adult_injunction_may_be_for_any_period_or_until_further_order(term):
    assert step(CIVIL_INJUNCTION, **term) == []


def test_adult_injunction_with_no_period_recorded_warns():
    assert codes(step(CIVIL_INJUNCTION)) == [("GE-11", "warn")]


def test_injunction_with_both_an_end_and_until_further_order_is_blocked():
    findings = step(CIVIL_INJUNCTION, ends_on=date(2026, 1, 1), until_further_order=True)
    assert codes(findings) == [("GE-11", "block")]


def test_injunction_ending_before_it_starts_is_blocked():
    assert codes(step(CIVIL_INJUNCTION, ends_on=ON)) == [("GE-11", "block")]


def test_injunction_with_unknown_age_warns_with_the_youth_limit():
    findings = step(CIVIL_INJUNCTION, date_of_birth=None, until_further_order=True)
    assert codes(findings) == [("GE-10", "warn")]
    assert "ending by 02 June 2026" in findings[0].message


# --- criminal behaviour order (ss.22, 25, 28) ------------------------------------------------


@pytest.mark.parametrize("months", [12, 24, 36])
def test_youth_cbo_of_1_to_3_years_is_lawful_with_review_and_yot_warnings(months):
    findings = step(CBO, date_of_birth=AGED_17, ends_on=add_months(ON, months))
    assert codes(findings) == [("GE-21", "warn"), ("GE-22", "warn")]
    assert {f.section for f in findings} == {"s.28", "s.22(8)"}


@pytest.mark.parametrize(
    "term",
    [
        {"ends_on": add_months(ON, 12) - timedelta(days=1)},
        {"ends_on": add_months(ON, 36) + timedelta(days=1)},
        {"until_further_order": True},
        {},
    ],
)
def test_youth_cbo_outside_1_to_3_years_is_blocked(term):
    findings = step(CBO, date_of_birth=AGED_17, **term)
    assert codes(findings) == [("GE-20", "block"), ("GE-21", "warn"), ("GE-22", "warn")]
    assert findings[0].section == "s.25(4)"


@pytest.mark.parametrize("term", [{"ends_on": add_months(ON, 24)}, {"until_further_order": True}])
def test_adult_cbo_of_2_years_or_indefinite_is_lawful(term):
    assert step(CBO, **term) == []


@pytest.mark.parametrize(
    "term",
    [{"ends_on": add_months(ON, 24) - timedelta(days=1)}, {"ends_on": add_months(ON, 12)}, {}],
)
def test_adult_cbo_under_2_years_or_without_a_period_is_blocked(term):
    findings = step(CBO, **term)
    assert codes(findings) == [("GE-20", "block")]
    assert findings[0].section == "s.25(5)"


def test_cbo_made_on_the_18th_birthday_follows_the_adult_rules():
    born = date(2007, 6, 2)
    assert step(CBO, date_of_birth=born, until_further_order=True) == []
    day_before = step(CBO, on=date(2025, 6, 1), date_of_birth=born, until_further_order=True)
    assert ("GE-20", "block") in codes(day_before)


def test_cbo_with_unknown_age_warns_and_blocks_only_a_term_lawful_at_no_age():
    assert codes(step(CBO, date_of_birth=None, ends_on=add_months(ON, 30))) == [("GE-20", "warn")]
    assert codes(step(CBO, date_of_birth=None, until_further_order=True)) == [("GE-20", "warn")]
    six_months = step(CBO, date_of_birth=None, ends_on=add_months(ON, 6))
    assert codes(six_months) == [("GE-20", "block"), ("GE-20", "warn")]


def test_cbo_with_both_a_fixed_and_indefinite_period_is_blocked():
    findings = step(CBO, ends_on=add_months(ON, 36), until_further_order=True)
    assert codes(findings) == [("GE-20", "block")]


# --- steps without statutory prerequisites ---------------------------------------------------


@pytest.mark.parametrize("kind", [INFORMAL_LETTER, ABC, ARREST, TENANCY_ACTION])
def test_informal_steps_arrest_and_tenancy_action_have_no_statutory_prerequisites(kind):
    assert step(kind, date_of_birth=date(2016, 1, 1)) == []
    assert step(kind, date_of_birth=None) == []


def test_unknown_kinds_are_refused():
    with pytest.raises(ValueError, match="Unknown enforcement step"):
        step("asbo")
    with pytest.raises(ValueError, match="Unknown enforcement step"):
        Step("asbo", ON)


# --- appeal_by, breach_consequence, chronology -----------------------------------------------


def test_cpn_appeal_runs_21_days_beginning_with_the_day_of_issue():
    assert appeal_by(CPN, date(2025, 6, 1)) == date(2025, 6, 21)
    assert appeal_by(CPN, date(2025, 12, 20)) == date(2026, 1, 9)


@pytest.mark.parametrize("kind", [k for k in LADDER if k != CPN])
def test_no_statutory_appeal_window_for_the_other_kinds(kind):
    assert appeal_by(kind, ON) is None


def test_breach_consequences_state_the_maximum_for_each_power():
    cpn = breach_consequence(CPN)
    assert all(s in cpn for s in ("s.48", "level 4", "£100", "s.52(5),(7)"))
    injunction = breach_consequence(CIVIL_INJUNCTION)
    assert injunction.startswith("Not a criminal offence")
    assert all(s in injunction for s in ("contempt", "2 years", "secondary", "3 months"))
    cbo = breach_consequence(CBO)
    assert all(s in cbo for s in ("s.30", "6 months", "5 years", "indictment"))
    assert "not an offence" in breach_consequence(CPW).lower()
    assert all(breach_consequence(kind).strip() for kind in LADDER)
    with pytest.raises(ValueError, match="Unknown enforcement step"):
        breach_consequence("asbo")


def test_the_ladder_and_labels_cover_the_same_kinds():
    assert STEP_KINDS == LADDER
    assert set(STEP_LABELS) == set(LADDER)
    assert LADDER.index(CPW) < LADDER.index(CPN) < LADDER.index(FPN)


def test_chronology_orders_by_date_then_by_rung():
    history = (
        Step(CPN, date(2025, 3, 1)),
        Step(CBO, date(2025, 9, 1), until_further_order=True),
        Step(ARREST, date(2025, 9, 1)),
        Step(CPW, date(2025, 3, 1)),
        Step(INFORMAL_LETTER, date(2025, 1, 10)),
    )
    assert [(s.on, s.kind) for s in chronology(history)] == [
        (date(2025, 1, 10), INFORMAL_LETTER),
        (date(2025, 3, 1), CPW),
        (date(2025, 3, 1), CPN),
        (date(2025, 9, 1), ARREST),
        (date(2025, 9, 1), CBO),
    ]


# --- properties ------------------------------------------------------------------------------

days = st.dates(min_value=date(1950, 1, 1), max_value=date(2060, 12, 31))
steps = st.builds(Step, kind=st.sampled_from(LADDER), on=days)


@given(days, st.integers(0, 3000), st.integers(0, 3000))
def test_property_age_never_decreases_and_grows_at_most_a_year_a_year(born, a, b):
    first, second = sorted((born + timedelta(days=a), born + timedelta(days=b)))
    assert 0 <= age_on(born, first) <= age_on(born, second)
    assert age_on(born, second) - age_on(born, first) <= (second - first).days // 365 + 1


@given(days, st.integers(1, 90))
def test_property_age_turns_exactly_on_the_birthday(born, years):
    birthday = add_months(born, 12 * years)
    if (born.month, born.day) == (2, 29) and birthday.day == 28:
        birthday += timedelta(days=1)  # 29 February: 1 March in a common year
    assert age_on(born, birthday) == years
    assert age_on(born, birthday - timedelta(days=1)) == years - 1


@given(days)
def test_property_cpn_age_block_flips_exactly_on_the_16th_birthday(born):
    sixteenth = add_months(born, 16 * 12)
    if (born.month, born.day) == (2, 29) and sixteenth.day == 28:
        sixteenth += timedelta(days=1)
    history = (Step(CPW, born),)
    on_birthday = check_step(CPN, on=sixteenth, date_of_birth=born, history=history)
    day_before = check_step(
        CPN, on=sixteenth - timedelta(days=1), date_of_birth=born, history=history
    )
    assert "GE-01" not in {f.code for f in on_birthday}
    assert ("GE-01", "block") in codes(day_before)


@given(days)
def test_property_cpn_appeal_window_is_21_days_counting_the_first(issued):
    last = appeal_by(CPN, issued)
    assert (last - issued).days == 20


@given(st.lists(steps, max_size=10))
def test_property_chronology_is_a_sorted_permutation(history):
    ordered = chronology(history)
    assert sorted(map(repr, ordered)) == sorted(map(repr, history))
    for a, b in pairwise(ordered):
        assert (a.on, LADDER.index(a.kind)) <= (b.on, LADDER.index(b.kind))


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
    st.integers(0, 60),
    st.integers(0, 60),
)
def test_property_a_longer_wait_after_the_warning_never_adds_a_finding(on, shorter, extra):
    def findings(gap):
        history = (Step(CPW, on - timedelta(days=gap)),)
        return check_step(CPN, on=on, date_of_birth=ADULT, history=history)

    assert len(findings(shorter + extra)) <= len(findings(shorter))
