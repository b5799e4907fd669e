"""On patrol: closures in force, "may this person be here?" and logging a breach."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from clearhold.law import UK
from clearhold.powers.breaches import breach_record
from clearhold.powers.models import Breach
from tests.powers.conftest import SERVED


def _local(moment: dt.datetime) -> str:
    return moment.astimezone(UK).strftime("%Y-%m-%dT%H:%M")


def test_patrol_lists_closures_in_force(client, constable, live_order):
    client.force_login(constable)
    page = client.get(reverse("powers:patrol"))
    assert page.status_code == 200
    assert "Partial closure order" in page.content.decode()
    assert reverse("powers:access", args=[live_order.closure.pk]) in page.content.decode()


def test_patrol_leaves_out_closures_not_in_force(client, constable, order):
    client.force_login(constable)
    page = client.get(reverse("powers:patrol"))
    assert 'data-testid="no-closures"' in page.content.decode()


@pytest.mark.parametrize(
    ("query", "allowed", "quoted"),
    [
        ({"kind": "resident", "unit": "Flat 3"}, "yes", "habitually live"),
        ({"kind": "housing_staff", "organisation": "clarion housing"}, "yes", "Clarion Housing"),
        ({"kind": "housing_staff", "organisation": "Another Landlord"}, "no", None),
        ({"kind": "contractor", "organisation": "Fix-it Ltd"}, "no", None),
        ({"kind": "resident_visitor", "invited": "no"}, "no", None),
        ({"kind": "emergency_services"}, "yes", "mergency"),
    ],
)
def test_may_this_person_be_here(client, constable, live_order, query, allowed, quoted):
    client.force_login(constable)
    page = client.get(reverse("powers:access", args=[live_order.closure.pk]), query)
    body = page.content.decode()
    assert f'data-allowed="{allowed}"' in body
    if quoted:
        assert quoted in body


def test_access_check_says_when_nothing_is_in_force(client, constable, order):
    client.force_login(constable)
    page = client.get(reverse("powers:access", args=[order.closure.pk]), {"kind": "contractor"})
    assert 'data-testid="not-in-force"' in page.content.decode()
    assert "data-allowed" not in page.content.decode()


def test_recording_a_breach_of_the_order(client, constable, live_order):
    client.force_login(constable)
    when = timezone.now() - dt.timedelta(minutes=20)
    response = client.post(
        reverse("powers:breach-new", args=[live_order.closure.pk]),
        {
            "occurred_at": _local(when),
            "place": "Bench by the north gate",
            "person_description": "Male, 20s, grey hoodie",
            "seen": "Dealing from the bench",
            "video_reference": "BWV-1234",
            "arrest": "yes",
            "latitude": "52.6649",
            "longitude": "0.1595",
        },
    )
    assert response.status_code == 302
    breach = Breach.objects.get()
    assert breach.breach_of == "order"
    assert breach.offence_section == "s.86(2)"
    assert "6 months" in breach.max_penalty
    assert breach.arrest
    assert breach.latitude == pytest.approx(52.6649)
    assert breach.recorded_by == constable


def test_a_breach_with_no_notice_or_order_in_force_is_refused(client, constable, order):
    client.force_login(constable)
    response = client.post(
        reverse("powers:breach-new", args=[order.closure.pk]),
        {"occurred_at": _local(timezone.now()), "seen": "Someone on the land", "arrest": "no"},
    )
    assert response.status_code == 200
    assert "No closure notice or order was in force" in response.content.decode()
    assert not Breach.objects.exists()


def test_a_breach_of_the_notice_maps_to_its_offence(served, constable):
    breach = breach_record(
        user=constable,
        closure=served.closure,
        occurred_at=SERVED + dt.timedelta(hours=2),
        seen="Two people entering the land",
    )
    assert breach.breach_of == "notice"
    assert breach.offence_section == "s.86(1)"
    assert "3 months" in breach.max_penalty


def test_obstruction_is_its_own_offence(served, constable):
    breach = breach_record(
        user=constable,
        closure=served.closure,
        occurred_at=SERVED - dt.timedelta(minutes=5),
        seen="Tore the notice down as it was fixed",
        obstruction=True,
    )
    assert breach.offence_section == "s.86(3)"


def test_a_breach_in_the_future_is_refused(live_order, constable):
    with pytest.raises(ValidationError):
        breach_record(
            user=constable,
            closure=live_order.closure,
            occurred_at=timezone.now() + dt.timedelta(hours=2),
            seen="x",
        )


def test_a_partner_viewer_cannot_record_a_breach(client, partner_viewer, live_order, manager):
    from clearhold.problems.services import partner_add

    partner_add(
        user=manager,
        problem=live_order.closure.problem,
        organisation=partner_viewer.organisation,
        sees_personal_data=False,
    )
    client.force_login(partner_viewer)
    assert client.get(reverse("powers:access", args=[live_order.closure.pk])).status_code == 200
    page = client.get(reverse("powers:breach-new", args=[live_order.closure.pk]))
    assert page.status_code == 403


def test_an_outsider_cannot_check_access(client, outsider, live_order):
    client.force_login(outsider)
    page = client.get(reverse("powers:access", args=[live_order.closure.pk]))
    assert page.status_code == 403
