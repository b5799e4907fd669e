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
allows who gave a purpose; the bundle is then marked OFFICIAL-SENSITIVE by the service.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

import shapely
from django import forms
from django.db.models import F
from django.utils import timezone

from clearhold.areas import area_from_geojson
from clearhold.documents import figures, kinds
from clearhold.documents.content.common import day, person, text
from clearhold.documents.content.plan import site_plan
from clearhold.documents.kinds import PERSONAL_MARKING, Content, DocumentKind
from clearhold.documents.models import ConsultationResponse
from clearhold.documents.templating import ListOf, Obj, Placeholders
from clearhold.incidents.models import Incident
from clearhold.incidents.profiles import profile_choices
from clearhold.incidents.selectors import incidents_in_area
from clearhold.law import UK
from clearhold.law.enforcement import STEP_LABELS
from clearhold.powers.models import Breach, EnforcementStep, Person, ServiceEvent
from clearhold.powers.people import BREACH_LABELS, chronology
from clearhold.powers.state import notice_of, order_of
from clearhold.readmodel import Reader

__all__ = ["PERSONAL_MARKING", "evidence_bundle", "incidents_at", "register", "schedule"]
POLICEUK_CRIME_ID = re.compile(r"[0-9a-f]{64}")
CRIME_ID_SHOWN = 12
CATEGORY_LABELS = dict(Incident._meta.get_field("category").choices)
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

PLACEHOLDERS: Placeholders = {
    "reference": None,
    "personal_data": None,
    "problem": Obj.of("title", "lead", "start_date", "stage", "summary"),
    "prepared": Obj.of("by", "organisation", "on"),
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


class BundleForm(forms.Form):
    """What goes into the bundle: personal data or not, and the months of incidents."""

    personal_data = forms.BooleanField(
        label="Include personal data (people under enforcement)",
        required=False,
        help_text="Their names, dates of birth, each warning, notice and order, and the breaches "
        "attributed to them. You need the partnership’s permission to see personal data; the "
        "bundle is then marked OFFICIAL-SENSITIVE.",
    )
    month_from = forms.DateField(
        label="Incidents from (month)",
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text="For example, 2024-01. Leave empty to start at the first month held.",
    )
    month_to = forms.DateField(
        label="Incidents to (month)",
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text="For example, 2025-12. Leave empty to end at the last month held.",
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
        return cleaned


def _month(value: Any) -> dt.date | None:
    """The first day of a month given as a date or as "YYYY-MM" text; None when empty."""
    if not value:
        return None
    if isinstance(value, dt.date):
        return value.replace(day=1)
    return dt.date.fromisoformat(f"{str(value)[:7]}-01")


def _months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    months, month = [], first
    while month <= last:
        months.append(month)
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def _months_shown(rows: list, first: dt.date | None, last: dt.date | None) -> list[dt.date]:
    """The months the bundle covers: those asked for, else those of the first and last
    incident; none when there is nothing to show."""
    if not rows and not (first and last):
        return []
    return _months_between(first or rows[0].month, last or rows[-1].month)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# The incidents -------------------------------------------------------------------------------


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


def incidents_at(sites: list, first: dt.date | None, last: dt.date | None) -> list[Row]:
    """The incidents inside the sites' outlines within the months, oldest first."""
    area = shapely.union_all([area_from_geojson(site.boundary) for site in sites])
    found = incidents_in_area(Incident.objects.all(), area).order_by(
        "month", F("occurred").asc(nulls_first=True), "id"
    )
    if first:
        found = found.filter(month__gte=first)
    if last:
        found = found.filter(month__lte=last)
    return [Row(*values) for values in found.values_list(*SCHEDULE_FIELDS)]


def _when(row: Row) -> str:
    if row.precision == "month" or row.occurred is None:
        return f"{row.month:%B %Y}"
    local = row.occurred.astimezone(UK)
    if row.precision == "day":
        return f"{local:%-d %B %Y}"
    return f"{local:%-d %B %Y} " + f"{local:%-I:%M%p}".lower()


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
        "months": _plural(len(months), "month"),
        "busiest": f"{busiest[0]:%B %Y} ({busiest[1]})" if busiest else "none",
    }


# The chronology ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One line of the chronology; ``at`` orders the lines of one day."""

    on: dt.date
    date: str
    kind: str
    what: str
    detail: str = ""
    at: dt.time = dt.time(0)

    def as_dict(self) -> dict[str, str]:
        return {"date": self.date, "kind": self.kind, "what": self.what, "detail": self.detail}


def moment(at: dt.datetime) -> str:
    """“5 May 2025, 2:00pm” in UK time: short enough for a table cell."""
    local = at.astimezone(UK)
    return f"{local:%-d %B %Y}, " + f"{local:%-I:%M%p}".lower()


def _dated(on: dt.datetime | dt.date, kind: str, what: str, detail: str = "") -> Entry:
    if isinstance(on, dt.datetime):
        local = on.astimezone(UK)
        return Entry(local.date(), moment(on), kind, what, detail, local.time())
    return Entry(on, day(on), kind, what, detail)


def _incident_entries(rows: list[Row], where: str) -> list[Entry]:
    by_month: dict[dt.date, Counter] = defaultdict(Counter)
    for row in rows:
        by_month[row.month][row.category] += 1
    return [
        Entry(
            month,
            f"{month:%B %Y}",
            "Incidents",
            f"{_plural(sum(counts.values()), 'incident')} at {where}",
            ", ".join(f"{CATEGORY_LABELS.get(c, c)} {n}" for c, n in counts.most_common()),
        )
        for month, counts in by_month.items()
    ]


def _problem_entries(problem: Any) -> list[Entry]:
    entries = [_dated(problem.start_date, "Problem", "Problem opened", text(problem.title))]
    for action in problem.actions.select_related("owner_organisation"):
        entries.append(
            _dated(
                action.due_date,
                "Action",
                f"Action due: {action.title}",
                f"{action.get_layer_display()}, {action.owner_organisation}, "
                f"{action.get_status_display().lower()}",
            )
        )
    for meeting in problem.meetings.all():
        entries.append(
            _dated(meeting.date, "Meeting", "Partnership meeting", text(meeting.decisions))
        )
    for review in problem.reviews.exclude(completed_at=None):
        entries.append(
            _dated(
                review.completed_at,
                "Review",
                f"{review.months}-month review completed",
                review.get_decision_display(),
            )
        )
    return entries


def _notice_entries(closure: Any) -> list[Entry]:
    notice = notice_of(closure)
    if notice is None:
        return []
    premises = text(closure.premises_description)
    entries = [
        _dated(notice.issued_at, "Closure", f"{notice.hours}-hour closure notice issued", premises)
    ]
    for event in notice.service.all():
        entries.append(
            _dated(
                event.served_at,
                "Service",
                f"{event.get_document_display()} served",
                f"{event.get_act_display()}. {text(event.detail)}".strip(),
            )
        )
    if notice.extension_issued_at:
        entries.append(
            _dated(
                notice.extension_issued_at,
                "Closure",
                f"Notice extended by {notice.extension_hours} hours (s.77(4))",
                premises,
            )
        )
    if notice.cancelled_at:
        entries.append(
            _dated(
                notice.cancelled_at,
                "Closure",
                "Notice cancelled (s.78(2))",
                text(notice.cancellation_reason),
            )
        )
    if notice.varied_at:
        entries.append(
            _dated(
                notice.varied_at, "Closure", "Notice varied (s.78(3))", text(notice.part_removed)
            )
        )
    return entries


def _court_entries(closure: Any) -> list[Entry]:
    entries = [
        _dated(h.heard_at, "Court", f"Hearing at {h.court}", h.get_outcome_display())
        for h in closure.hearings.all()
    ]
    order = order_of(closure)
    if order is not None:
        kind = "Partial" if order.partial else "Full"
        entries.append(
            _dated(
                order.made_on,
                "Court",
                f"{kind} closure order made by {order.court}",
                f"In force until {day(order.current_ends_on())}",
            )
        )
        for extension in order.extensions.all():
            decided = extension.granted_on or extension.refused_on
            if decided:
                verdict = "granted" if extension.granted_on else "refused"
                entries.append(
                    _dated(
                        decided,
                        "Court",
                        f"Extension of the order {verdict} (s.82)",
                        f"To {day(extension.new_ends_on)}",
                    )
                )
        if order.discharged_on:
            entries.append(_dated(order.discharged_on, "Court", "Order discharged (s.83)"))
    for appeal in closure.appeals.all():
        entries.append(
            _dated(appeal.lodged_on, "Court", "Appeal lodged (s.84)", appeal.get_outcome_display())
        )
    return entries


def _closure_entries(closure: Any) -> list[Entry]:
    entries = [
        _dated(
            e.at,
            "Informed" if e.kind.startswith("inform") else "Consulted",
            e.get_kind_display(),
            text(e.who),
        )
        for e in closure.engagements.all()
    ]
    entries += _notice_entries(closure) + _court_entries(closure)
    for breach in closure.breaches.all():
        entries.append(
            _dated(
                breach.occurred_at,
                "Breach",
                BREACH_LABELS.get(breach.breach_of, breach.get_breach_of_display()),
                _breach_detail(breach),
            )
        )
    return entries


def _breach_detail(breach: Breach) -> str:
    where = text(breach.place) or text(breach.closure.premises_description)
    return f"{where}: {text(breach.seen)}" + (" Arrest made." if breach.arrest else "")


def _steps(problem: Any, reader: Reader) -> list[tuple[str, dt.date]]:
    """(kind, day) of each enforcement step the reader may see (steps are restricted)."""
    steps = reader.show(EnforcementStep.objects.filter(person__problem=problem))
    return [(step.kind, step.on) for step in steps if step.kind and step.on]


def _enforcement_entries(steps: list[tuple[str, dt.date]]) -> list[Entry]:
    """Enforcement steps by month and kind, without names (the people are personal data)."""
    by_month: dict[dt.date, Counter] = defaultdict(Counter)
    for kind, on in steps:
        by_month[on.replace(day=1)][kind] += 1
    return [
        Entry(
            month,
            f"{month:%B %Y}",
            "Enforcement",
            f"{_plural(sum(counts.values()), 'enforcement step')} taken",
            ", ".join(f"{STEP_LABELS[k]} {n}" for k, n in counts.most_common()),
        )
        for month, counts in by_month.items()
    ]


def chronology_of(
    problem: Any, closures: list, rows: list[Row], where: str, steps: list[tuple[str, dt.date]]
) -> list[Entry]:
    """Everything dated on the (shown) problem, oldest first; a month's totals open the month."""
    entries = _incident_entries(rows, where) + _problem_entries(problem)
    for closure in closures:
        entries += _closure_entries(closure)
    entries += _enforcement_entries(steps)
    monthly = ("Incidents", "Enforcement")
    return sorted(entries, key=lambda e: (e.on, e.kind not in monthly, e.at))


# The logs --------------------------------------------------------------------------------------


def _engagements(closures: list) -> list[dict[str, str]]:
    return [
        {
            "at": moment(e.at),
            "kind": e.get_kind_display(),
            "who": text(e.who),
            "how": text(e.how),
            "premises": text(closure.premises_description),
        }
        for closure in closures
        for e in closure.engagements.all()
    ]


def _responses(problem: Any, reader: Reader) -> list[dict[str, str]]:
    found = ConsultationResponse.objects.filter(problem=problem).select_related("unit")
    return [
        {
            "received_on": day(r.received_on),
            "unit": text(r.unit.name),
            "stance": r.get_stance_display(),
            "reason": text(r.reason),
            "reply_sent_on": day(r.reply_sent_on) or "No reply sent",
            "reply": text(r.reply),
        }
        for r in reader.show(found)
    ]


def _service(closures: list, reader: Reader) -> list[dict[str, str]]:
    events = ServiceEvent.objects.filter(notice__closure__in=closures).select_related(
        "served_by", "notice__closure"
    )
    return [
        {
            "served_at": moment(e.served_at),
            "document": e.get_document_display(),
            "act": e.get_act_display(),
            "detail": text(e.detail) + (" Entered by force (s.79(4))." if e.force_used else ""),
            "served_by": person(e.served_by)["name"],
            "premises": text(e.notice.closure.premises_description),
        }
        for e in reader.show(events)
    ]


def _breaches(closures: list, reader: Reader) -> list[dict[str, str]]:
    found = Breach.objects.filter(closure__in=closures).select_related("closure")
    return [
        {
            "at": moment(b.occurred_at),
            "breach_of": BREACH_LABELS.get(b.breach_of, b.get_breach_of_display()),
            "place": text(b.place) or text(b.closure.premises_description),
            "seen": text(b.seen),
            "offence": f"{b.offence_section}: {b.max_penalty}",
            "arrest": "Yes" if b.arrest else "No",
        }
        for b in reader.show(found.order_by("occurred_at", "id"))
    ]


def _enforcement(steps: list[tuple[str, dt.date]]) -> list[dict[str, Any]]:
    counts = Counter(kind for kind, _ in steps)
    return [{"step": STEP_LABELS[k], "count": n} for k, n in counts.most_common()]


def _people(problem: Any, reader: Reader) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The people under enforcement and each step and breach of theirs (personal data), as far
    as the reader may see them: none at all for a reader not allowed restricted data."""
    people = [p for p in reader.show(Person.objects.filter(problem=problem)) if p.name]
    listed = [
        {
            "name": text(p.name),
            "date_of_birth": day(p.date_of_birth) or "Not known",
            "description": text(p.description),
        }
        for p in people
    ]
    entries = [
        {
            "person": text(p.name),
            "date": moment(e.at) if e.at else day(e.on),
            "what": e.label,
            "details": "; ".join(x for x in (e.by, e.details, e.consequence) if x),
        }
        for p in people
        for e in chronology(p)
    ]
    unnamed = Breach.objects.filter(closure__problem=problem, person=None).exclude(
        person_description=""
    )
    entries += [
        {
            "person": f"Not identified: {b.person_description}",
            "date": moment(b.occurred_at),
            "what": BREACH_LABELS.get(b.breach_of, b.get_breach_of_display()),
            "details": _breach_detail(b),
        }
        for b in reader.show(unnamed.select_related("closure"))
        if b.person_description
    ]
    return listed, entries


# The bundle ------------------------------------------------------------------------------------


def _cover(problem: Any, reader: Reader, sites: list) -> dict[str, Any]:
    maker = person(reader.show(reader.user, within=problem))
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
        "sites": [
            {
                "name": text(s.name),
                "address": text(s.address),
                "area": f"{s.area_m2:,.0f} square metres",
            }
            for s in reader.show_all(sites)
        ],
    }


def _period(months: list[dt.date]) -> str:
    if not months:
        return "No incidents held"
    return f"{months[0]:%B %Y} to {months[-1]:%B %Y}"


def evidence_bundle(*, subject: Any, reader: Reader, inputs: dict) -> Content:
    """Build the bundle for a problem, as far as the reader may see it; the people under
    enforcement only when ``inputs["personal_data"]``."""
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
    first, last = _month(inputs.get("month_from")), _month(inputs.get("month_to"))
    rows = incidents_at(sites, first, last)
    months = _months_shown(rows, first, last)
    recorded = list(subject.closures.select_related("site"))
    closures = reader.show_all(recorded)
    where = "the site" if len(sites) == 1 else "the sites"
    label = ", ".join(text(s.name) for s in reader.show_all(sites))
    plan, chart_png = _figures(sites, label, rows, months)
    asked = bool(inputs.get("personal_data"))
    people, person_entries = _people(subject, reader) if asked else ([], [])
    steps = _steps(subject, reader)
    context = _cover(problem, reader, sites) | {
        "personal_data": bool(people or person_entries),
        "period": _period(months),
        "totals": _totals(rows, months),
        "categories": _categories(rows),
        "chronology": [e.as_dict() for e in chronology_of(problem, closures, rows, where, steps)],
        "map_png": plan["png"],
        "map_caption": plan["caption"],
        "chart_png": chart_png,
        "schedule": schedule(rows),
        "engagements": _engagements(closures),
        "responses": _responses(subject, reader),
        "service": _service(recorded, reader),
        "breaches": _breaches(recorded, reader),
        "enforcement": _enforcement(steps),
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
