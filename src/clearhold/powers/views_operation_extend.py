"""Extending an operation's orders together (s.82): record the one consultation of the
appropriate consultee for the orders chosen (s.82(3),(4)), apply for every chosen order before
the earliest expiry (s.82(1)), and record the court's decisions together. Each order is checked
on its own (3 months more at most, 6 in all, s.82(7),(8)): one refused is named with why.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from clearhold.authz import permission_required, problem_in_url
from clearhold.law import order_latest_possible_end, uk_date
from clearhold.powers.forms_operation_court import (
    DecideBatchForm,
    ExtensionBatchForm,
    ExtensionConsultForm,
)
from clearhold.powers.models import Operation
from clearhold.powers.operation_premises import premises_name
from clearhold.powers.permissions import POWERS_RECORD
from clearhold.powers.selectors_operation_court import operation_orders, pending_extensions
from clearhold.powers.services_operation_court import (
    earliest_expiry,
    extension_apply_batch,
    extension_consult_batch,
    extension_decide_batch,
)
from clearhold.powers.state import order_consultee
from clearhold.powers.views_operation_walk import batch_refused, recording
from clearhold.readmodel import reader_for
from clearhold.toolkit.forms import add_validation_errors

STEPS = ("consult", "apply", "decide")


def _extendable(orders: list) -> list:
    """Orders with no application waiting and short of the 6 months in all."""
    return [
        o
        for o in orders
        if not any(e.granted_on is None and e.refused_on is None for e in o.extensions.all())
        and o.current_ends_on() < order_latest_possible_end(o.starts_on)
    ]


def _forms(request: HttpRequest, operation: Operation, step: str) -> dict[str, Any]:
    orders = operation_orders(operation)
    order_choices = [
        (str(o.pk), f"{premises_name(o.closure)}: ends {o.current_ends_on():%-d %B %Y}")
        for o in orders
    ]
    pending = pending_extensions(orders)
    pending_choices = [
        (
            str(e.pk),
            f"{premises_name(e.order.closure)}: to {e.new_ends_on:%-d %B %Y}, "
            f"applied {e.applied_on:%-d %B}",
        )
        for e in pending
    ]
    now = timezone.now().replace(second=0, microsecond=0)
    chosen = [str(o.pk) for o in _extendable(orders)]
    consultee = order_consultee(orders[0].closure) if orders else ""
    initial = {
        "consult": {
            "orders": chosen,
            "who": consultee.removeprefix("the ").capitalize(),
            "at": now,
        },
        "apply": {"orders": chosen, "applied_on": uk_date(now), "months": 3},
        "decide": {"extensions": [str(e.pk) for e in pending], "on": uk_date(now)},
    }
    makers = {
        "consult": lambda data: ExtensionConsultForm(
            data, choices=order_choices, initial=initial["consult"], prefix="consult"
        ),
        "apply": lambda data: ExtensionBatchForm(
            data, choices=order_choices, initial=initial["apply"], prefix="apply"
        ),
        "decide": lambda data: DecideBatchForm(
            data, choices=pending_choices, initial=initial["decide"], prefix="decide"
        ),
    }
    forms = {name: makers[name](request.POST if name == step else None) for name in STEPS}
    return {"forms": forms, "orders": orders, "pending": pending}


def _run(request: HttpRequest, operation: Operation, step: str, form: Any, page: dict) -> Any:
    """Call the step's batch service; the result, or None when refused as a whole."""
    data = form.cleaned_data
    by_pk = {o.pk: o for o in page["orders"]}
    common = {"user": request.user, "operation": operation, "proceed": data["proceed"]}
    try:
        if step == "consult":
            orders = [by_pk[pk] for pk in data["orders"]]
            return extension_consult_batch(
                **common, orders=orders, who=data["who"], at=data["at"], how=data["how"]
            )
        if step == "apply":
            orders = [by_pk[pk] for pk in data["orders"]]
            return extension_apply_batch(
                **common, orders=orders, applied_on=data["applied_on"], months=data["months"]
            )
        extensions = [e for e in page["pending"] if e.pk in data["extensions"]]
        return extension_decide_batch(
            **common, extensions=extensions, granted=data["granted"], on=data["on"]
        )
    except ValidationError as invalid:
        add_validation_errors(form, invalid)
        return None


DONE = {
    "consult": "Consultation recorded for {n} orders. Now apply for the extensions.",
    "apply": "Applications to extend recorded for {n} orders. Record the court’s decisions.",
    "decide": "Decisions recorded for {n} applications.",
}


@permission_required(POWERS_RECORD, problem_in_url(Operation))
def extensions_page(request: HttpRequest, pk: int) -> HttpResponse:
    operation = recording(request, pk)
    step = request.POST.get("step", "") if request.method == "POST" else ""
    page = _forms(request, operation, step)
    shown: dict[str, Any] = {"refused_step": ""}
    if step in STEPS and page["forms"][step].is_valid():
        form = page["forms"][step]
        result = _run(request, operation, step, form, page)
        if result is not None and result.stored:
            messages.success(request, DONE[step].format(n=len(result.succeeded)))
            return redirect("powers:operation-extensions", operation.pk)
        if result is not None:
            shown = {**batch_refused(result), "refused_step": step}
    orders = page["orders"]
    with reader_for(request, operation.problem, what=f"orders of {operation}") as reader:
        context = {
            "operation": reader.show(operation),
            "orders": reader.show_all(orders),
            "earliest": earliest_expiry(_extendable(orders)),
            "consultee": order_consultee(orders[0].closure) if orders else "",
            **page["forms"],
            **shown,
        }
        return render(request, "powers/operation/extensions.html", context)
