"""``{% coverage_line %}``: the store's coverage in one line, and a warning when the months
a page looks at hold some areas or sources for part of the time only. Pages include it with
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
    month_from: dt.date | None = None, month_to: dt.date | None = None, scope: str = ""
) -> dict:
    """The lines, and the mixed-coverage warning for ``month_from``–``month_to`` (both given)
    naming ``scope`` ("The hotspot map")."""
    coverage = store_coverage()
    mixed = None
    if month_from and month_to and scope:
        months = range(month_index(month_from), month_index(month_to) + 1)
        mixed = mixed_coverage(coverage, months, scope=scope)
    return {"lines": coverage_lines(coverage), "mixed": mixed}
