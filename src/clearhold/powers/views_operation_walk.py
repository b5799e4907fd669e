"""Serving an operation's notices along the walk: the premises in walking (street) order, one
page per premises with one tap per act of service (s.79(2),(3)) and an optional photograph, then
on to the next; and the same act for several premises at once from a desk.

Thin views: each is guarded by POWERS_RECORD on the operation's problem, reads the records
through the read model, and writes through ``services_operation_court``, where each premises is
its own notice under ``service_record`` (a police notice is served by a constable, s.79(1)).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from clearhold.authz import permission_required, problem_in_url, require
from clearhold.powers.batch import BatchResult
from clearhold.powers.forms_operation_court import ServiceBatchForm, WalkServeForm
from clearhold.powers.models import Operation, ServiceAct
from clearhold.powers.operation_premises import premises_name
from clearhold.powers.permissions import POWERS_RECORD
from clearhold.powers.selectors import operation_get
from clearhold.powers.selectors_operation_court import WalkStop, next_stop, service_walk
from clearhold.powers.services_operation_court import serve_one, service_batch
from clearhold.readmodel import reader_for
from clearhold.toolkit.forms import add_validation_errors

# A refusal names the field it is about ("served_at: ..."); the page says it in words alone.


def recording(request: HttpRequest, pk: int) -> Operation:
    """The operation, if the user may record on its problem."""
    operation = operation_get(user=request.user, pk=pk)
    require(request.user, POWERS_RECORD, operation.problem)
    return operation


def batch_refused(result: BatchResult) -> dict[str, Any]:
    """What every batch page shows when it stored nothing (``powers/_refused.html`` and
    ``_proceed.html``): the premises refused with why, and how many passed, for the second button
    that keeps those without the refused. Names and reasons only: the refused premises' stored
    records stay in the view."""
    refused = [{"premises": o.premises, "refused": o.refused} for o in result.refused]
    return {"refused": refused, "others": len(result.succeeded)}


@permission_required(POWERS_RECORD, problem_in_url(Operation))
def walk_page(request: HttpRequest, pk: int) -> HttpResponse:
    operation = recording(request, pk)
    with reader_for(request, operation.problem, what=f"service walk of {operation}") as reader:
        stops = [(reader.show(stop.closure), stop) for stop in service_walk(operation)]
        first = next((stop for _, stop in stops if not stop.served), None)
        context = {"operation": reader.show(operation), "stops": stops, "first": first}
        return render(request, "powers/operation/walk.html", context)


def _stop(operation: Operation, closure_pk: int) -> tuple[list[WalkStop], WalkStop | None, Any]:
    """The walk, the premises' place on it (None when nothing is left to serve there: no notice
    yet, or the application decided), and the premises; 404 if not the operation's."""
    closure = get_object_or_404(operation.closures.select_related("site", "unit"), pk=closure_pk)
    stops = service_walk(operation)
    stop = next((s for s in stops if s.closure.pk == closure.pk), None)
    return stops, stop, closure


def _served_message(stop: WalkStop, act: str, following: WalkStop | None) -> str:
    done = f"{ServiceAct(act).label} at {premises_name(stop.closure)}."
    if following is None:
        return f"{done} That is the last premises on the walk."
    return f"{done} Next: {premises_name(following.closure)}."


@permission_required(POWERS_RECORD, problem_in_url(Operation))
def walk_stop(request: HttpRequest, pk: int, closure_pk: int) -> HttpResponse:
    """One premises on the walk: a tap records an act of service, then on to the next."""
    operation = recording(request, pk)
    stops, stop, closure = _stop(operation, closure_pk)
    form = WalkServeForm(request.POST or None, request.FILES or None)
    if stop is None and request.method == "POST":
        form.add_error(None, "Nothing is left to serve at these premises.")
    elif request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["served_at"] = data["served_at"] or timezone.now().replace(microsecond=0)
        try:
            serve_one(user=request.user, closure=stop.closure, **data)
        except ValidationError as invalid:
            add_validation_errors(form, invalid)
        else:
            following = next_stop(service_walk(operation), stop.closure)
            messages.success(request, _served_message(stop, data["act"], following))
            if following is None:
                return redirect("powers:operation-walk", operation.pk)
            return redirect("powers:operation-walk-stop", operation.pk, following.closure.pk)
    done = stop.acts if stop else ()
    with reader_for(request, operation.problem, what=f"service walk of {operation}") as reader:
        context = {
            "operation": reader.show(operation),
            "closure": reader.show(closure),
            "stop": stop,
            "position": stops.index(stop) + 1 if stop else None,
            "count": len(stops),
            "form": form,
            "acts": [(value, label, value in done) for value, label in ServiceAct.choices],
            "following": next_stop(stops, closure),
        }
        return render(request, "powers/operation/walk_stop.html", context)


@permission_required(POWERS_RECORD, problem_in_url(Operation))
def service_batch_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The same act at the same time for the premises ticked (s.79(2))."""
    operation = recording(request, pk)
    stops = service_walk(operation)
    choices = [(str(s.closure.pk), s.closure.site.name) for s in stops]
    initial = {
        "premises": [str(s.closure.pk) for s in stops if not s.served],
        "served_at": timezone.now().replace(second=0, microsecond=0),
    }
    form = ServiceBatchForm(request.POST or None, choices=choices, initial=initial)
    shown: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        closures = [s.closure for s in stops if s.closure.pk in data["premises"]]
        try:
            result = service_batch(
                user=request.user,
                operation=operation,
                closures=closures,
                act=data["act"],
                served_at=data["served_at"],
                detail=data["detail"],
                proceed=data["proceed"],
            )
        except ValidationError as invalid:
            add_validation_errors(form, invalid)
        else:
            if result.stored:
                messages.success(request, f"Service recorded at {len(result.succeeded)} premises.")
                return redirect("powers:operation-walk", operation.pk)
            shown = batch_refused(result)
    with reader_for(request, operation.problem, what=f"service of {operation}") as reader:
        context = {"operation": reader.show(operation), "form": form, **shown}
        context["cancel"] = reverse("powers:operation-walk", args=[operation.pk])
        return render(request, "powers/operation/service_batch.html", context)
