"""``{% coverage_line %}``: the store's coverage in one line, and a warning when the months
a page looks at hold some areas or sources for part of the time only (a DB read through the
incidents selector :func:`store_coverage`). Pages include it with
one line so that their own views need not change."""

from __future__ import annotations

import datetime as dt

from django import template

from clearhold.analysis.coverage import coverage_lines, mixed_coverage
from clearhold.analysis.periods import month_index
from clearhold.incidents.coverage import store_coverage

register = template.Library()


@register.inclusion_tag("incidents/coverage.html")
def coverage_line(
    month_from: dt.date | None = None,
    month_to: dt.date | None = None,
    scope: str = "",
    lsoa_prefix: str = "",
) -> dict:
    """The lines, and the mixed-coverage warning naming ``scope`` ("The hotspot map") for the
    months ``month_from`` to ``month_to`` (every month held when neither is given) and, with
    ``lsoa_prefix``, the LSOAs whose names start with it."""
    coverage = store_coverage()
    mixed = None
    held = sorted({m for months in coverage.held.values() for m in months})
    if scope and held:
        first = month_index(month_from) if month_from else held[0]
        last = month_index(month_to) if month_to else held[-1]
        mixed = mixed_coverage(
            coverage, range(first, last + 1), scope=scope, lsoa_prefix=lsoa_prefix or ""
        )
    return {"lines": coverage_lines(coverage), "mixed": mixed}
