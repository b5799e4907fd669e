"""Nothing computed inside an open transaction is kept in the results cache: a rollback lowers
the store's change count, after which the version it was keyed under stands for other data.
A kept result is still read inside a transaction that has not changed the store."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import transaction
from django.db.models import F, QuerySet

from clearhold.incidents.models import Incident
from clearhold.incidents.results_cache import (
    RESULTS_CACHE,
    cached_result,
    result_key,
    store_version,
)
from tests.incidents.test_store_version import load


@pytest.fixture
def two_months(db):
    load("2025-01")
    load("2025-02")


@pytest.fixture
def counted() -> list[int]:
    """Each count of the store computed (not read from the cache)."""
    return []


def _count(counted: list[int]) -> int:
    def compute() -> int:
        counted.append(Incident.objects.count())
        return counted[-1]

    return cached_result("probe-count", "whole-store", (), compute)


def _touch(incidents: QuerySet[Incident]) -> None:
    """A change in place that leaves every value as it was: the count of changes still rises."""
    incidents.update(month=F("month"))


def changes_until(version: str) -> None:
    """Changes in place of one incident, each raising the count of changes by one (on SQLite a
    removal raised it once a row, on PostgreSQL once a statement), until the store is at
    ``version`` again: the versions a rolled-back transaction had are reached by later ones."""
    oldest = Incident.objects.filter(pk=Incident.objects.order_by("pk").first().pk)
    for _ in range(Incident.objects.count() + 1):
        if store_version() == version:
            return
        _touch(oldest)
    raise AssertionError(f"the store never came back to {version}")


def test_a_result_computed_in_a_rolled_back_removal_is_not_served_after_it(two_months, counted):
    whole = _count(counted)
    january = Incident.objects.filter(month="2025-01-01")
    with transaction.atomic():
        january.delete()
        inside = store_version()
        assert _count(counted) < whole
        transaction.set_rollback(True)
    changes_until(inside)
    assert _count(counted) == whole
    assert len(counted) == 3


def test_a_result_computed_inside_a_transaction_is_kept_nowhere(two_months, counted):
    with transaction.atomic():
        Incident.objects.filter(month="2025-01-01").delete()
        fewer = _count(counted)
        assert _count(counted) == fewer
        assert len(counted) == 2, "computed again: not kept in this process either"
        assert caches[RESULTS_CACHE].get(result_key("probe-count", "whole-store", ())) is None
    assert _count(counted) == _count(counted) == fewer
    assert len(counted) == 3, "once committed, it is kept"


def test_a_kept_result_is_read_inside_a_transaction_that_changed_nothing(two_months, counted):
    whole = _count(counted)
    with transaction.atomic():
        assert _count(counted) == whole
        _touch(Incident.objects.filter(month="2025-02-01"))
        assert _count(counted) == whole
    assert counted == [whole, whole], "read once, computed again after the change"
