"""The incidents an evidence bundle shows: those inside the sites' outlines, month by month,
as known at its "as at" moment; their totals and categories, the map and the monthly chart, and
the schedule of incidents numbered 1 to N. The bundle (``bundle``), a listing's bundle and the
court papers read them from here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import shapely
from django.db.models import F

from clearhold.areas import area_from_geojson
from clearhold.documents import figures
from clearhold.documents.content.bundle_as_at import AsAt
from clearhold.documents.content.bundle_chronology import CATEGORY_LABELS, plural
from clearhold.documents.content.common import clock
from clearhold.documents.content.plan import site_plan
from clearhold.incidents.models import Incident
from clearhold.incidents.profiles import profile_choices
from clearhold.incidents.selectors import incidents_in_area
from clearhold.ingest.policeuk import POLICEUK_FIRST_MONTH
from clearhold.law import UK

__all__ = ["Row", "incident_evidence", "incidents_at", "months_shown", "schedule"]

POLICEUK_CRIME_ID = re.compile(r"[0-9a-f]{64}")
CRIME_ID_SHOWN = 12
SCHEDULE_FIELDS = (
    "id",
    "reference",
    "month",
    "occurred",
    "precision",
    "category",
    "location",
    "source",
    "easting",
    "northing",
)


def _months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    months, month = [], first
    while month <= last:
        months.append(month)
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def months_shown(rows: list, first: dt.date | None, last: dt.date | None) -> list[dt.date]:
    """The months the bundle covers: those asked for, else those of the first and last
    incident; none when there is nothing to show."""
    if not rows and not (first and last):
        return []
    # A first month stored before the form refused years like 0001 starts no earlier than the
    # data: 24,000 empty months took the bundle 23 seconds.
    earliest = min(POLICEUK_FIRST_MONTH, rows[0].month) if rows else POLICEUK_FIRST_MONTH
    return _months_between(max(first or rows[0].month, earliest), last or rows[-1].month)


@dataclass(frozen=True)
class Row:
    """One incident of the schedule, as read from the store."""

    id: int
    reference: str
    month: dt.date
    occurred: dt.datetime | None
    precision: str
    category: str
    location: str
    source: str
    easting: float | None
    northing: float | None


def _held(row: Row, as_at: AsAt) -> bool:
    """Whether the incident was known by the as-at moment: by its time, its day, or (known
    only by month, as police.uk gives it) its whole month."""
    if row.precision == "month" or row.occurred is None:
        return as_at.holds_month(row.month)
    if row.precision == "day":
        return as_at.holds(row.occurred.astimezone(UK).date())
    return as_at.holds(row.occurred)


def incidents_at(
    sites: list, first: dt.date | None, last: dt.date | None, as_at: AsAt | None = None
) -> list[Row]:
    """The incidents inside the sites' outlines within the months, oldest first; with
    ``as_at``, none after it."""
    area = shapely.union_all([area_from_geojson(site.boundary) for site in sites])
    found = incidents_in_area(Incident.objects.all(), area).order_by(
        "month", F("occurred").asc(nulls_first=True), "id"
    )
    if first:
        found = found.filter(month__gte=first)
    if last:
        found = found.filter(month__lte=last)
    if as_at is not None:
        found = found.filter(month__lte=as_at.day.replace(day=1))
    rows = [Row(*values) for values in found.values_list(*SCHEDULE_FIELDS)]
    return rows if as_at is None else [row for row in rows if _held(row, as_at)]


def _when(row: Row) -> str:
    if row.precision == "month" or row.occurred is None:
        return f"{row.month:%B %Y}"
    local = row.occurred.astimezone(UK)
    if row.precision == "day":
        return f"{local:%-d %B %Y}"
    return f"{local:%-d %B %Y} {clock(row.occurred)}"


def _reference(row: Row) -> str:
    """The incident's reference as the schedule prints it: the ClearHold number where the
    source gave none (police.uk gives none for anti-social behaviour), and a police.uk crime ID
    (64 characters) cut to its first 12, which still finds it in the police.uk file and keeps
    each row on one line: a third fewer pages for 2,000 incidents, and a faster PDF."""
    if not row.reference:
        return f"ClearHold {row.id}"
    if POLICEUK_CRIME_ID.fullmatch(row.reference):
        return row.reference[:CRIME_ID_SHOWN] + "…"
    return row.reference


def schedule(rows: list[Row]) -> list[dict[str, Any]]:
    """The schedule of incidents, numbered from 1 in date order."""
    sources = dict(profile_choices()) | {"policeuk": "police.uk"}
    return [
        {
            "number": number,
            "reference": _reference(row),
            "when": _when(row),
            "category": CATEGORY_LABELS.get(row.category, row.category),
            "location": row.location or "Not given",
            "source": sources.get(row.source, row.source),
        }
        for number, row in enumerate(rows, start=1)
    ]


def _places(rows: list[Row]) -> Counter:
    return Counter((r.easting, r.northing) for r in rows if r.easting is not None)


def _figures(sites: list, label: str, rows: list[Row], months: list[dt.date]) -> tuple[dict, str]:
    """The plan of the sites with the incidents on it (see :mod:`.plan`) and the chart."""
    points = [(x, y, n) for (x, y), n in _places(rows).items()]
    by_month = Counter(r.month for r in rows)
    chart_png = (
        figures.data_uri(figures.monthly_chart(months, [by_month[m] for m in months]))
        if rows
        else ""
    )
    return site_plan(sites, label, points), chart_png


def _categories(rows: list[Row]) -> list[dict[str, Any]]:
    counts = Counter(r.category for r in rows)
    return [
        {
            "category": CATEGORY_LABELS.get(code, code),
            "count": n,
            "share": f"{100 * n / len(rows):.0f}%",
        }
        for code, n in counts.most_common()
    ]


def _totals(rows: list[Row], months: list[dt.date]) -> dict[str, Any]:
    by_month = Counter(r.month for r in rows)
    busiest = max(by_month.items(), key=lambda item: (item[1], item[0]), default=None)
    return {
        "incidents": f"{len(rows):,}",
        "places": f"{len(_places(rows)):,}",
        "months": plural(len(months), "month"),
        "busiest": f"{busiest[0]:%B %Y} ({busiest[1]})" if busiest else "none",
    }


def _period(months: list[dt.date]) -> str:
    if not months:
        return "No incidents held"
    return f"{months[0]:%B %Y} to {months[-1]:%B %Y}"


def incident_evidence(
    sites: list, label: str, rows: list[Row], months: list[dt.date]
) -> dict[str, Any]:
    """What a bundle shows of the incidents inside ``sites`` (labelled ``label`` on the map):
    the period, totals and categories, the map and the monthly chart, and the numbered
    schedule. A listing's bundle shows it once per premises."""
    plan, chart_png = _figures(sites, label, rows, months)
    return {
        "period": _period(months),
        "totals": _totals(rows, months),
        "categories": _categories(rows),
        "map_png": plan["png"],
        "map_caption": plan["caption"],
        "chart_png": chart_png,
        "schedule": schedule(rows),
    }
