"""Pages of an operation: starting one from the problem (its terms and premises, ticked on a
list and map or uploaded as a CSV), its page of premises in walking order, and varying one
closure's terms before its notice.

Thin views: guarded by the rule on the problem, reading through ``operation_get`` and the read
model, writing through ``services_operation``; a premises the law refuses is listed with its
reasons, nothing is stored, and the user may open the others instead.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from clearhold.authz import can, permission_required, problem_in_url, require
from clearhold.powers.forms_operation import OperationForm, VaryForm, WalkingOrderForm
from clearhold.powers.models import Closure, Operation
from clearhold.powers.operation_clocks import timeline_context
from clearhold.powers.permissions import NOTICE_ISSUE, POWERS_RECORD, POWERS_VIEW
from clearhold.powers.selectors import closure_get, operation_closures, operation_get
from clearhold.powers.services_operation import (
    closure_vary,
    operation_create,
    walking_order_set,
)
from clearhold.powers.state import notice_of, status
from clearhold.powers.terms import terms_of
from clearhold.powers.views_closure_page import STATUS_COLOURS
from clearhold.powers.views_operation_walk import batch_refused
from clearhold.problems.models import Problem
from clearhold.problems.selectors import problem_get
from clearhold.readmodel import Reader, reader_for
from clearhold.toolkit.forms import add_validation_errors

TERM_NAMES = {
    "scope": "what is closed",
    "part_description": "the parts closed",
    "exemptions": "who may still enter",
    "notice_hours": "the notice’s length",
    "order_months": "the order’s length",
}


@permission_required(POWERS_RECORD, problem_in_url(Problem, "problem_pk"))
def operation_new(request: HttpRequest, problem_pk: int) -> HttpResponse:
    problem = problem_get(user=request.user, pk=problem_pk)
    require(request.user, POWERS_RECORD, problem)
    form = OperationForm(request.POST or None, request.FILES or None, problem=problem)
    shown: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            operation, result = operation_create(
                user=request.user,
                problem=problem,
                name=data["name"],
                picks=form.picks,
                premises_kind=data["premises_kind"],
                proceed=bool(request.POST.get("proceed")),
                **form.terms(),
            )
        except ValidationError as invalid:
            add_validation_errors(form, invalid)
        else:
            if operation is not None:
                left = f" ({len(result.refused)} refused, not opened)" if result.refused else ""
                messages.success(
                    request,
                    f"{operation.name}: {len(result.succeeded)} closures opened{left}. Inform "
                    "and consult, then issue the notices.",
                )
                return redirect(operation)
            shown = batch_refused(result)
    with reader_for(request, problem, what=f"new operation on {problem}") as reader:
        context = {
            "problem": reader.show(problem),
            "form": form,
            "rows": [row | {"site": reader.show(row["site"])} for row in form.rows()],
            **shown,
            "sites_geojson": _sites_geojson(form),
        }
        return render(request, "powers/operation/new.html", context)


def _sites_geojson(form: OperationForm) -> dict[str, Any]:
    """The problem's sites for the map: clicking one ticks its box (``tick`` names it)."""
    features = []
    for row in form.rows():
        site = row["site"]
        suffix = "" if row["index"] == 1 else f"-{row['index']}"
        features.append(
            {
                "type": "Feature",
                "geometry": site.boundary,
                "properties": {"popup": site.name, "tick": f"id_premises{suffix}"},
            }
        )
    return {"type": "FeatureCollection", "features": features}


@require_GET
@permission_required(POWERS_VIEW, problem_in_url(Operation))
def operation_page(request: HttpRequest, pk: int) -> HttpResponse:
    operation = operation_get(user=request.user, pk=pk)
    problem = operation.problem
    with reader_for(request, problem, what=f"operation page of {operation}") as reader:
        context = {
            "operation": reader.show(operation),
            "rows": _rows(reader, operation, request.user, timezone.now()),
            "may_record": can(request.user, POWERS_RECORD, problem),
            "may_issue": can(request.user, NOTICE_ISSUE, problem),
            "reader": reader,
        }
        context["waiting"] = sum(1 for row in context["rows"] if row["notice"] is None)
        context["listings"] = [reader.show(listing) for listing in operation.listings.all()]
        context["deadlines"] = timeline_context(operation, timezone.now(), show=reader.show)[
            "deadlines"
        ]
        return render(request, "powers/operation/page.html", context)


def _rows(reader: Reader, operation: Operation, user: Any, now: dt.datetime) -> list[dict]:
    """Each premises in walking order: its status, notice, terms and what it varies."""
    may_record = can(user, POWERS_RECORD, operation.problem)
    rows = []
    for closure in operation_closures(operation, with_facts=True):
        word = status(closure, now)
        notice = notice_of(closure)
        terms = terms_of(closure)
        rows.append(
            {
                "closure": reader.show(closure),
                "status": word,
                "colour": STATUS_COLOURS.get(word, "grey"),
                "notice": reader.show(notice),
                "terms": terms,
                "varied": [TERM_NAMES[name] for name in terms.varied],
                "clauses": [e.get("clause", "") for e in terms.exemptions],
                "vary_url": reverse("powers:operation-vary", args=[closure.pk])
                if may_record and notice is None
                else "",
            }
        )
    return rows


@permission_required(POWERS_RECORD, problem_in_url(Closure))
def closure_vary_page(request: HttpRequest, pk: int) -> HttpResponse:
    closure = closure_get(user=request.user, pk=pk)
    require(request.user, POWERS_RECORD, closure.problem)
    terms = terms_of(closure)
    if terms is None:
        messages.error(request, "This closure is not part of an operation.")
        return redirect(closure)
    form = VaryForm(request.POST or None, terms=terms)
    back = closure.operation.get_absolute_url()
    if request.method == "POST" and form.is_valid():
        try:
            closure_vary(user=request.user, closure=closure, **form.service_kwargs())
        except ValidationError as invalid:
            add_validation_errors(form, invalid)
        else:
            messages.success(request, form.page.success)
            return redirect(f"{back}#premises-{closure.pk}")
    with reader_for(request, closure.problem, what=f"terms of {closure}") as reader:
        context = {
            "closure": reader.show(closure),
            "form": form,
            "title": form.page.title,
            "button": form.page.button,
            "back": back,
            "varied": [TERM_NAMES[name] for name in terms.varied],
        }
        return render(request, "powers/operation/vary.html", context)


@permission_required(POWERS_RECORD, problem_in_url(Operation))
def walking_order_page(request: HttpRequest, pk: int) -> HttpResponse:
    operation = operation_get(user=request.user, pk=pk)
    require(request.user, POWERS_RECORD, operation.problem)
    form = WalkingOrderForm(request.POST or None, closures=operation_closures(operation))
    if request.method == "POST" and form.is_valid():
        try:
            walking_order_set(user=request.user, operation=operation, places=form.places())
        except ValidationError as invalid:
            add_validation_errors(form, invalid)
        else:
            messages.success(request, form.page.success)
            return redirect(f"{operation.get_absolute_url()}#premises")
    with reader_for(request, operation.problem, what=f"walking order of {operation}") as reader:
        context = {
            "operation": reader.show(operation),
            "form": form,
            "title": form.page.title,
            "button": form.page.button,
        }
        return render(request, "powers/operation/walking_order.html", context)
