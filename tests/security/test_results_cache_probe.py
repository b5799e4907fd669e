"""Probes of the results cache (issue 21): a result one person caused to be computed is
served to nobody the rules would refuse, and its files are readable only by the server."""

from __future__ import annotations

import stat

import pytest
from django.core.cache import caches
from django.test import Client

from clearhold.accounts.roles import Role
from clearhold.incidents.results_cache import (
    RESULTS_CACHE,
    cached_result,
    forget_recent,
    result_key,
)
from tests.hotspots.test_results_cache import QUERY, load


@pytest.fixture
def analyst(make_user, police):
    return make_user("analyst", police, Role.ANALYST)


@pytest.fixture
def two_months(db):
    load(["2024-09", "2025-01"])


def test_a_cached_map_is_refused_to_those_who_may_not_see_incidents(
    analyst, partner_viewer, two_months
):
    seer = Client()
    seer.force_login(analyst)
    cached = seer.get("/hotspots/map.json", QUERY)
    assert cached.status_code == 200
    assert cached["Content-Type"] == "application/geo+json"
    viewer = Client()
    viewer.force_login(partner_viewer)
    assert viewer.get("/hotspots/map.json", QUERY).status_code == 403
    assert viewer.get("/hotspots/", QUERY).status_code == 403
    anonymous = Client().get("/hotspots/map.json", QUERY)
    assert anonymous.status_code == 302
    assert b"Feature" not in anonymous.content


def test_a_key_is_a_digest_of_the_parameters_never_their_text(db):
    key = result_key("hotspots", "whole-store", {"lsoa": "x:../../etc\n<script>"})
    assert "etc" not in key
    assert "<script>" not in key
    assert key.count(":") == 4


def test_each_visibility_gets_its_own_result(db):
    forget_recent()
    seen = [cached_result("probe", v, (1,), lambda v=v: v) for v in ("scope-a", "scope-b")]
    assert seen == ["scope-a", "scope-b"]


def test_the_files_of_the_results_cache_are_the_servers_alone(db, settings, tmp_path):
    folder = tmp_path / "cache"
    settings.CACHES = {
        **settings.CACHES,
        RESULTS_CACHE: {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(folder),
        },
    }
    forget_recent()
    cached_result("probe", "whole-store", (2,), lambda: {"secret": "kept"})
    assert caches[RESULTS_CACHE].get(result_key("probe", "whole-store", (2,))) == {"secret": "kept"}
    files = list(folder.rglob("*"))
    assert files
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path
