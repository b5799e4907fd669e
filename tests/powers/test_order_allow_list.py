"""Finding (issue 17, item 1): a partial order could contradict itself.

An order allowing only "visitors invited by a resident", residents neither exempted nor barred,
was accepted; the patrol page then told the officer a resident was "Not allowed… Record a
breach" while their visitors were allowed. Such an order is refused with its reason
(s.80(7)(a),(c)) and nothing is stored; one that says what it does about residents is recorded.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clearhold.law import add_months
from clearhold.law.access import exemptions_from_codes
from clearhold.powers.models import ClosureOrder
from clearhold.powers.services_order import order_record
from tests.powers.conftest import as_dicts


def _post(client, inspector, closure, made_on, *, partial="partial", exempt=(), bars=False):
    client.force_login(inspector)
    data = {
        "made_on": made_on.isoformat(),
        "court": "Cambridge Magistrates' Court",
        "partial": partial,
        "scope": "whole",
        "exempt": list(exempt),
    }
    if bars:
        data["bars_residents"] = "on"
    return client.post(reverse("powers:order-new", args=[closure.pk]), data)


def test_visitors_only_order_on_a_home_is_refused_and_nothing_stored(
    client, inspector, flat_order_made
):
    closure, made_on = flat_order_made
    page = _post(client, inspector, closure, made_on, exempt=["residents_visitors"])
    body = page.content.decode()
    assert page.status_code == 200
    assert "a visitor is exempt only as the visitor of someone who may be there" in body
    assert "must say whether the people who live there may still enter" in body
    assert "s.80(7)(a),(c)" in body
    assert 'href="#id_exempt"' in body  # the error summary links to the allow-list
    assert not ClosureOrder.objects.filter(closure=closure).exists()


def test_visitors_only_order_on_land_is_refused_by_the_service(inspector, flat_order_made):
    closure, made_on = flat_order_made
    closure.dwelling = False
    closure.save()
    with pytest.raises(ValidationError) as refused:
        order_record(
            user=inspector,
            closure=closure,
            made_on=made_on,
            ends_on=add_months(made_on, 1),
            court="Cambridge Magistrates' Court",
            partial=True,
            exemptions=as_dicts(exemptions_from_codes(["residents_visitors"])),
        )
    assert "visitor of someone who may be there" in str(refused.value.message_dict["exempt"])
    assert not ClosureOrder.objects.filter(closure=closure).exists()


def test_residents_both_exempted_and_barred_are_refused(client, inspector, flat_order_made):
    closure, made_on = flat_order_made
    page = _post(client, inspector, closure, made_on, exempt=["residents"], bars=True)
    assert "both exempts the people who live there" in page.content.decode()
    assert not ClosureOrder.objects.filter(closure=closure).exists()


@pytest.mark.parametrize(
    ("exempt", "bars"),
    [(["residents", "residents_visitors"], False), (["emergency_services"], True)],
)
def test_a_partial_order_that_says_what_it_does_about_residents_is_recorded(
    client, inspector, flat_order_made, exempt, bars
):
    closure, made_on = flat_order_made
    page = _post(client, inspector, closure, made_on, exempt=exempt, bars=bars)
    assert page.status_code == 302, page.content.decode()
    order = ClosureOrder.objects.get(closure=closure)
    assert order.bars_residents == bars
    assert [e["code"] for e in order.exemptions] == exempt
