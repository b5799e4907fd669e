"""Reads of what the incident store covers: sources, forces, areas and months."""

from __future__ import annotations

from clearhold.analysis.coverage import Coverage, coverage_from_rows
from clearhold.incidents.models import Incident


def store_coverage() -> Coverage:
    """The store's coverage, from the distinct (source, force, LSOA, month) of the incidents
    held: every incident counts, whatever its category, since a month with no ASB in an area
    is still a month the store covers there."""
    rows = (
        Incident.objects.order_by().values_list("source", "force", "lsoa_name", "month").distinct()
    )
    return coverage_from_rows(rows.iterator(chunk_size=5000))
