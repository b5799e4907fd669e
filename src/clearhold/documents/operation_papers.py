"""An operation's papers in bulk, made as any document is (``document_generate``: the maker's
one reader, the template in use, stored, audited and marked by what was read).

* the letters to residents of every unit of the operation's blocks, the existing letters kind
  with its letters put in street order (the blocks' order on the walking route), as one PDF
  and as a ZIP of one PDF per premises;
* the schedule of orders for the court (PDF, or the CSV of the same rows);
* one evidence bundle per court listing, a section per premises (``content.listing_bundle``).

The closure notices, which are both joined and handed over one by one, are
``documents.operation_notices``.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from typing import Any

from django.utils.text import slugify

from clearhold.authz import require
from clearhold.documents.content.letters import resident_letter, units_of
from clearhold.documents.content.listing_bundle import LISTING_BUNDLE
from clearhold.documents.content.order_schedule import ORDER_SCHEDULE, operation_of
from clearhold.documents.kinds import PERSONAL_MARKING, Content, kind_get
from clearhold.documents.models import Format, GeneratedDocument
from clearhold.documents.pdf import Rendered, lay_out_each, page
from clearhold.documents.permissions import DOCUMENT_GENERATE
from clearhold.documents.selectors import template_for
from clearhold.documents.services import (
    DocumentBlocked,
    document_generate,
    document_save,
    render_body,
)
from clearhold.powers.selectors import operation_closures
from clearhold.readmodel import Reader
from clearhold.toolkit.ordering import natural_key


def street_order(operation: Any) -> dict[str, int]:
    """Each unit's letter reference, ranked by its block's place on the route, then by the
    unit's name (flats in their natural order); units of other sites are left out."""
    route: dict[int, int] = {}
    for n, closure in enumerate(operation_closures(operation), start=1):
        route.setdefault(closure.site_id, closure.route_position or n)
    problem = operation.problem
    units = [u for u in units_of(problem) if u.site_id in route]
    units.sort(key=lambda u: (route[u.site_id], natural_key(u.name)))
    return {f"CH-{problem.pk}-{unit.pk}": rank for rank, unit in enumerate(units)}


def letters_in_street_order(*, subject: Any, reader: Reader, inputs: dict) -> Content:
    """The letters to residents, only the operation's blocks', in street order."""
    content = resident_letter(subject=subject, reader=reader, inputs=inputs)
    operation = operation_of(subject, inputs)
    if operation is None:
        return replace(content, blocking=["Choose an operation of this problem."])
    ranks = street_order(operation)
    if content.repeat:
        content.repeat = sorted(
            (item for item in content.repeat if item["reference"] in ranks),
            key=lambda item: ranks[item["reference"]],
        )
    if content.rows:
        content.rows = sorted(
            (row for row in content.rows if row["reference"] in ranks),
            key=lambda row: ranks[row["reference"]],
        )
    content.title = f"Letters to residents: {operation.name}, in street order"
    return content


def operation_letters_make(
    *, user: Any, operation: Any, fmt: str, inputs: dict, purpose: str = "", note: str = ""
) -> GeneratedDocument:
    """The letters to every home of the operation's blocks, in street order (the letters
    kind's own template, checks and CSV)."""
    kind = replace(kind_get("resident_letter"), build=letters_in_street_order)
    return document_generate(
        user=user,
        kind=kind,
        subject=operation.problem,
        fmt=fmt,
        inputs={**inputs, "operation": operation.pk},
        purpose=purpose,
        note=note,
    )


def order_schedule_make(*, user: Any, operation: Any, fmt: str) -> GeneratedDocument:
    """The schedule of the operation's orders, as PDF or CSV (nobody is named in it)."""
    return document_generate(
        user=user,
        kind=ORDER_SCHEDULE,
        subject=operation.problem,
        fmt=fmt,
        inputs={"operation": operation.pk},
    )


def listing_bundle_make(
    *, user: Any, listing: Any, purpose: str = "", note: str = ""
) -> GeneratedDocument:
    """The evidence bundle for one court listing, a section per premises listed."""
    return document_generate(
        user=user,
        kind=LISTING_BUNDLE,
        subject=listing.operation.problem,
        fmt="pdf",
        inputs={"listing": listing.pk},
        purpose=purpose,
        note=note,
    )


def _letters_by_premises(content: Content) -> list[tuple[str, Content]]:
    """The street-ordered letters cut into one run per block, in the blocks' order."""
    runs: dict[str, list[dict]] = {}
    for item in content.repeat or []:
        runs.setdefault(str(item["site"]), []).append(item)
    return [(site, replace(content, repeat=items, rows=[])) for site, items in runs.items()]


def operation_letters_zip_make(
    *, user: Any, operation: Any, inputs: dict, purpose: str = "", note: str = ""
) -> GeneratedDocument:
    """The letters to residents as a ZIP of one PDF per premises (``NN-block-letters.pdf``, in
    street order), for a block's housing officer to print its own: the same letters, template,
    checks and marking as the joined PDF (``operation_letters_make``)."""
    problem = operation.problem
    require(user, DOCUMENT_GENERATE, problem)
    kind = replace(kind_get("resident_letter"), build=letters_in_street_order)
    template = template_for(kind, problem)
    given = {**inputs, "operation": operation.pk}
    channel = f"Generated the letters to residents of {operation.name} as a ZIP; "
    with Reader(user, purpose=purpose, note=note, channel=channel) as reader:
        content = kind.build(subject=problem, reader=reader, inputs=given)
        personal = reader.personal_data
        classes = sorted(reader.classes_read)
    if content.blocking:
        raise DocumentBlocked(content.blocking)
    runs = _letters_by_premises(content)
    if not runs:
        raise DocumentBlocked([f"No homes are recorded in {operation.name}'s blocks."])
    marking = PERSONAL_MARKING if personal else content.marking
    organisation = str(getattr(user, "organisation", "") or "")
    parts = lay_out_each(
        [
            page(render_body(run, template), title=run.title, organisation=organisation,
                 marking=marking)
            for _, run in runs
        ]
    )  # fmt: skip
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for position, ((site, _), part) in enumerate(zip(runs, parts, strict=True), start=1):
            archive.writestr(f"{position:02d}-{slugify(site)}-letters.pdf", part.data)
    refused = tuple(url for part in parts for url in part.refused)
    return document_save(
        user=user,
        problem=problem,
        closure=None,
        kind_key="resident_letter",
        fmt=Format.ZIP,
        title=f"{content.title}, one file per premises",
        rendered=Rendered(out.getvalue(), refused),
        template_label=template.label,
        classes=classes,
        inputs=given,
    )
