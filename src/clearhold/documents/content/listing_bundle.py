"""The evidence bundle for one court listing of an operation: a section per premises listed.

The court hears each application on its own, so each premises gets the evidence the
single-closure bundle gives (the same builder pieces: ``bundle_incidents.incident_evidence``, the
premises' own chronology, and the consultation, service and breach logs), inside its own
outline: its incidents, map and chart, its schedule of incidents numbered from 1, and its
notice, service, hearings and breaches. The cover names the court, the listing's time, the
operation and every application listed; the index gives each section's page.

The applications listed are the closures heard at the listing, and those whose notice booked
the hearing at that court at that time and which have not been heard yet (a bundle is made
before the hearing). Everything stands "as at" the listing's time. Every record is read through
the maker's reader; who served a notice is named only for a maker allowed to see it, and the
bundle is then marked. People under enforcement are not in it (the problem's own bundle has
them, when asked for).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from clearhold.documents.content import bundle_logs as logs
from clearhold.documents.content.bundle_as_at import AsAt
from clearhold.documents.content.bundle_chronology import premises_chronology
from clearhold.documents.content.bundle_incidents import (
    incident_evidence,
    incidents_at,
    months_shown,
)
from clearhold.documents.content.common import address_after, day, person, text, when
from clearhold.documents.kinds import Content, DocumentKind
from clearhold.documents.templating import ListOf, Obj
from clearhold.powers.models import Listing
from clearhold.powers.selectors import operation_closures
from clearhold.powers.state import notice_of
from clearhold.readmodel import Reader

SECTION = (
    "number",
    "anchor",
    "premises",
    "description",
    "address",
    "reference",
    "period",
    "totals",
    "categories",
    "map_png",
    "map_caption",
    "chart_png",
    "schedule",
    "chronology",
    "engagements",
    "service",
    "breaches",
)


def listing_of(problem: Any, inputs: dict) -> Listing | None:
    """The listing named in ``inputs`` if it is one of ``problem``'s operations' (else None)."""
    pk = inputs.get("listing")
    if not str(pk).isdigit():
        return None
    found = Listing.objects.filter(pk=pk, operation__problem=problem)
    return found.select_related("operation").first()


def _booked_for(closure: Any, listing: Listing) -> bool:
    notice = notice_of(closure)
    if notice is None or notice.hearing_at != listing.listed_at:
        return False
    return (
        " ".join(notice.hearing_court.split()).casefold()
        == " ".join(listing.court.split()).casefold()
    )


def listed_closures(listing: Listing) -> list[Any]:
    """The closures whose applications are listed, in street order: heard at the listing, or
    booked for it by their notice and not heard yet."""
    heard = set(listing.hearings.values_list("closure_id", flat=True))
    return [
        closure
        for closure in operation_closures(listing.operation)
        if closure.pk in heard or (not closure.hearings.exists() and _booked_for(closure, listing))
    ]


def _name(closure: Any) -> str:
    site = text(closure.site.name)
    return f"{text(closure.unit.name)}, {site}" if closure.unit_id else site


def premises_section(closure: Any, number: int, reader: Reader, as_at: AsAt) -> dict[str, Any]:
    """One premises' evidence, as the single-closure bundle gives it, inside its outline."""
    shown = reader.show(closure)
    site = closure.site
    rows = incidents_at([site], None, None, as_at)
    months = months_shown(rows, None, None)
    description = text(shown.premises_description)
    return {
        "number": number,
        "anchor": f"premises-{number}",
        "premises": _name(shown),
        "description": description,
        "address": address_after(description, text(shown.site.address)),
        "reference": f"CH-{shown.problem_id}-{shown.pk}",
        **incident_evidence([site], text(shown.site.name), rows, months),
        "chronology": [e.as_dict() for e in premises_chronology(shown, rows, as_at)],
        "engagements": logs.engagements([shown], as_at),
        "service": logs.service([closure], reader, as_at),
        "breaches": logs.breaches([closure], reader, as_at),
    }


def listing_bundle(*, subject: Any, reader: Reader, inputs: dict) -> Content:
    """The bundle for the listing named in ``inputs`` (of the problem ``subject``)."""
    listing = listing_of(subject, inputs)
    if listing is None:
        return Content("Evidence bundle", {}, ["Choose a court listing of this problem."])
    shown = reader.show(listing)
    operation = reader.show(listing.operation)
    title = f"Evidence bundle: {text(operation.name)}, {text(shown.court)}"
    closures = listed_closures(listing)
    if not closures:
        return Content(
            title,
            {},
            [f"No application is listed at {shown.court} at {when(shown.listed_at)} yet."],
        )
    as_at = AsAt(shown.listed_at, False, f"the listing at {text(shown.court)}")
    sections = [premises_section(c, n, reader, as_at) for n, c in enumerate(closures, start=1)]
    maker = person(reader.show(reader.user, within=subject))
    context = {
        "operation": text(operation.name),
        "problem": text(reader.show(subject).title),
        "court": text(shown.court),
        "court_address": ", ".join(
            line.strip(" ,") for line in text(shown.court_address).splitlines() if line.strip()
        ),
        "listed_at": when(shown.listed_at),
        "prepared": {
            "by": maker["name"] or maker["role"],
            "organisation": maker["organisation"],
            "on": day(timezone.localdate()),
        },
        "sections": sections,
    }
    return Content(title, context)


LISTING_BUNDLE = DocumentKind(
    key="listing_bundle",
    title="Evidence bundle for a court listing",
    subject="problem",
    placeholders={
        "operation": None,
        "problem": None,
        "court": None,
        "court_address": None,
        "listed_at": None,
        "prepared": Obj.of("by", "organisation", "on"),
        "sections": ListOf(Obj.of(*SECTION)),
    },
    build=listing_bundle,
    formats=("pdf",),
    description="One bundle for the applications heard at one listing, a section per premises.",
)
