"""Reads of what the incident store covers: sources, forces, areas and months."""

from __future__ import annotations

from clearhold.analysis.coverage import Coverage, coverage_from_rows
from clearhold.incidents.models import Incident
from clearhold.incidents.results_cache import cached_result


def store_coverage() -> Coverage:
    """The store's coverage, from the distinct (source, force, LSOA, month) of the incidents
    held: every incident counts, whatever its category, since a month with no ASB in an area
    is still a month the store covers there. Kept in the results cache under the store's
    version, so an import or a deletion is seen at once and a page view reads it cheaply."""
    return cached_result("store-coverage", "whole-store", (), _coverage)


def _coverage() -> Coverage:
    rows = Incident.objects.order_by().values_list("source", "force", "lsoa_name", "month")
    return coverage_from_rows(rows.distinct().iterator(chunk_size=5000))
