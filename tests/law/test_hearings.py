"""The hearing and the life of the closure notice (s.80(3), s.81(2)–(4))."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from clearhold.law.clocks import UK, instant
from clearhold.law.deadlines import hearing_deadline, notice_ends_at
from clearhold.law.hearings import check_continuation_in_force, check_hearing_within_notice

# The old demo: a 24-hour notice served at noon on 5 May, the hearing at 10:00 on 7 May.
SERVED = datetime(2025, 5, 5, 12, 0, tzinfo=UK)
ENDS = notice_ends_at(SERVED, hours=24, senior_authority=False)


def test_the_old_demo_hearing_falls_after_its_notice_ends():
    (finding,) = check_hearing_within_notice(ENDS, datetime(2025, 5, 7, 10, tzinfo=UK))
    assert finding.severity == "warn"
    assert "ends at 12:00 on 6 May 2025" in finding.message
    assert "s.81(2),(4)" in finding.message


def test_a_hearing_while_the_notice_is_in_force_is_fine():
    assert check_hearing_within_notice(ENDS, ENDS) == []
    assert check_hearing_within_notice(ENDS, ENDS - timedelta(hours=2)) == []


def test_at_issue_the_warning_says_it_assumes_service_at_once():
    (finding,) = check_hearing_within_notice(ENDS, ENDS + timedelta(hours=1), served=False)
    assert finding.message.startswith("Served at once, the closure notice would end")


def test_a_lapsed_notice_cannot_be_continued():
    (finding,) = check_continuation_in_force(ENDS, ENDS + timedelta(minutes=1))
    assert finding.severity == "block"
    assert finding.section == "s.81(2),(4)"
    assert "it ended at 12:00 on 6 May 2025" in finding.message


def test_a_cancelled_notice_cannot_be_continued():
    (finding,) = check_continuation_in_force(ENDS, SERVED + timedelta(hours=2), cancelled=True)
    assert "it was cancelled" in finding.message


@given(
    served=st.datetimes(
        min_value=datetime(2024, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
    ),
    hours=st.sampled_from([24, 48]),
    heard_after=st.integers(0, 48 * 60),
)
def test_property_a_lawful_hearing_warns_exactly_when_the_notice_has_ended(
    served, hours, heard_after
):
    """Within the 48-hour window (s.80(3)), the warning and the refusal to continue agree: both
    fire exactly when the hearing is after the notice's end."""
    served = served.astimezone(UK)
    ends = notice_ends_at(served, hours=hours, senior_authority=hours == 48)
    heard = (served + timedelta(minutes=heard_after)).astimezone(UK)
    if instant(heard) > instant(hearing_deadline(served)):
        return
    lapsed = instant(heard) > instant(ends)
    assert bool(check_hearing_within_notice(ends, heard)) == lapsed
    assert bool(check_continuation_in_force(ends, heard)) == lapsed
