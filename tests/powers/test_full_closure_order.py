"""Finding (issue 16, item 1): a full closure order could not be recorded.

s.80(7)(a) lets a closure order bar all persons, the usual order for a cuckooed flat. Recording
one through the order form ("Full closure", nothing ticked) was refused with "exemptions: This
field cannot be blank", because the order's allow-list could not be empty; and a full order
that still exempted someone (the owner, the emergency services) lost that list when stored.

What must hold: a full order with no exemptions is recorded and the patrol access check refuses
everyone, residents and the owner included, citing s.80(7)(a); a full order keeping some
exemptions lets in only those and refuses everyone else, quoting what it exempts.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from clearhold.powers.models import ClosureOrder


def _record_order(client, inspector, closure, made_on, exempt=()):
    client.force_login(inspector)
    return client.post(
        reverse("powers:order-new", args=[closure.pk]),
        {
            "made_on": made_on.isoformat(),
            "court": "Cambridge Magistrates' Court",
            "partial": "full",
            "scope": "whole",
            "exempt": list(exempt),
        },
    )


def _check(client, user, closure, **query):
    client.force_login(user)
    page = client.get(reverse("powers:access", args=[closure.pk]), query)
    return page.content.decode()


def test_a_full_order_barring_everyone_is_recorded(client, inspector, flat_order_made):
    closure, made_on = flat_order_made
    response = _record_order(client, inspector, closure, made_on)
    assert response.status_code == 302, response.content.decode()
    order = ClosureOrder.objects.get(closure=closure)
    assert not order.partial
    assert order.exemptions == []
    assert order.bars_residents  # a home's order exempting no residents bars them


@pytest.mark.parametrize("kind", ["resident", "owner", "emergency_services", "housing_staff"])
def test_a_full_order_barring_everyone_refuses_everyone_at_the_door(
    client, inspector, constable, flat_order_made, kind
):
    closure, made_on = flat_order_made
    _record_order(client, inspector, closure, made_on)
    body = _check(client, constable, closure, kind=kind, organisation="Clarion")
    assert 'data-allowed="no"' in body
    assert "s.80(7)(a)" in body


def test_a_full_order_keeps_its_exemptions_and_lets_in_only_those(
    client, inspector, constable, flat_order_made
):
    closure, made_on = flat_order_made
    _record_order(client, inspector, closure, made_on, exempt=("owner", "emergency_services"))
    order = ClosureOrder.objects.get(closure=closure)
    assert {e["code"] for e in order.exemptions} == {"owner", "emergency_services"}
    assert 'data-allowed="yes"' in _check(client, constable, closure, kind="owner")
    assert 'data-allowed="yes"' in _check(client, constable, closure, kind="emergency_services")
    refused = _check(client, constable, closure, kind="resident", unit="Flat 4")
    assert 'data-allowed="no"' in refused
    assert "bars all persons (s.80(7)(a)) except" in refused
    assert "The owner of the premises" in refused
