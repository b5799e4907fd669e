"""The Evaluate page computes a request once per store version and site outline: a repeated
view and its exports compute nothing, and a removal or a new outline is seen at once."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from django.db import transaction

from clearhold.accounts.roles import Role
from clearhold.areas import area_from_geojson
from clearhold.evaluation import views
from clearhold.incidents.models import Incident
from clearhold.incidents.results_cache import store_version
from clearhold.incidents.selectors import incidents_in_area
from clearhold.places.services import site_create
from tests.conftest import WISBECH_TARGET
from tests.incidents.test_results_cache import changes_until

WISBECH = {
    "intervention": "2025-05-07",
    "category": ["asb-unclassified", "drugs", "public-order"],
    "months_before": "12",
    "months_after": "6",
    "buffer_m": "250",
}


@pytest.fixture
def analyst(make_user, police):
    return make_user("analyst", police, Role.ANALYST)


@pytest.fixture
def site(fenland, analyst):
    return site_create(
        user=analyst, name="West Street", kind="open_space", boundary=WISBECH_TARGET.read_text()
    )


@pytest.fixture
def runs(monkeypatch) -> list[int]:
    calls: list[int] = []
    original = views.run_evaluation

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(views, "run_evaluation", counting)
    return calls


def test_a_repeated_view_and_its_export_compute_nothing(client, analyst, site, runs):
    client.force_login(analyst)
    page = client.get(f"/sites/{site.pk}/evaluate/", WISBECH)
    assert page.context["result"]["target"]["before"] > 0
    again = client.get(f"/sites/{site.pk}/evaluate/", WISBECH)
    exported = client.get(f"/sites/{site.pk}/evaluate.json", WISBECH).json()
    assert len(runs) == 1
    assert again.context["result"] == page.context["result"]
    assert exported["target"] == page.context["result"]["target"]
    client.get(f"/sites/{site.pk}/evaluate/", {**WISBECH, "buffer_m": "300"})
    assert len(runs) == 2


def test_a_removal_and_a_new_outline_are_seen_at_once(client, analyst, site, runs):
    client.force_login(analyst)
    before = client.get(f"/sites/{site.pk}/evaluate/", WISBECH).context["result"]
    inside = incidents_in_area(Incident.objects.all(), area_from_geojson(site.boundary))
    inside.filter(month__gte="2024-06-01", category="asb-unclassified").delete()
    fewer = client.get(f"/sites/{site.pk}/evaluate/", WISBECH).context["result"]
    assert len(runs) == 2
    assert fewer["target"]["before"] < before["target"]["before"]
    site.boundary = {**site.boundary, "coordinates": [site.boundary["coordinates"][0][::-1]]}
    site.boundary["coordinates"][0] = [[x + 0.001, y] for x, y in site.boundary["coordinates"][0]]
    site.save()
    client.get(f"/sites/{site.pk}/evaluate/", WISBECH)
    assert len(runs) == 3


def test_a_result_computed_in_a_rolled_back_removal_is_not_served_after_it(
    client, analyst, site, runs
):
    """The rollback lowers the store's change count; later changes raise it to the same
    version again, standing for other data than the result computed inside."""
    client.force_login(analyst)
    page = f"/sites/{site.pk}/evaluate/"
    before = client.get(page, WISBECH).context["result"]["target"]["before"]
    inside = incidents_in_area(Incident.objects.all(), area_from_geojson(site.boundary))
    removed = inside.filter(month__gte="2024-06-01", category="asb-unclassified")
    with transaction.atomic():
        removed.delete()
        version = store_version()
        assert client.get(page, WISBECH).context["result"]["target"]["before"] < before
        transaction.set_rollback(True)
    changes_until(version)
    assert client.get(page, WISBECH).context["result"]["target"]["before"] == before
    assert len(runs) == 3


@pytest.fixture
def drawn(monkeypatch) -> list[str]:
    """The title of each chart drawn."""
    calls: list[str] = []
    for name in ("_chart", "_site_chart"):
        original = getattr(views, name)

        def drawing(result, site, original=original, name=name):
            calls.append(name)
            return original(result, site)

        monkeypatch.setattr(views, name, drawing)
    return calls


def test_the_charts_are_drawn_once_per_store_version(client, analyst, site, drawn):
    client.force_login(analyst)
    page = client.get(f"/sites/{site.pk}/evaluate/", WISBECH)
    again = client.get(f"/sites/{site.pk}/evaluate/", WISBECH)
    svg = client.get(f"/sites/{site.pk}/evaluate.svg", WISBECH)
    assert sorted(drawn) == ["_chart", "_site_chart"]
    assert str(again.context["chart"]) == str(page.context["chart"]) == svg.content.decode()
    inside = incidents_in_area(Incident.objects.all(), area_from_geojson(site.boundary))
    inside.filter(month__gte="2024-06-01", category="asb-unclassified").delete()
    fewer = client.get(f"/sites/{site.pk}/evaluate/", WISBECH)
    assert len(drawn) == 4
    assert str(fewer.context["site_chart"]) != str(page.context["site_chart"])


def test_a_chart_made_for_one_visibility_is_never_shown_to_another(
    client, analyst, make_user, charity, site, drawn, monkeypatch
):
    """A partner whose sharing scope (stood in for: every other incident) sees fewer incidents
    than the police analyst gets the charts and figures of what they may see; a colleague of
    the partner shares theirs."""
    partner = make_user("partner", charity, Role.ANALYST)
    colleague = make_user("colleague", charity, Role.ANALYST)
    whole_data = views.evaluation_data

    def scoped_data(*, user, **kwargs):
        data = whole_data(user=user, **kwargs)
        if user.organisation != charity:
            return data
        keep = np.arange(data.easting.size) % 2 == 0
        halves = {
            name: value[keep]
            for name in ("easting", "northing", "month", "category", "date", "area")
            if (value := getattr(data, name)) is not None
        }
        return dataclasses.replace(data, **halves)

    monkeypatch.setattr(views, "evaluation_data", scoped_data)
    monkeypatch.setattr(
        views, "incident_visibility", lambda user: "half" if user.organisation == charity else "all"
    )
    seen = {}
    for user in (analyst, partner, colleague):
        client.force_login(user)
        seen[user.username] = client.get(f"/sites/{site.pk}/evaluate/", WISBECH).context
    assert len(drawn) == 4
    police, partners = seen["analyst"], seen["partner"]
    assert partners["result"]["target"]["before"] < police["result"]["target"]["before"]
    assert str(partners["site_chart"]) != str(police["site_chart"])
    assert str(seen["colleague"]["site_chart"]) == str(partners["site_chart"])
