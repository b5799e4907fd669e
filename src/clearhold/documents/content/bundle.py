"""The evidence bundle: the case for a court or a review, built from the incident store and the
problem's record.

Cover and index; a chronology (incidents at the sites by month and category, actions, meetings,
reviews, informing and consulting, the notice and its service, hearings, the order, breaches
and enforcement steps); the map of the premises with their incidents; incidents by month; the
schedule of incidents, numbered 1 to N; the consultation and service logs. People under
enforcement are personal data: they are named — with their dates of birth, each step and the
breaches attributed to them — only when the user asks for it and has the right (the service
checks DOCUMENT_PERSONAL_DATA first), in one marked section. Without it, breaches are listed
without the person and steps are counted by kind.

Every record is read through the maker's reader: what households said, who served a notice and
the enforcement steps (all declared restricted) appear only for a maker the sharing record
allows who gave a purpose; the bundle is then marked OFFICIAL-SENSITIVE by the service. The
incidents it shows (totals, map, chart and schedule) are read in ``bundle_incidents``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from clearhold.documents import kinds
from clearhold.documents.content import bundle_logs as logs
from clearhold.documents.content.bundle_as_at import AsAt, as_at_for
from clearhold.documents.content.bundle_chronology import chronology_of
from clearhold.documents.content.bundle_incidents import (
    incident_evidence,
    incidents_at,
    months_shown,
)
from clearhold.documents.content.common import address_after, day, person, text
from clearhold.documents.kinds import PERSONAL_MARKING, Content, DocumentKind
from clearhold.documents.templating import ListOf, Obj, Placeholders
from clearhold.ingest.policeuk import POLICEUK_FIRST_MONTH, POLICEUK_SINCE
from clearhold.readmodel import Reader
from clearhold.toolkit.forms import DayField, Form, MonthInput

__all__ = ["PERSONAL_MARKING", "evidence_bundle", "register"]

PLACEHOLDERS: Placeholders = {
    "reference": None,
    "personal_data": None,
    "problem": Obj.of("title", "lead", "start_date", "stage", "summary"),
    "prepared": Obj.of("by", "organisation", "on"),
    "as_at": Obj.of("day", "reason"),
    "period": None,
    "sites": ListOf(Obj.of("name", "address", "area")),
    "totals": Obj.of("incidents", "places", "months", "busiest"),
    "categories": ListOf(Obj.of("category", "count", "share")),
    "chronology": ListOf(Obj.of("date", "kind", "what", "detail")),
    "map_png": None,
    "map_caption": None,
    "chart_png": None,
    "schedule": ListOf(Obj.of("number", "reference", "when", "category", "location", "source")),
    "engagements": ListOf(Obj.of("at", "kind", "who", "how", "premises")),
    "responses": ListOf(
        Obj.of("received_on", "unit", "stance", "reason", "reply_sent_on", "reply")
    ),
    "service": ListOf(Obj.of("served_at", "document", "act", "detail", "served_by", "premises")),
    "breaches": ListOf(Obj.of("at", "breach_of", "place", "seen", "offence", "arrest")),
    "enforcement": ListOf(Obj.of("step", "count")),
    "people": ListOf(Obj.of("name", "date_of_birth", "description")),
    "person_entries": ListOf(Obj.of("person", "date", "what", "details")),
}


class BundleForm(Form):
    """What goes into the bundle: personal data or not, and the months of incidents."""

    personal_data = forms.BooleanField(
        label="Include personal data (people under enforcement)",
        required=False,
        help_text="Their names, dates of birth, each warning, notice and order, and the breaches "
        "attributed to them. You need the partnership’s permission to see personal data; the "
        "bundle is then marked OFFICIAL-SENSITIVE.",
    )
    month_from = DayField(
        label="Incidents from (month)",
        required=False,
        since=POLICEUK_FIRST_MONTH,
        since_why=POLICEUK_SINCE,
        input_formats=["%Y-%m"],
        widget=MonthInput,
        help_text="For example, 1 2024. Leave empty to start at the first month held.",
    )
    month_to = DayField(
        label="Incidents to (month)",
        required=False,
        since=POLICEUK_FIRST_MONTH,
        since_why=POLICEUK_SINCE,
        input_formats=["%Y-%m"],
        widget=MonthInput,
        help_text="For example, 12 2025. Leave empty to end at the last month held.",
    )

    as_at = DayField(
        label="As at",
        required=False,
        help_text="Nothing after this day goes in. Leave empty for the day of the next hearing "
        "booked (or today when none is booked). For example, 27 3 2025",
    )

    def __init__(self, *args: Any, subject: Any = None, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        first, last = cleaned.get("month_from"), cleaned.get("month_to")
        if first and last and first > last:
            self.add_error("month_to", "The last month must be the same as or after the first.")
        for name in ("month_from", "month_to"):  # stored with the document as text
            cleaned[name] = f"{cleaned[name]:%Y-%m}" if cleaned.get(name) else ""
        cleaned["as_at"] = cleaned["as_at"].isoformat() if cleaned.get("as_at") else ""
        return cleaned


def _month(value: Any) -> dt.date | None:
    """The first day of a month given as a date or as "YYYY-MM" text; None when empty."""
    if not value:
        return None
    if isinstance(value, dt.date):
        return value.replace(day=1)
    return dt.date.fromisoformat(f"{str(value)[:7]}-01")


def _day(value: Any) -> dt.date | None:
    """A day given as a date or as ISO text; None when empty."""
    if not value:
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _cover(subject: Any, reader: Reader, sites: list, as_at: AsAt) -> dict[str, Any]:
    """The cover: the problem, who prepared the bundle (read on the problem's record, not on
    its shown copy) and the premises, each address without what its name already says."""
    problem = reader.show(subject)
    maker = person(reader.show(reader.user, within=subject))
    return {
        "reference": f"CH-{problem.pk}",
        "problem": {
            "title": text(problem.title),
            "lead": text(problem.lead_organisation),
            "start_date": day(problem.start_date),
            "stage": problem.get_stage_display(),
            "summary": text(problem.summary),
        },
        "prepared": {
            "by": maker["name"] or maker["role"],
            "organisation": maker["organisation"],
            "on": day(timezone.localdate()),
        },
        "as_at": {"day": day(as_at.day), "reason": as_at.reason},
        "sites": [
            {
                "name": text(s.name),
                "address": address_after(text(s.name), text(s.address)),
                "area": f"{s.area_m2:,.0f} square metres",
            }
            for s in reader.show_all(sites)
        ],
    }


def evidence_bundle(*, subject: Any, reader: Reader, inputs: dict) -> Content:
    """Build the bundle for a problem, as far as the reader may see it; the people under
    enforcement only when ``inputs["personal_data"]``; nothing after its "as at" moment
    (``inputs["as_at"]``, else the next hearing booked, else today: ``bundle_as_at``)."""
    problem = reader.show(subject)
    title = f"Evidence bundle: {text(problem.title)}"
    sites = list(problem.sites.all())
    if not sites:
        return Content(
            title,
            {},
            [
                "Add the problem’s site first: the map and the schedule of "
                "incidents come from its outline."
            ],
        )
    recorded = list(subject.closures.select_related("site"))
    closures = reader.show_all(recorded)
    as_at = as_at_for(closures, _day(inputs.get("as_at")))
    first, last = _month(inputs.get("month_from")), _month(inputs.get("month_to"))
    last = min(last, as_at.day.replace(day=1)) if last else None
    rows = incidents_at(sites, first, last, as_at)
    months = months_shown(rows, first, last)
    where = "the site" if len(sites) == 1 else "the sites"
    label = ", ".join(text(s.name) for s in reader.show_all(sites))
    asked = bool(inputs.get("personal_data"))
    people, person_entries = logs.people(subject, reader, as_at) if asked else ([], [])
    steps = logs.steps_of(subject, reader, as_at)
    chronology = chronology_of(problem, closures, rows, where, steps, as_at)
    context = _cover(subject, reader, sites, as_at) | {
        "personal_data": bool(people or person_entries),
        **incident_evidence(sites, label, rows, months),
        "chronology": [e.as_dict() for e in chronology],
        "engagements": logs.engagements(closures, as_at),
        "responses": logs.responses(subject, reader, as_at),
        "service": logs.service(recorded, reader, as_at),
        "breaches": logs.breaches(recorded, reader, as_at),
        "enforcement": logs.enforcement(steps),
        "people": people,
        "person_entries": person_entries,
    }
    warnings = [] if rows else ["No incidents are held inside the site for these months."]
    return Content(title, context, warnings=warnings)


def register() -> None:
    kinds.register(
        DocumentKind(
            key="evidence_bundle",
            title="Evidence bundle",
            subject="problem",
            placeholders=PLACEHOLDERS,
            build=evidence_bundle,
            form=BundleForm,
            description="Cover and index, chronology, map, incidents by month, the numbered "
            "schedule of incidents, and the consultation and service logs. Personal data only "
            "if you ask for it and have the right.",
        )
    )
