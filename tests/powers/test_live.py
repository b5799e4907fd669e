"""Live clocks on the problem page, the dashboard and the calendar feed."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from clearhold.law import UK
from clearhold.powers.services import service_record
from tests.powers.conftest import issue


def _served_just_now(prepared, inspector, constable, *, hours_ago: float):
    """A notice served ``hours_ago`` hours ago, its hearing booked for the last minute."""
    served_at = timezone.now().astimezone(UK) - dt.timedelta(hours=hours_ago)
    for engagement in prepared.engagements.all():
        engagement.at = served_at - dt.timedelta(hours=3)
        engagement.save()
    notice, _ = issue(
        prepared,
        inspector,
        issued_at=served_at - dt.timedelta(hours=1),
        hearing_at=served_at + dt.timedelta(hours=47),
    )
    service_record(user=constable, notice=notice, act="a", served_at=served_at)
    return notice


def test_the_problem_page_shows_a_hearing_due_within_24_hours(
    client, prepared, inspector, constable
):
    _served_just_now(prepared, inspector, constable, hours_ago=30)
    client.force_login(inspector)
    page = client.get(prepared.problem.get_absolute_url()).content.decode()
    assert 'data-testid="problem-closure-clocks"' in page
    assert "Application heard by" in page
    assert "Due within 24 hours" in page


def test_the_dashboard_puts_an_overdue_hearing_first(client, prepared, inspector, constable):
    _served_just_now(prepared, inspector, constable, hours_ago=50)
    client.force_login(inspector)
    page = client.get(reverse("problems:dashboard")).content.decode()
    table = page[page.index('data-testid="closure-clocks"') :]
    first_row = table[table.index("<tbody") : table.index("</tr>", table.index("<tbody"))]
    assert "Application heard by" in first_row
    assert "Overdue" in first_row


def test_the_calendar_feed_carries_the_closure_deadlines(client, prepared, inspector, constable):
    _served_just_now(prepared, inspector, constable, hours_ago=2)
    client.force_login(inspector)
    response = client.get(reverse("problems:calendar"))
    calendar = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    hearing = next(e for s, e in events.items() if s.startswith("Application heard by"))
    expected = timezone.now() + dt.timedelta(hours=46)
    assert abs((hearing.decoded("dtstart") - expected).total_seconds()) < 120
    assert str(hearing["uid"]).startswith(f"closure-{prepared.pk}-hearing_by@")


def test_an_outsider_sees_no_closure_section(client, prepared, outsider, inspector, constable):
    _served_just_now(prepared, inspector, constable, hours_ago=2)
    client.force_login(outsider)
    response = client.get(prepared.problem.get_absolute_url())
    assert response.status_code == 403
