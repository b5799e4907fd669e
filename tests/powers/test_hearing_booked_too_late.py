"""Finding (issue 17, item 3): a hearing booked more than 48 hours after service was not flagged.

Booked for 10:00 on 9 December, the notice served at 06:47 on 5 December, the closure page
showed "heard by 06:47 on 7 December – Upcoming" beside the booking. The application must be
heard within 48 hours of service, Christmas Day disregarded (s.80(3),(4)): from the moment
service is recorded the conflict is red on the closure page, the dashboard and the calendar.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from clearhold.law import UK, hearing_deadline
from clearhold.law.hearings import check_booking_within_window
from clearhold.powers.clocks import closure_clocks
from clearhold.powers.services import service_record
from tests.powers.conftest import issue


def test_the_reported_booking_conflicts_with_the_window():
    served = dt.datetime(2025, 12, 5, 6, 47, tzinfo=UK)
    (finding,) = check_booking_within_window(served, dt.datetime(2025, 12, 9, 10, tzinfo=UK))
    assert finding.severity == "block"
    assert finding.section == "s.80(3),(4)"
    assert "booked for 10:00 on 9 December 2025" in finding.message
    assert "heard by 06:47 on 7 December 2025" in finding.message


def test_christmas_day_is_disregarded_in_the_window():
    served = dt.datetime(2025, 12, 24, 10, tzinfo=UK)
    assert check_booking_within_window(served, dt.datetime(2025, 12, 27, 10, tzinfo=UK)) == []
    late = check_booking_within_window(served, dt.datetime(2025, 12, 27, 10, 1, tzinfo=UK))
    assert "heard by 10:00 on 27 December 2025" in late[0].message


@given(st.datetimes(min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2030, 12, 31)))
def test_property_a_booking_at_the_deadline_is_fine_a_minute_later_is_not(served):
    served = served.replace(tzinfo=dt.UTC)
    latest = hearing_deadline(served)
    assert check_booking_within_window(served, latest) == []
    assert check_booking_within_window(served, latest + dt.timedelta(minutes=1)) != []


@pytest.fixture
def booked_late(prepared, inspector, constable):
    """Issued an hour ago, the hearing booked three days on; served just now."""
    now = timezone.now().astimezone(UK).replace(second=0, microsecond=0)
    notice, _ = issue(
        prepared,
        inspector,
        issued_at=now - dt.timedelta(hours=1),
        hearing_at=now + dt.timedelta(days=3),
    )
    return notice, now


def _serve(notice, constable, at):
    service_record(user=constable, notice=notice, act="a", served_at=at, detail="Gate")


def test_no_conflict_before_service_then_red_once_service_is_recorded(
    client, inspector, constable, booked_late
):
    notice, now = booked_late
    closure = notice.closure
    assert not [c for c in closure_clocks(closure) if c.conflict]
    _serve(notice, constable, now)
    (clock,) = [c for c in closure_clocks(closure) if c.key == "hearing_by"]
    assert clock.state(now) == "conflict"
    client.force_login(inspector)
    page = client.get(closure.get_absolute_url()).content.decode()
    assert 'govuk-tag--red">Hearing booked too late' in page
    assert 'data-testid="hearing-conflict"' in page
    assert "Upcoming" not in page.split('data-clock="hearing_by"')[1].split("</tr>")[0]


def test_the_conflict_is_red_on_the_dashboard_problem_and_closure_list(
    client, inspector, constable, booked_late
):
    notice, now = booked_late
    _serve(notice, constable, now)
    client.force_login(inspector)
    for url in (
        reverse("problems:dashboard"),
        notice.closure.problem.get_absolute_url(),
        reverse("powers:list"),
    ):
        page = client.get(url).content.decode()
        assert 'govuk-tag--red">Hearing booked too late' in page, url


def test_the_conflict_is_red_in_the_calendar(client, inspector, constable, booked_late):
    notice, now = booked_late
    _serve(notice, constable, now)
    client.force_login(inspector)
    ics = client.get(reverse("problems:calendar")).content.decode().replace("\r\n ", "")
    event = next(e for e in ics.split("BEGIN:VEVENT") if "hearing_by" in e)
    assert "SUMMARY:CONFLICT – Hearing booked too late – Application heard by" in event
    assert "COLOR:red" in event


def test_a_booking_within_the_window_is_not_a_conflict(client, inspector, constable, prepared):
    now = timezone.now().astimezone(UK).replace(second=0, microsecond=0)
    notice, _ = issue(
        prepared,
        inspector,
        issued_at=now - dt.timedelta(hours=1),
        hearing_at=now + dt.timedelta(hours=20),
    )
    _serve(notice, constable, now)
    client.force_login(inspector)
    page = client.get(reverse("problems:dashboard")).content.decode()
    assert "Hearing booked too late" not in page
