"""Patrol across the estate: the block found by location or chosen, its access check, and a
breach recorded against that block's order."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from clearhold.law import UK
from clearhold.places.models import Unit
from clearhold.powers.models import Breach
from clearhold.powers.selectors import operation_closures
from clearhold.powers.services_operation import PremisesPick, operation_create
from tests.powers.operations.conftest import SOUTH
from tests.powers.operations.conftest_orders import operation_orders
from tests.powers.operations.test_standing_in import METRE, inside

__all__ = ["operation_orders"]  # the fixture, used by the tests below

C = 2  # Block C, the third in walking order


def _where(client, operation, lon, lat):
    return client.get(
        reverse("powers:operation-where", args=[operation.pk]), {"lat": lat, "lon": lon}
    )


def test_the_location_endpoint_names_the_block_and_its_closure(
    client, operation, operation_orders, estate_constable
):
    client.force_login(estate_constable)
    lon, lat = inside(C)
    answer = _where(client, operation, lon, lat).json()
    closure = operation_orders[C].closure
    assert answer["block"]["name"] == "Block C"
    assert [c["id"] for c in answer["closures"]] == [closure.pk]
    assert answer["closures"][0]["in_force"] == "order"
    assert answer["closures"][0]["access_url"] == reverse("powers:access", args=[closure.pk])


def test_far_from_every_block_the_endpoint_says_none(client, operation, estate_constable):
    client.force_login(estate_constable)
    lon, _ = inside(C)
    assert _where(client, operation, lon, SOUTH - 200 * METRE).json()["block"] is None
    assert _where(client, operation, "east", 51.6).status_code == 400


def test_my_location_opens_that_blocks_access_check(
    client, operation, operation_orders, estate_constable
):
    client.force_login(estate_constable)
    lon, _ = inside(C)
    response = client.get(
        reverse("powers:operation-patrol", args=[operation.pk]),
        {"lat": SOUTH - 20 * METRE, "lon": lon},  # on the pavement in front of Block C
    )
    closure = operation_orders[C].closure
    assert response.status_code == 302
    assert response["Location"] == reverse("powers:access", args=[closure.pk])
    assert "geolocation=(self)" in client.get(
        reverse("powers:operation-patrol", args=[operation.pk])
    ).headers.get("Permissions-Policy", "")


def test_without_javascript_the_blocks_are_listed_in_walking_order(
    client, operation, operation_orders, estate_constable
):
    client.force_login(estate_constable)
    body = client.get(reverse("powers:operation-patrol", args=[operation.pk])).content.decode()
    places = [
        body.index(f'<h3 class="govuk-heading-s govuk-!-margin-bottom-1">Block {x}</h3>')
        for x in "ABCDEFGHIJ"
    ]
    assert places == sorted(places)
    for order in operation_orders:
        assert reverse("powers:access", args=[order.closure.pk]) in body
        assert reverse("powers:breach-new", args=[order.closure.pk]) in body


def test_the_access_check_and_the_breach_land_on_the_chosen_blocks_order(
    client, operation, operation_orders, estate_constable
):
    client.force_login(estate_constable)
    lon, lat = inside(C)
    access = client.get(
        reverse("powers:operation-patrol", args=[operation.pk]), {"lat": lat, "lon": lon}
    )
    check = client.get(access["Location"], {"kind": "contractor", "organisation": "Fix-it Ltd"})
    assert 'data-allowed="no"' in check.content.decode()
    closure = operation_orders[C].closure
    breach_link = reverse("powers:breach-new", args=[closure.pk])
    assert breach_link in check.content.decode()
    when = timezone.now().astimezone(UK) - dt.timedelta(minutes=10)
    response = client.post(
        breach_link,
        {
            "occurred_at": when.strftime("%Y-%m-%dT%H:%M"),
            "place": "Second-floor landing",
            "person_description": "Male, 30s, said he was a contractor",
            "seen": "On the landing with no work order",
            "arrest": "no",
        },
    )
    assert response.status_code == 302
    breach = Breach.objects.get()
    assert breach.closure == closure
    assert breach.breach_of == "order"
    assert closure.site.name == "Block C"


def test_a_block_with_two_closures_asks_which(client, estate, blocks, estate_inspector):
    flat = Unit.objects.create(site=blocks[0], name="Flat 3", address="Flat 3, Block A")
    operation, result = operation_create(
        user=estate_inspector,
        problem=estate,
        name="Operation Pair",
        picks=[
            PremisesPick(site=blocks[0]),
            PremisesPick(site=blocks[0], unit=flat, dwelling=True),
            PremisesPick(site=blocks[1]),
        ],
    )
    assert result.stored
    client.force_login(estate_inspector)
    lon, lat = inside(0)
    page = client.get(
        reverse("powers:operation-patrol", args=[operation.pk]), {"lat": lat, "lon": lon}
    )
    assert page.status_code == 200
    body = page.content.decode()
    chosen = body[body.index('data-testid="chosen-block"') : body.index("Use my location")]
    closures = operation_closures(operation)
    assert reverse("powers:access", args=[closures[0].pk]) in chosen
    assert reverse("powers:access", args=[closures[1].pk]) in chosen
    assert reverse("powers:access", args=[closures[2].pk]) not in chosen
    assert "Flat 3, Block A" in chosen
    tapped = client.get(
        reverse("powers:operation-patrol", args=[operation.pk]), {"block": blocks[0].pk}
    )
    assert 'data-testid="chosen-block"' in tapped.content.decode()


def test_someone_not_on_the_problem_is_refused(client, operation, outsider):
    client.force_login(outsider)
    lon, lat = inside(C)
    for name in ("powers:operation-patrol", "powers:operation-where"):
        page = client.get(reverse(name, args=[operation.pk]), {"lat": lat, "lon": lon})
        assert page.status_code == 403
