"""Finding (issue 17, item 5): the hearing form pre-filled the booked time, still to come, as the
time heard, then refused it as "in the future". A booked time still to come is not pre-filled
(the form says when it is booked); one that has passed is, and is accepted as it stands.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from clearhold.law import UK
from clearhold.powers.models import Hearing
from clearhold.powers.services import service_record
from tests.powers.conftest import issue
from tests.web.date_boxes import typed_datetime


def _booked(prepared, inspector, constable, *, hearing_in: dt.timedelta):
    now = timezone.now().astimezone(UK).replace(second=0, microsecond=0)
    notice, _ = issue(
        prepared,
        inspector,
        issued_at=now - dt.timedelta(hours=10),
        hearing_at=now + hearing_in,
    )
    service_record(user=constable, notice=notice, act="a", served_at=now - dt.timedelta(hours=9))
    return notice


def _heard_at_value(page: str) -> str | None:
    assert 'name="heard_at-day"' in page
    return typed_datetime(page, "heard_at")


def test_a_booked_time_still_to_come_is_not_offered_as_the_time_heard(
    client, inspector, constable, prepared
):
    notice = _booked(prepared, inspector, constable, hearing_in=dt.timedelta(hours=5))
    client.force_login(inspector)
    page = client.get(reverse("powers:hearing-new", args=[notice.closure.pk])).content.decode()
    assert _heard_at_value(page) in (None, "")
    booked = notice.hearing_at.astimezone(UK)
    assert f"The hearing is booked for {booked:%H:%M on %-d %B %Y}" in page


def test_a_booked_time_that_has_passed_is_offered_and_accepted(
    client, inspector, constable, prepared
):
    notice = _booked(prepared, inspector, constable, hearing_in=-dt.timedelta(hours=1))
    client.force_login(inspector)
    url = reverse("powers:hearing-new", args=[notice.closure.pk])
    page = client.get(url).content.decode()
    booked = f"{notice.hearing_at.astimezone(UK):%Y-%m-%dT%H:%M}"
    assert _heard_at_value(page) == booked
    response = client.post(
        url, {"court": notice.hearing_court, "heard_at": booked, "outcome": "order_made"}
    )
    assert response.status_code == 302, response.content.decode()
    assert Hearing.objects.get(closure=notice.closure).heard_at == notice.hearing_at
