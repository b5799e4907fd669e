"""Pages (limit/offset with a maximum) and the filters: incidents by site, month range and
category; actions by status; closures by problem."""

from __future__ import annotations

import datetime as dt

import pytest

from clearhold.incidents.models import ImportBatch, Incident


@pytest.fixture
def incidents(site):
    """Six incidents: four at the site (two months, two categories), two far away."""
    batch = ImportBatch.objects.create(source="test")
    rows = [
        ("asb-nuisance", dt.date(2025, 1, 1), 0),
        ("asb-nuisance", dt.date(2025, 2, 1), 0),
        ("drugs", dt.date(2025, 2, 1), 0),
        ("asb-nuisance", dt.date(2025, 3, 1), 0),
        ("asb-nuisance", dt.date(2025, 2, 1), 5000),
        ("drugs", dt.date(2025, 2, 1), 5000),
    ]
    return Incident.objects.bulk_create(
        Incident(
            batch=batch,
            source="test",
            category=category,
            month=month,
            easting=site.easting + offset,
            northing=site.northing,
            location="On or near West Street",
            row_key=n,
        )
        for n, (category, month, offset) in enumerate(rows)
    )


def test_incidents_filter_by_site_months_and_category(call, incidents, site, manager, token_of):
    token = token_of(manager)
    everything = call("GET", "/api/incidents", token=token).data
    assert everything["count"] == 6
    assert [i["month"] for i in everything["items"]][:1] == ["2025-03-01"]
    at_site = call("GET", "/api/incidents", token=token, site=site.pk).data
    assert at_site["count"] == 4
    narrowed = call(
        "GET",
        "/api/incidents",
        token=token,
        site=site.pk,
        month_from="2025-02-01",
        month_to="2025-02-28",
        category="asb-nuisance",
    ).data
    assert narrowed["count"] == 1
    assert narrowed["items"][0]["category"] == "asb-nuisance"
    both = call("GET", "/api/incidents", token=token, category=["asb-nuisance", "drugs"])
    assert both.data["count"] == 6


def test_unknown_category_is_422_naming_it(call, incidents, manager, token_of):
    response = call("GET", "/api/incidents", token=token_of(manager), category="graffiti")
    assert response.status_code == 422
    assert "category" in " ".join(response.data["errors"])


def test_partner_viewer_is_refused_the_incident_store(call, incidents, partner_viewer, token_of):
    response = call("GET", "/api/incidents", token=token_of(partner_viewer))
    assert response.status_code == 403
    assert "incident data" in response.data["detail"]


def test_pages_have_count_limit_and_offset(call, incidents, manager, token_of):
    token = token_of(manager)
    first = call("GET", "/api/incidents", token=token, limit=4).data
    second = call("GET", "/api/incidents", token=token, limit=4, offset=4).data
    assert (first["count"], first["limit"], first["offset"]) == (6, 4, 0)
    assert len(first["items"]) == 4
    assert len(second["items"]) == 2
    ids = [i["id"] for i in first["items"] + second["items"]]
    assert sorted(ids) == sorted(i.pk for i in incidents)


@pytest.mark.parametrize("limit", [0, 201, -1])
def test_limit_outside_1_to_200_is_422(call, incidents, manager, token_of, limit):
    response = call("GET", "/api/incidents", token=token_of(manager), limit=limit)
    assert response.status_code == 422
    assert list(response.data["errors"]) == ["limit"]


def test_actions_filter_by_status(call, wisbech, manager, token_of):
    path = f"/api/problems/{wisbech['problem'].pk}/actions"
    done = call("GET", path, token=token_of(manager), status="done").data
    assert [a["title"] for a in done["items"]] == ["Gate"]


def test_closures_filter_by_problem(call, wisbech, manager, token_of):
    token = token_of(manager)
    pk = wisbech["problem"].pk
    mine = call("GET", "/api/closures", token=token, problem=pk).data
    assert [c["id"] for c in mine["items"]] == [wisbech["closure"].pk]
    assert call("GET", "/api/closures", token=token, problem=pk + 1).data["count"] == 0
    closure = call("GET", f"/api/closures/{wisbech['closure'].pk}", token=token).data
    assert closure["order"]["partial"] is True
    assert closure["notice"]["service"][0]["act"] == "a"
    assert closure["notice"]["issued_by"] is None
    assert closure["withheld"] == ["notice.issued_by"]


def test_sites_and_units(call, site, manager, token_of):
    token = token_of(manager)
    sites = call("GET", "/api/sites", token=token).data
    assert [s["name"] for s in sites["items"]] == ["West Street open space"]
    assert sites["items"][0]["boundary"]["type"] in ("Polygon", "MultiPolygon")
    units = call("GET", f"/api/sites/{site.pk}/units", token=token).data
    assert units["count"] == 0
    assert call("GET", "/api/sites/999999", token=token).status_code == 404
