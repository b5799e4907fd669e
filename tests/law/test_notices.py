"""Closure notices: issuer and rank, the seven contents, exemptions, informing, consulting,
the hearing booked inside the window, and extension notices.
"""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date, datetime

import pytest

from clearhold.law.clocks import UK
from clearhold.law.notices import (
    NoticeContents,
    NoticeDraft,
    check_issuer,
    notice_max_hours,
    validate_notice,
    validate_notice_extension,
)
from clearhold.law.premises import Premises

ON = date(2025, 6, 2)
ALL_CONTENTS = NoticeContents(**{f.name: True for f in fields(NoticeContents)})


def draft(**overrides) -> NoticeDraft:
    base = NoticeDraft(
        issuer="police",
        role="supervisor",
        hours=24,
        issue_at=datetime(2025, 6, 2, 9, tzinfo=UK),
        premises=Premises("Flat 12, Example House, 1 High Street, Bedford", "dwelling"),
        contents=ALL_CONTENTS,
        informed_occupiers=True,
        informed_interested_persons=True,
        consulted=("Housing provider", "Council ASB team"),
        exempt_residents=True,
        exempt_owner=True,
        hearing_at=datetime(2025, 6, 3, 14, tzinfo=UK),
    )
    return replace(base, **overrides)


def codes(findings):
    return sorted((f.code, f.severity) for f in findings)


def test_a_complete_inspector_notice_has_no_findings():
    assert validate_notice(draft()) == []


@pytest.mark.parametrize("missing", [f.name for f in fields(NoticeContents)])
def test_each_missing_content_of_s76_5_is_a_block_naming_its_paragraph(missing):
    contents = replace(ALL_CONTENTS, **{missing: False})
    findings = validate_notice(draft(contents=contents))
    assert codes(findings) == [("CN-05", "block")]
    letter = "abcdefg"[[f.name for f in fields(NoticeContents)].index(missing)]
    assert findings[0].section == f"s.76(5)({letter})"
    assert f"s.76(5)({letter})" in findings[0].message


def test_an_empty_notice_lists_all_seven_contents():
    findings = validate_notice(draft(contents=NoticeContents()))
    assert len([f for f in findings if f.code == "CN-05"]) == 7


@pytest.mark.parametrize(
    ("issuer", "role", "hours", "expected"),
    [
        ("police", "officer", 24, [("CN-01", "block")]),
        ("police", "supervisor", 24, []),
        ("police", "supervisor", 48, [("CN-10", "block")]),
        ("police", "senior", 48, []),
        ("police", "senior", 49, [("CN-10", "block")]),
        ("council", "officer", 24, [("CN-01", "warn")]),
        ("council", "supervisor", 24, []),
        ("council", "supervisor", 36, [("CN-10", "block")]),
        ("council", "senior", 48, []),
        ("council", "analyst", 24, [("CN-01", "block")]),
        ("housing", "senior", 24, [("CN-01", "block")]),
        ("police", "senior", 0, [("CN-09", "block")]),
    ],
)
def test_who_may_issue_and_for_how_long(issuer, role, hours, expected):
    assert codes(check_issuer(issuer, role, hours, on=ON)) == expected


def test_48_hour_refusal_names_the_superintendent_or_chief_executive():
    police = check_issuer("police", "supervisor", 48, on=ON)[0].message
    council = check_issuer("council", "supervisor", 48, on=ON)[0].message
    assert "superintendent" in police
    assert "s.77(2)" in police
    assert "chief executive" in council


def test_notice_max_hours_by_role():
    assert notice_max_hours("police", "officer", on=ON) == 0
    assert notice_max_hours("police", "supervisor", on=ON) == 24
    assert notice_max_hours("police", "senior", on=ON) == 48
    assert notice_max_hours("council", "officer", on=ON) == 24
    assert notice_max_hours("housing", "senior", on=ON) == 0


def test_residents_and_owner_must_be_exempt():
    findings = validate_notice(draft(exempt_residents=False, exempt_owner=False))
    assert [f.section for f in findings] == ["s.76(4)", "s.76(4)"]


def test_informing_and_consulting_must_be_recorded_before_issue():
    findings = validate_notice(
        draft(informed_occupiers=False, informed_interested_persons=False, consulted=(" ",))
    )
    assert [f.section for f in findings] == ["s.76(6)(a)", "s.76(6)(b)", "s.76(7)"]
    assert all(f.severity == "block" for f in findings)


def test_the_hearing_must_be_booked_before_issue():
    findings = validate_notice(draft(hearing_at=None))
    assert codes(findings) == [("CO-02", "block")]


def test_a_hearing_before_issue_is_blocked_and_one_past_the_window_warned():
    assert codes(validate_notice(draft(hearing_at=datetime(2025, 6, 2, 8, tzinfo=UK)))) == [
        ("CO-02", "block")
    ]
    late = validate_notice(draft(hearing_at=datetime(2025, 6, 4, 10, tzinfo=UK)))
    assert codes(late) == [("CO-02", "warn")]


def test_premises_drawn_as_an_area_block_the_notice():
    findings = validate_notice(draft(premises=Premises("Streets around the retail park", "area")))
    assert ("PR-01", "block") in codes(findings)


def test_extension_notice_by_a_superintendent_up_to_24_hours_is_lawful():
    ok = validate_notice_extension(
        issuer="police",
        role="senior",
        notice_hours=24,
        extension_hours=24,
        notice_senior_authority=False,
        identifies_notice=True,
        on=ON,
    )
    assert ok == []


def test_extension_notice_faults():
    findings = validate_notice_extension(
        issuer="council",
        role="supervisor",
        notice_hours=48,
        extension_hours=25,
        notice_senior_authority=True,
        identifies_notice=False,
        on=ON,
    )
    assert [f.section for f in findings] == ["s.77(4)", "s.77(4)", "s.77(4)", "s.77(5)"]
    assert any("chief executive" in f.message for f in findings)


def test_extension_cannot_take_a_notice_past_48_hours():
    findings = validate_notice_extension(
        issuer="police",
        role="senior",
        notice_hours=30,
        extension_hours=24,
        notice_senior_authority=False,
        identifies_notice=True,
        on=ON,
    )
    assert [f.section for f in findings] == ["s.77(1),(4)"]
