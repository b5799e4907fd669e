"""Hotspot and emerging results are computed once per store version, query and visibility:
a repeated view computes nothing, an import or a removal is seen at once, and two people who
may see different incidents never share a result."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
import shapely
from django.db import transaction

from clearhold.accounts.roles import Role
from clearhold.hotspots import emerging_selectors, selectors, views
from clearhold.incidents.models import Incident
from clearhold.incidents.results_cache import (
    RESULTS_CACHE,
    forget_recent,
    normalised,
    result_key,
    store_version,
)
from clearhold.incidents.services import IncomingFile, import_batch_create, import_batch_run
from tests.incidents.policeuk_files import FENLAND
from tests.incidents.test_results_cache import changes_until

QUERY = {
    "category": ["asb-unclassified", "drugs", "public-order"],
    "month_from": "2024-08",
    "month_to": "2025-06",
    "lsoa": "Fenland 003",
}


def load(months: list[str]) -> None:
    files = [FENLAND / f"{m}-cambridgeshire-street-fenland.csv.gz" for m in months]
    batch = import_batch_create(
        user=None, source="policeuk", files=[IncomingFile(p, p.name) for p in files]
    )
    import_batch_run(batch=batch)


@pytest.fixture
def ten_months(db):
    """August 2024 to May 2025: enough months for emerging hot spots."""
    load([f"2024-{m:02d}" for m in range(8, 13)] + [f"2025-{m:02d}" for m in range(1, 6)])


@pytest.fixture
def computed(monkeypatch) -> dict[str, int]:
    """How many times each analysis ran."""
    calls = {"hotspots": 0, "emerging": 0}

    def counting(name, module, function):
        original = getattr(module, function)

        def run(*args, **kwargs):
            calls[name] += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(module, function, run)

    counting("hotspots", selectors, "hotspot_report")
    counting("emerging", emerging_selectors, "emerging_report")
    return calls


@pytest.fixture
def analyst(make_user, police):
    return make_user("analyst", police, Role.ANALYST)


def test_a_repeated_view_computes_nothing(client, analyst, ten_months, computed):
    client.force_login(analyst)
    first = client.get("/hotspots/", QUERY)
    assert computed == {"hotspots": 1, "emerging": 1}
    again = client.get("/hotspots/", QUERY)
    assert computed == {"hotspots": 1, "emerging": 1}
    assert again.context["report"].n_located == first.context["report"].n_located > 0
    client.get("/hotspots/", {**QUERY, "lsoa": "Fenland 002"})
    assert computed == {"hotspots": 2, "emerging": 2}


def test_an_import_and_a_removal_are_seen_at_once(client, analyst, ten_months, computed):
    client.force_login(analyst)
    before = client.get("/hotspots/", QUERY).context["report"].n_located
    load(["2025-06"])
    after_import = client.get("/hotspots/", QUERY).context["report"].n_located
    assert computed["hotspots"] == 2
    assert after_import > before
    Incident.objects.filter(month="2024-08-01").delete()
    after_removal = client.get("/hotspots/", QUERY).context["report"].n_located
    assert computed["hotspots"] == 3
    assert after_removal < after_import
    Incident.objects.filter(month="2025-06-01").delete()
    assert client.get("/hotspots/", QUERY).context["report"].n_located < after_removal


def test_a_report_computed_in_a_rolled_back_removal_is_not_served_after_it(
    client, analyst, ten_months, computed
):
    """The rollback lowers the store's change count; later changes raise it to the same
    version again, standing for other data than the report computed inside."""
    client.force_login(analyst)
    whole = client.get("/hotspots/", QUERY).context["report"].n_located
    august = Incident.objects.filter(month="2024-08-01")
    with transaction.atomic():
        august.delete()
        inside = store_version()
        assert client.get("/hotspots/", QUERY).context["report"].n_located < whole
        transaction.set_rollback(True)
    changes_until(inside)
    assert client.get("/hotspots/", QUERY).context["report"].n_located == whole
    assert computed["hotspots"] == 3


def test_people_who_see_different_incidents_never_share_a_result(
    client, analyst, make_user, charity, ten_months, computed, monkeypatch
):
    """With a sharing scope (stood in for here: the charity's people see only January), each
    scope gets its own result; people of one scope share one."""
    scoped = make_user("scoped", charity, Role.ANALYST)
    colleague = make_user("colleague", charity, Role.ANALYST)
    whole_list = selectors.incident_list

    def scoped_list(*, user, filters):
        seen = whole_list(user=user, filters=filters)
        return seen.filter(month__gte="2025-01-01") if user.organisation == charity else seen

    def visibility(user):
        return "2025" if user.organisation == charity else "whole-store"

    monkeypatch.setattr(selectors, "incident_list", scoped_list)
    for module in (selectors, emerging_selectors, views):  # every reader of the visibility
        monkeypatch.setattr(module, "incident_visibility", visibility)
    located = {}
    for user in (analyst, scoped, colleague):
        client.force_login(user)
        located[user.username] = client.get("/hotspots/", QUERY).context["report"].n_located
    assert located["scoped"] < located["analyst"]
    assert located["colleague"] == located["scoped"]
    assert computed["hotspots"] == 2


def test_equal_queries_give_one_key_and_other_data_another(ten_months):
    query = selectors.HotspotQuery(
        categories=("drugs",),
        month_from=dt.date(2025, 1, 1),
        month_to=dt.date(2025, 6, 1),
        area=shapely.box(545_000, 308_000, 547_000, 310_000),
    )
    same = selectors.HotspotQuery(**{**query.__dict__, "area": query.area.reverse()})
    assert normalised(query) == normalised(same)
    key = result_key("hotspots", "whole-store", query)
    assert result_key("hotspots", "whole-store", same) == key
    assert result_key("hotspots", "scoped", query) != key
    Incident.objects.filter(pk=Incident.objects.order_by("pk").first().pk).delete()
    assert result_key("hotspots", "whole-store", query) != key


def test_a_repeated_view_reads_no_incident_only_the_store_version(
    client, analyst, ten_months, django_assert_max_num_queries
):
    """Session, user, organisation and sites for the page itself, and the store's version
    once for all its cached results (held months, report, emerging hot spots, coverage)."""
    client.force_login(analyst)
    client.get("/hotspots/")
    with django_assert_max_num_queries(6) as ran:
        page = client.get("/hotspots/")
    assert page.context["report"].n_located > 0
    read = [q["sql"] for q in ran.captured_queries if "incidents_incident" in q["sql"]]
    assert len(read) == 1
    assert read[0].startswith('SELECT (SELECT MAX("id") FROM "incidents_incident")')


def test_a_process_keeps_its_recent_results_and_another_reads_them_from_the_cache(
    client, analyst, ten_months, computed, monkeypatch
):
    """The shared cache holds the pickled result for every process; the process that read or
    computed it keeps the object too, so its next view unpickles nothing."""
    from django.core.cache import caches

    shared = caches[RESULTS_CACHE]
    reads = []
    original_get = shared.get

    def get(key, *args, **kwargs):
        reads.append(key)
        return original_get(key, *args, **kwargs)

    monkeypatch.setattr(shared, "get", get)
    client.force_login(analyst)
    first = client.get("/hotspots/", QUERY).context["report"]
    reads.clear()
    client.get("/hotspots/", QUERY)
    assert reads == []
    forget_recent()  # as another worker process would start
    other = client.get("/hotspots/", QUERY).context["report"]
    assert any(":hotspots:" in key for key in reads)
    assert computed == {"hotspots": 1, "emerging": 1}
    assert other is not first
    assert [c.rank for c in other.clusters] == [c.rank for c in first.clusters]


def emerging_layer(client) -> list[dict]:
    answer = client.get("/hotspots/emerging.json", QUERY)
    assert answer.status_code == 200
    return json.loads(answer.content)["features"]


def test_the_emerging_map_is_drawn_once_per_store_version(
    client, analyst, ten_months, computed, monkeypatch
):
    """The page no longer inlines the cells; their layer is sent from the results cache, so
    drawing it again computes and converts nothing, and an import is drawn at once."""
    drawn = []
    original = views.emerging_map_features

    def drawing(*args, **kwargs):
        drawn.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(views, "emerging_map_features", drawing)
    client.force_login(analyst)
    page = client.get("/hotspots/", QUERY).content.decode()
    assert "/hotspots/emerging.json?" in page
    first = emerging_layer(client)
    assert first
    assert emerging_layer(client) == first
    assert len(drawn) == 1
    assert computed == {"hotspots": 1, "emerging": 1}
    load(["2025-06"])
    emerging_layer(client)
    assert len(drawn) == 2
    assert computed == {"hotspots": 2, "emerging": 2}


def test_the_emerging_map_made_for_one_visibility_is_never_sent_to_another(
    client, analyst, make_user, charity, ten_months, computed, monkeypatch
):
    """A partner whose sharing scope (stood in for: January on) sees fewer incidents than the
    police analyst gets a layer computed from what they may see, never the analyst's."""
    scoped = make_user("scoped", charity, Role.ANALYST)
    whole_list = emerging_selectors.incident_list

    def scoped_list(*, user, filters):
        seen = whole_list(user=user, filters=filters)
        return seen.filter(month__gte="2025-01-01") if user.organisation == charity else seen

    def visibility(user):
        return "2025" if user.organisation == charity else "whole-store"

    for module in (selectors, emerging_selectors):
        monkeypatch.setattr(module, "incident_list", scoped_list)
        monkeypatch.setattr(module, "incident_visibility", visibility)
    monkeypatch.setattr(views, "incident_visibility", visibility)
    client.force_login(analyst)
    analysts = emerging_layer(client)
    client.force_login(scoped)
    partners = emerging_layer(client)
    assert computed == {"hotspots": 2, "emerging": 2}
    assert partners != analysts
    incidents = sum(int(f["properties"]["popup"].split("\n")[1].split()[0]) for f in partners)
    assert incidents < sum(
        int(f["properties"]["popup"].split("\n")[1].split()[0]) for f in analysts
    )


@pytest.fixture
def drawn_results(monkeypatch) -> list[str]:
    """The template of each results section drawn."""
    calls: list[str] = []
    original = views.render_to_string

    def drawing(template, *args, **kwargs):
        calls.append(template)
        return original(template, *args, **kwargs)

    monkeypatch.setattr(views, "render_to_string", drawing)
    return calls


def test_the_results_are_drawn_once_per_store_version(client, analyst, ten_months, drawn_results):
    client.force_login(analyst)
    first = client.get("/hotspots/", QUERY).content.decode()
    again = client.get("/hotspots/", QUERY).content.decode()
    assert drawn_results == ["hotspots/results.html"]
    assert 'data-testid="repeat-places"' in first
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub("", again) == token.sub("", first)
    load(["2025-06"])
    client.get("/hotspots/", QUERY)
    assert len(drawn_results) == 2


def test_results_drawn_for_one_viewer_are_never_sent_to_one_who_may_see_less(
    client, analyst, make_user, charity, ten_months, drawn_results, monkeypatch
):
    """Someone who may not create sites (stood in for here: the charity's people) never gets
    the "Create a site" links drawn for the analyst; nor, in another sharing scope, the
    analyst's figures."""
    scoped = make_user("scoped", charity, Role.ANALYST)
    allowed = views.can

    def can(user, action, obj=None):
        return user.organisation != charity and allowed(user, action, obj)

    monkeypatch.setattr(views, "can", can)
    client.force_login(analyst)
    analysts = client.get("/hotspots/", QUERY).content.decode()
    client.force_login(scoped)
    partners = client.get("/hotspots/", QUERY).content.decode()
    assert "Create a site" in analysts
    assert "Create a site" not in partners
    assert len(drawn_results) == 2
    monkeypatch.setattr(
        views, "incident_visibility", lambda user: "2025" if user.organisation == charity else "all"
    )
    client.get("/hotspots/", QUERY)
    assert len(drawn_results) == 3
