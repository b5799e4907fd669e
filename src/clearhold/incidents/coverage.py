"""Reads of what the incident store covers: sources, forces, areas and months."""

from __future__ import annotations

from django.core.cache import caches

from clearhold.analysis.coverage import Coverage, coverage_from_rows
from clearhold.incidents.models import Incident
from clearhold.incidents.results_cache import RESULTS_CACHE, store_version


def store_coverage() -> Coverage:
    """The store's coverage, from the distinct (source, force, LSOA, month) of the incidents
    held: every incident counts, whatever its category, since a month with no ASB in an area
    is still a month the store covers there. Kept in the cache under the store's newest id
    and size, so an import or a deletion is seen at once and a page view reads it cheaply."""
    cache = caches[RESULTS_CACHE]
    key = f"clearhold:store-coverage:{store_version()}"
    found = cache.get(key)
    if found is None:
        rows = (
            Incident.objects.order_by()
            .values_list("source", "force", "lsoa_name", "month")
            .distinct()
        )
        found = coverage_from_rows(rows.iterator(chunk_size=5000))
        cache.set(key, found)
    return found
