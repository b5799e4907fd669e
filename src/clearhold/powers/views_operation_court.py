"""An operation at court: booking one listing, recording what the court decided on each
premises' application there (the order as applied for unless the court varied it), and
extending the orders together.

Thin views guarded by POWERS_RECORD on the operation's problem; records read through the read
model; every write through ``services_operation_court``, premises by premises, so a refused
premises is named with why and the others are kept only when the user says so.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from clearhold.authz import permission_required, problem_in_url
from clearhold.law import uk_date
from clearhold.powers.forms_operation_court import HeardRowForm, HearForm, ListingForm
from clearhold.powers.models import HearingOutcome, Listing, Operation, OrderScope
from clearhold.powers.permissions import POWERS_RECORD
from clearhold.powers.selectors_operation_court import awaiting_court
from clearhold.powers.services_operation_court import (
    HeardRow,
    listing_create,
    listing_hear,
    order_as_applied,
)
from clearhold.powers.state import notice_of
from clearhold.powers.views_operation_walk import batch_refused, recording
from clearhold.readmodel import reader_for
from clearhold.toolkit.forms import add_validation_errors


def _booked(operation: Operation) -> dict[str, Any]:
    """The court and time the notices name (s.76(5)(e)), as the listing's starting values."""
    for closure in awaiting_court(operation):
        notice = notice_of(closure)
        return {
            "court": notice.hearing_court,
            "court_address": notice.hearing_court_address,
            "listed_at": notice.hearing_at,
        }
    return {}


@permission_required(POWERS_RECORD, problem_in_url(Operation))
def listing_new(request: HttpRequest, pk: int) -> HttpResponse:
    operation = recording(request, pk)
    form = ListingForm(request.POST or None, initial=_booked(operation))
    if request.method == "POST" and form.is_valid():
        try:
            listing = listing_create(user=request.user, operation=operation, **form.cleaned_data)
        except ValidationError as invalid:
            add_validation_errors(form, invalid)
        else:
            messages.success(request, "Listing booked. Record what the court decided once heard.")
            return redirect("powers:listing-hear", listing.pk)
    with reader_for(request, operation.problem, what=f"court listing of {operation}") as reader:
        context = {"operation": reader.show(operation), "form": form}
        return render(request, "powers/operation/listing_form.html", context)


def _row_forms(request: HttpRequest, closures: list) -> list[tuple[Any, HeardRowForm]]:
    initial = {"heard": True, "outcome": HearingOutcome.ORDER_MADE}
    return [
        (closure, HeardRowForm(request.POST or None, prefix=f"p{closure.pk}", initial=initial))
        for closure in closures
    ]


def _heard_rows(rows: list[tuple[Any, HeardRowForm]]) -> list[HeardRow]:
    return [
        HeardRow(
            closure=closure,
            outcome=form.cleaned_data["outcome"],
            adjourned_to=form.cleaned_data["adjourned_to"],
            continued_hours=form.cleaned_data["continued_hours"],
            ends_on=form.cleaned_data["ends_on"],
        )
        for closure, form in rows
        if form.cleaned_data["heard"]
    ]


def _applied_for(closure: Any, listing: Listing) -> Any:
    """The order as applied for, for a premises, were it made on the listing's day."""
    try:
        applied = order_as_applied(closure, uk_date(listing.listed_at))
    except ValidationError:
        return None
    return applied | {"scope_label": OrderScope(applied["scope"]).label}


@permission_required(POWERS_RECORD, problem_in_url(Listing))
def listing_hear_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One form, a row per premises: the outcome at this listing, "order made as applied for"
    unless changed; saving records each premises' hearing and order."""
    listing = get_object_or_404(Listing.objects.select_related("operation__problem"), pk=pk)
    operation = recording(request, listing.operation_id)
    rows = _row_forms(request, awaiting_court(operation))
    form = HearForm(request.POST or None, initial={"heard_at": listing.listed_at})
    shown: dict[str, Any] = {}
    posted = request.method == "POST"
    rows_valid = all([row.is_valid() for _, row in rows])
    if posted and not rows_valid:
        form.add_error(None, "Check the premises marked below.")
    if posted and form.is_valid() and rows_valid:
        try:
            result = listing_hear(
                user=request.user,
                listing=listing,
                heard_at=form.cleaned_data["heard_at"],
                rows=_heard_rows(rows),
                proceed=form.cleaned_data["proceed"],
            )
        except ValidationError as invalid:
            add_validation_errors(form, invalid)
        else:
            if result.stored:
                messages.success(request, f"Recorded for {len(result.succeeded)} premises.")
                return redirect("powers:listing-hear", listing.pk)
            shown = batch_refused(result)
    with reader_for(request, operation.problem, what=f"court listing of {operation}") as reader:
        context = {
            "operation": reader.show(operation),
            "listing": reader.show(listing),
            "form": form,
            "rows": [
                (reader.show(closure), row, _applied_for(closure, listing)) for closure, row in rows
            ],
            "heard": reader.show_all(
                listing.hearings.select_related("closure__site").order_by("closure__route_position")
            ),
            "now": timezone.now(),
            **shown,
        }
        return render(request, "powers/operation/listing_hear.html", context)
