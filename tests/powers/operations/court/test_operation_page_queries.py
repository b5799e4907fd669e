"""Every page of an estate's operation runs as many queries for ten premises as for three:
reading each closure's notice, service, hearings, appeals, order or extensions one premises at a
time (an N+1) fails here, before an operation of forty-nine orders (Operation Dakota) feels it.
Measured at two stages: notices served (the walk, the listing) and orders made (extensions)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clearhold.powers.models import Closure

OPERATION_PAGES = (
    "operation",
    "operation-walk",
    "operation-service",
    "listing-new",
    "operation-order",
    "operation-engagements",
    "operation-notices",
    "operation-clocks",
    "operation-patrol",
    "operation-extensions",
)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _ten_then_three(client, user, closures, urls: list[str]) -> list[tuple[str, int, int]]:
    """Each page's queries with the operation's ten premises, then with three of them."""
    client.force_login(user)
    _queries(client, urls[0])  # warm: the session, the user's grants
    ten = [_queries(client, url) for url in urls]
    Closure.objects.filter(pk__in=[c.pk for c in closures[3:]]).update(operation=None)
    three = [_queries(client, url) for url in urls]
    return [(url, a, b) for url, a, b in zip(urls, ten, three, strict=True) if a != b]


def _urls(operation_pk: int) -> list[str]:
    return [reverse(f"powers:{name}", args=[operation_pk]) for name in OPERATION_PAGES]


@pytest.mark.parametrize("stage", ["served", "ordered"])
def test_operation_pages_read_every_premises_at_once(client, request, estate_inspector, stage):
    closures = request.getfixturevalue(stage)
    closures = [getattr(c, "closure", c) for c in closures]  # orders -> their closures
    grown = _ten_then_three(client, estate_inspector, closures, _urls(closures[0].operation_id))
    assert not grown, "queries grew with the premises (url, ten, three): " + repr(grown)


def test_the_listing_page_reads_every_premises_at_once(client, served, listing, estate_inspector):
    url = reverse("powers:listing-hear", args=[listing.pk])
    grown = _ten_then_three(client, estate_inspector, served, [url])
    assert not grown, repr(grown)
