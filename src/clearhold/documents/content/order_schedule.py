"""The schedule of an operation's orders for the court: one row per premises, in street order.

Each row says what the record holds for that premises: its address, when its notice was issued
and first served, its hearing and outcome, the order made (when it starts and ends), its scope
and who may still enter, and each extension with its new end. The PDF's table and the CSV are
the same rows. Records are read through the maker's reader; nobody is named (the issuer and
the officers who served are not in it), so it holds no personal data.

The kind is not in the problem's list of documents (it is made from an operation, on the
operation's Papers page), and its template is ClearHold's own (no council adapts it).
"""

from __future__ import annotations

from typing import Any

from clearhold.documents.content.common import address_after, day, exemptions, text, when
from clearhold.documents.kinds import Content, DocumentKind
from clearhold.documents.templating import ListOf, Obj
from clearhold.powers.models import Operation, OrderScope
from clearhold.powers.selectors import operation_closures
from clearhold.powers.state import first_service, hearings, notice_of, order_of
from clearhold.powers.terms import terms_of
from clearhold.readmodel import Reader

#: Each column: its key in the template's rows, and its heading (the CSV's header too).
COLUMNS = (
    ("position", "Route"),
    ("premises", "Premises"),
    ("address", "Address"),
    ("reference", "Reference"),
    ("notice_issued", "Notice issued"),
    ("notice_served", "Notice first served"),
    ("hearing", "Hearing"),
    ("outcome", "Outcome"),
    ("order_made", "Order made"),
    ("order_starts", "Order starts"),
    ("order_ends", "Order ends (as made)"),
    ("scope", "Scope"),
    ("allowed", "Who may enter"),
    ("extensions", "Extensions"),
    ("ends_now", "Order ends now"),
)
SCOPE_LABELS = dict(OrderScope.choices)


def operation_of(problem: Any, inputs: dict) -> Operation | None:
    """The operation named in ``inputs`` if it is one of ``problem``'s (else None)."""
    pk = inputs.get("operation")
    return problem.operations.filter(pk=pk).first() if str(pk).isdigit() else None


def allowed_summary(stored: list[dict]) -> str:
    """Who may enter, one clause after another (the allow-list in short)."""
    return "; ".join(
        e["clause"] + (f" ({e['organisation']})" if e["organisation"] not in e["clause"] else "")
        for e in exemptions(stored)
    )


def _extensions(order: Any, reader: Reader) -> str:
    said = []
    for e in reader.show(order.extensions.all()):
        decided = (
            f"granted {day(e.granted_on)}"
            if e.granted_on
            else f"refused {day(e.refused_on)}"
            if e.refused_on
            else "not yet decided"
        )
        said.append(f"Applied {day(e.applied_on)} to {day(e.new_ends_on)}: {decided}")
    return "; ".join(said)


def _court(closure: Any, reader: Reader) -> tuple[str, str]:
    heard = hearings(closure)
    if heard:
        last = reader.show(heard[-1])
        return f"{when(last.heard_at)}, {text(last.court)}", last.get_outcome_display()
    notice = notice_of(closure)
    if notice is not None and notice.hearing_at:
        booked = reader.show(notice)
        return f"{when(booked.hearing_at)}, {text(booked.hearing_court)}", "Not yet heard"
    return "", "Not yet heard"


def schedule_row(closure: Any, position: int, reader: Reader) -> dict[str, str]:
    """One premises' row, read through ``reader``."""
    shown = reader.show(closure)
    recorded = notice_of(closure)
    notice = reader.show(recorded) if recorded is not None else None
    order = order_of(closure)
    terms = terms_of(closure)
    hearing, outcome = _court(closure, reader)
    row = {
        "position": str(position),
        "premises": text(shown.premises_description),
        "address": address_after(text(shown.premises_description), text(shown.site.address)),
        "reference": f"CH-{shown.problem_id}-{shown.pk}",
        "notice_issued": when(notice.issued_at) if notice else "No notice issued",
        "notice_served": when(first_service(recorded)) if recorded else "",
        "hearing": hearing,
        "outcome": outcome,
    }
    if order is None:
        scope = SCOPE_LABELS.get(terms.scope, terms.scope) if terms else ""
        allowed = allowed_summary(terms.exemptions) if terms else ""
        return row | {"scope": f"Applied for: {scope}" if scope else "", "allowed": allowed}
    made = reader.show(order)
    return row | {
        "order_made": day(made.made_on),
        "order_starts": day(made.starts_on),
        "order_ends": day(made.ends_on),
        "scope": made.get_scope_display()
        + (f": {text(made.part_description)}" if text(made.part_description) else ""),
        "allowed": allowed_summary(made.exemptions) or "Nobody: a full closure",
        "extensions": _extensions(order, reader),
        "ends_now": day(order.current_ends_on()),
    }


def order_schedule(*, subject: Any, reader: Reader, inputs: dict) -> Content:
    """The schedule of the operation named in ``inputs`` (of the problem ``subject``)."""
    operation = operation_of(subject, inputs)
    if operation is None:
        return Content("Schedule of orders", {}, ["Choose an operation of this problem."])
    shown = reader.show(operation)
    closures = operation_closures(operation)
    rows = [schedule_row(c, c.route_position or n, reader) for n, c in enumerate(closures, start=1)]
    rows = [{key: row.get(key, "") for key, _ in COLUMNS} for row in rows]
    blocking = [] if rows else [f"{shown.name} has no premises."]
    return Content(
        f"Schedule of orders: {text(shown.name)}",
        {
            "operation": text(shown.name),
            "problem": text(reader.show(subject).title),
            "columns": [label for _, label in COLUMNS],
            "rows": rows,
        },
        blocking,
        rows=[{label: row[key] for key, label in COLUMNS} for row in rows],
    )


ORDER_SCHEDULE = DocumentKind(
    key="order_schedule",
    title="Schedule of orders",
    subject="problem",
    placeholders={
        "operation": None,
        "problem": None,
        "columns": ListOf(),
        "rows": ListOf(Obj.of(*(key for key, _ in COLUMNS))),
    },
    build=order_schedule,
    formats=("pdf", "csv"),
    personal=False,
    description="Every closure of an operation for the court, in street order.",
)
