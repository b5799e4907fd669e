"""The extensions page of an estate's operation runs as many queries for ten orders as for three:
reading each order's appeals and extensions one premises at a time (an N+1) fails here, before
an operation of forty-nine orders (Operation Dakota) feels it."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clearhold.powers.models import Closure


def _queries(client, operation) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("powers:operation-extensions", args=[operation.pk]))
    assert response.status_code == 200
    return len(captured)


def test_the_extensions_page_reads_every_order_at_once(client, ordered, estate_inspector):
    operation = ordered[0].closure.operation
    client.force_login(estate_inspector)
    _queries(client, operation)  # warm: the session, the user's grants
    ten = _queries(client, operation)
    Closure.objects.filter(pk__in=[o.closure_id for o in ordered[3:]]).update(operation=None)
    three = _queries(client, operation)
    assert ten == three, f"{ten} queries for ten orders, {three} for three"
