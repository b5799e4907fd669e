"""The Barnet demo partnership beside Wisbech: its partners and people, the real burglary
data, the estate's illustrative blocks and Operation Dakota's 49 extended orders, all loaded
through the services, repeatably, and only in demo mode."""

import datetime as dt

import pytest
import shapely
from django.db import transaction
from django.test import override_settings

from clearhold.accounts.models import Organisation, User
from clearhold.web.demo import DemoModeRequired
from clearhold.web.demo_barnet import (
    PEOPLE,
    barnet_partnership_load,
    block_outlines,
    demo_barnet_load,
    estate_outline,
)


def test_the_barnet_loader_refuses_outside_demo_mode(db):
    people = User.objects.count()  # none, unless the module's demo is already loaded
    with pytest.raises(DemoModeRequired):
        barnet_partnership_load()
    with pytest.raises(DemoModeRequired):
        demo_barnet_load()
    assert User.objects.count() == people


def test_the_illustrative_blocks_lie_inside_the_estate_outline():
    outline = estate_outline()
    blocks = [shapely.from_geojson(boundary) for _, boundary in block_outlines()]
    assert len(blocks) == 49
    assert len({name for name, _ in block_outlines()}) == 49
    assert all(outline.contains(block) for block in blocks)
    assert not any(a.intersects(b) for i, a in enumerate(blocks) for b in blocks[i + 1 :])


@pytest.fixture(scope="module")
def barnet_loaded(django_db_setup, django_db_blocker):
    """The Barnet demo, loaded once for the module (each load takes most of a minute) inside
    a transaction rolled back at its end; what the loader said."""
    with django_db_blocker.unblock(), override_settings(DEMO_MODE=True):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield demo_barnet_load()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def barnet(barnet_loaded, db, settings):
    """The loaded demo in demo mode; each test's own writes are rolled back after it."""
    settings.DEMO_MODE = True
    return barnet_loaded


def test_the_barnet_demo_loads_operation_dakota_through_the_services(barnet, client):
    from clearhold.incidents.models import Incident
    from clearhold.powers.models import Closure, Listing, Operation

    assert "Stored 7,296 incidents" in barnet
    assert set(Organisation.objects.values_list("name", flat=True)) == {
        "Barnet Council", "Barnet Homes", "Metropolitan Police Service — North West BCU",
        "Colindale Communities Trust",
    }  # fmt: skip
    assert User.objects.count() == len(PEOPLE) == 6
    assert Incident.objects.filter(source_category="Burglary").count() == 7_296
    operation = Operation.objects.get()
    assert operation.name == "Operation Dakota"
    closures = Closure.objects.filter(operation=operation)
    assert closures.count() == 49
    assert sorted(closures.values_list("route_position", flat=True)) == list(range(1, 50))
    listing = Listing.objects.get()
    assert listing.court == "Willesden Magistrates' Court"
    for closure in closures.select_related("order", "notice"):
        assert closure.hearings.get().listing == listing
        assert closure.notice.service.count() == 2
        order = closure.order
        assert (order.made_on, order.ends_on) == (dt.date(2023, 7, 4), dt.date(2023, 10, 4))
        assert order.current_ends_on() == dt.date(2024, 1, 4)
        clauses = {e["clause"] for e in order.exemptions}
        assert "Staff of Barnet Homes" in clauses
        assert "Maintenance contractors working for Barnet Homes" in clauses
        assert "illustrative" in closure.site.origin.lower()
    narratives = [r.narrative for r in operation.problem.reviews.exclude(completed_at=None)]
    assert len(narratives) == 3
    assert not any("Wisbech" in n or "November 2025" in n for n in narratives)
    assert any("4 January 2024" in n for n in narratives)


def test_the_barnet_demo_is_repeatable(barnet):
    from clearhold.incidents.models import ImportBatch
    from clearhold.powers.models import Closure, ServiceEvent

    counts = (Closure.objects.count(), ServiceEvent.objects.count(), ImportBatch.objects.count())
    again = demo_barnet_load()
    assert "already loaded" in again
    assert (
        Closure.objects.count(),
        ServiceEvent.objects.count(),
        ImportBatch.objects.count(),
    ) == counts


def test_the_estate_evaluation_page_shows_what_the_write_up_says(barnet, client):
    from clearhold.places.models import Site
    from clearhold.web.demo_barnet import ESTATE

    analyst = next(p for p in PEOPLE if p.username == "barnet-analyst")
    client.post("/sign-in/", {"username": analyst.username, "password": analyst.password})
    estate = Site.objects.get(name=ESTATE)
    page = client.get(
        f"/sites/{estate.pk}/evaluate/",
        {
            "intervention": "2023-07-01",
            "category": ["burglary"],
            "months_before": "12",
            "months_after": "12",
            "buffer_m": "250",
            "claim": "50",
            "compare": ["matched", "synthetic"],
        },
    )
    assert page.status_code == 200
    shown = page.context["result"]
    assert (shown["target"]["before"], shown["target"]["after"]) == (51, 35)
    assert (shown["buffer"]["before"], shown["buffer"]["after"]) == (50, 46)
    assert (shown["control"]["before"], shown["control"]["after"]) == (2353, 2299)
    assert round(shown["wdd"]["estimate"], 1) == -11.4
    assert page.context["force"] == "Metropolitan Police Service"
    text = page.content.decode()
    assert "the claim lies inside that interval" in text
    assert "Barnet 017B" in text  # the first matched area, as in the write-up


@pytest.mark.parametrize("username", ["barnet-manager", "barnet-officer", "barnet-partner"])
def test_the_barnet_pages_open_with_49_closures(barnet, client, username):
    from clearhold.powers.models import Closure
    from clearhold.problems.models import Problem
    from clearhold.web.demo_barnet import TITLE

    person = next(p for p in PEOPLE if p.username == username)
    client.post("/sign-in/", {"username": person.username, "password": person.password})
    problem = Problem.objects.get(title=TITLE)
    closure = Closure.objects.get(route_position=1)
    for url in ("/", "/problems/dashboard/", f"/problems/{problem.pk}/", "/powers/"):
        assert client.get(url).status_code == 200, url
    page = client.get(closure.get_absolute_url())
    assert page.status_code == 200
    assert "Block A1 (illustrative)" in page.content.decode()
    assert "4 January 2024" in page.content.decode()
