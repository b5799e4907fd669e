"""Pages of the closure workflow that write: opening a closure and one form per step from
informing to costs (the list and the closure page are in ``views_closure_page``).

Thin views: every page is guarded by its rule on the closure's problem (POWERS_VIEW to read, the
step's rule to write) and reads the closure through ``closure_get`` (the problem's association
checker); a write also requires its rule on the problem and goes
through one service, whose refusals (with the section and rule id) return to the form and whose
warnings are shown as notices on the closure page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from clearhold.authz import can, permission_required, problem_in_url, require
from clearhold.law import (
    add_months,
    extended_end,
    instant,
    order_latest_possible_end,
    to_uk,
    uk_date,
)
from clearhold.powers import forms_closure as f
from clearhold.powers import forms_order as fo
from clearhold.powers.before_notice import before_notice
from clearhold.powers.forms_notice import NoticeForm
from clearhold.powers.models import (
    Appeal,
    Closure,
    ClosureOrder,
    EngagementKind,
    HearingOutcome,
    OrderExtension,
)
from clearhold.powers.notice_checklist import record_facts
from clearhold.powers.permissions import (
    NOTICE_ISSUE,
    POWERS_RECORD,
    issuing_body,
)
from clearhold.powers.selectors import closure_get
from clearhold.powers.services import (
    closure_open,
    engagement_record,
    hearing_record,
    notice_issue,
    service_record,
)
from clearhold.powers.services_notice import (
    notice_cancel,
    notice_extend,
    notice_vary,
)
from clearhold.powers.services_order import (
    appeal_conclude,
    appeal_record,
    cost_record,
    extension_apply,
    extension_decide,
    order_discharge,
    order_record,
)
from clearhold.powers.state import (
    hearings,
    notice_of,
    order_consultee,
    order_of,
)
from clearhold.powers.views_closure_page import (
    appeal_named,
    decided_hearings,
    hearing_after_notice,
)
from clearhold.problems.models import Problem
from clearhold.problems.selectors import problem_get
from clearhold.readmodel import Reader, reader_for
from clearhold.toolkit.forms import add_validation_errors


@permission_required(POWERS_RECORD, problem_in_url(Problem, "problem_pk"))
def closure_new(request: HttpRequest, problem_pk: int) -> HttpResponse:
    problem = problem_get(user=request.user, pk=problem_pk)
    require(request.user, POWERS_RECORD, problem)
    initial = {"body": issuing_body(request.user)}
    form = f.ClosureForm(request.POST or None, problem=problem, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            closure, warnings = closure_open(
                user=request.user, problem=problem, **form.cleaned_data
            )
        except ValidationError as invalid:
            add_validation_errors(form, invalid)
        else:
            _warn(request, warnings)
            messages.success(request, "Closure opened. Inform and consult before the notice.")
            return redirect(closure)
    heading = Reader(request.user, log=False).show(problem)  # public fields only
    return render(request, "powers/closure_form.html", {"problem": heading, "form": form})


@permission_required(POWERS_RECORD, problem_in_url(Closure))
def engagement_new(request: HttpRequest, pk: int) -> HttpResponse:
    closure = _closure(request, pk, POWERS_RECORD)
    kind = request.GET.get("kind")
    initial = {"at": timezone.now(), "kind": kind if kind in EngagementKind.values else None}
    if kind == EngagementKind.CONSULT_EXTENSION:
        initial["who"] = order_consultee(closure).removeprefix("the ").capitalize()
    form = f.EngagementForm(request.POST or None, initial=initial)
    return _step(request, closure, form, engagement_record, closure=closure)


@permission_required(NOTICE_ISSUE, problem_in_url(Closure))
def notice_issue_page(request: HttpRequest, pk: int) -> HttpResponse:
    closure = _closure(request, pk, NOTICE_ISSUE)
    with reader_for(request, closure.problem, what=f"closure notice of {closure}") as reader:
        record = record_facts(closure, reader)
        checklist = before_notice(closure, list(reader.show(closure.engagements.all())))
    form = NoticeForm(request.POST or None, initial={"issued_at": timezone.now()}, record=record)
    may_record = can(request.user, POWERS_RECORD, closure.problem)
    shown = {"before_notice": checklist, "may_record": may_record}
    return _step(
        request,
        closure,
        form,
        notice_issue,
        template="powers/notice_form.html",
        context=shown,
        closure=closure,
    )


@permission_required(NOTICE_ISSUE, problem_in_url(Closure))
def notice_extend_page(request: HttpRequest, pk: int) -> HttpResponse:
    closure = _closure(request, pk, NOTICE_ISSUE)
    notice = _need(notice_of(closure), "This closure has no notice yet.")
    form = f.NoticeExtendForm(request.POST or None, initial={"at": timezone.now()})
    return _step(request, closure, form, notice_extend, notice=notice)


@permission_required(NOTICE_ISSUE, problem_in_url(Closure))
def notice_cancel_page(request: HttpRequest, pk: int) -> HttpResponse:
    closure = _closure(request, pk, NOTICE_ISSUE)
    notice = _need(notice_of(closure), "This closure has no notice yet.")
    form = f.NoticeCancelForm(request.POST or None, initial={"at": timezone.now()})
    return _step(request, closure, form, notice_cancel, notice=notice)


@permission_required(NOTICE_ISSUE, problem_in_url(Closure))
def notice_vary_page(request: HttpRequest, pk: int) -> HttpResponse:
    closure = _closure(request, pk, NOTICE_ISSUE)
    notice = _need(notice_of(closure), "This closure has no notice yet.")
    form = f.NoticeVaryForm(request.POST or None, initial={"at": timezone.now()})
    return _step(request, closure, form, notice_vary, notice=notice)


@permission_required(POWERS_RECORD, problem_in_url(Closure))
def service_new(request: HttpRequest, pk: int) -> HttpResponse:
    closure = _closure(request, pk, POWERS_RECORD)
    notice = _need(notice_of(closure), "Issue the notice before recording its service.")
    initial = {"served_at": timezone.now()}
    form = f.ServiceForm(request.POST or None, request.FILES or None, initial=initial)
    return _step(request, closure, form, service_record, notice=notice)


@permission_required(POWERS_RECORD, problem_in_url(Closure))
def hearing_new(request: HttpRequest, pk: int) -> HttpResponse:
    closure = _closure(request, pk, POWERS_RECORD)
    notice = _need(notice_of(closure), "Issue and serve the notice before the hearing.")
    earlier = hearings(closure)
    last = earlier[-1] if earlier else None
    booked = (last.adjourned_to if last else None) or notice.hearing_at
    initial = {"court": last.court if last else notice.hearing_court}
    intros = [f"Warning: {finding.message}" for finding in hearing_after_notice(closure)]
    if instant(booked) <= instant(timezone.now()):
        initial["heard_at"] = booked  # the booked time has passed: most likely when it was heard
    else:  # a time still to come is not when it was heard: say so rather than pre-fill it
        intros.append(
            f"The hearing is booked for {to_uk(booked):%H:%M on %-d %B %Y}: record it once it "
            "has been heard, with the time it was heard."
        )
    form = f.HearingForm(request.POST or None, initial=initial)
    context = {"intro": " ".join(intros)} if intros else None
    return _step(request, closure, form, hearing_record, closure=closure, context=context)


@permission_required(POWERS_RECORD, problem_in_url(Closure))
def order_new(request: HttpRequest, pk: int) -> HttpResponse:
    closure = _closure(request, pk, POWERS_RECORD)
    made = [h for h in hearings(closure) if h.outcome == HearingOutcome.ORDER_MADE]
    initial: dict[str, Any] = {}
    if made:
        made_on = uk_date(made[0].heard_at)
        initial = {"made_on": made_on, "ends_on": add_months(made_on, 3), "court": made[0].court}
    form = fo.OrderForm(request.POST or None, initial=initial)
    return _step(
        request, closure, form, order_record, template="powers/order_form.html", closure=closure
    )


def _three_more(order: ClosureOrder) -> dt.date:
    """The end 3 more months would give, added from the order's real end (s.82(7)), within the
    6 months in all (s.82(8))."""
    more = extended_end(order.starts_on, order.current_ends_on(), 3, court_end=order.ends_on)
    return min(more, order_latest_possible_end(order.starts_on))


@permission_required(POWERS_RECORD, problem_in_url(Closure))
def extension_new(request: HttpRequest, pk: int) -> HttpResponse:
    closure = _closure(request, pk, POWERS_RECORD)
    order = _need(order_of(closure), "This closure has no order to extend.")
    consult = reverse("powers:engagement-new", args=[closure.pk])
    intro = (
        f"Consult {order_consultee(closure)} before applying, and record it first "
        f"(s.82(3),(4)). The order ends on {order.current_ends_on():%-d %B %Y}; with every "
        f"extension it can run to {order_latest_possible_end(order.starts_on):%-d %B %Y} at "
        "most (s.82(8))."
    )
    return _step(
        request,
        closure,
        fo.ExtensionApplyForm(request.POST or None, initial={"new_ends_on": _three_more(order)}),
        extension_apply,
        order=order,
        context={
            "intro": intro,
            "intro_link": (f"{consult}?kind={EngagementKind.CONSULT_EXTENSION}", "Record it"),
        },
    )


@permission_required(POWERS_RECORD, problem_in_url(Closure))
def extension_decide_page(request: HttpRequest, pk: int, extension_pk: int) -> HttpResponse:
    closure = _closure(request, pk, POWERS_RECORD)
    extension = get_object_or_404(OrderExtension, pk=extension_pk, order__closure=closure)
    title = f"The court’s decision on extending to {extension.new_ends_on:%-d %B %Y}"
    form = fo.ExtensionDecideForm(request.POST or None)
    return _step(
        request, closure, form, extension_decide, extension=extension, context={"title": title}
    )


@permission_required(POWERS_RECORD, problem_in_url(Closure))
def order_discharge_page(request: HttpRequest, pk: int) -> HttpResponse:
    closure = _closure(request, pk, POWERS_RECORD)
    order = _need(order_of(closure), "This closure has no order to discharge.")
    return _step(
        request, closure, fo.DischargeForm(request.POST or None), order_discharge, order=order
    )


@permission_required(POWERS_RECORD, problem_in_url(Closure))
def appeal_new(request: HttpRequest, pk: int) -> HttpResponse:
    closure = _closure(request, pk, POWERS_RECORD)
    decided = decided_hearings(closure)
    initial = {"decision_on": uk_date(decided[0].heard_at)} if decided else {}
    form = fo.AppealForm(request.POST or None, initial=initial)
    return _step(request, closure, form, appeal_record, closure=closure)


@permission_required(POWERS_RECORD, problem_in_url(Closure))
def appeal_conclude_page(request: HttpRequest, pk: int, appeal_pk: int) -> HttpResponse:
    closure = _closure(request, pk, POWERS_RECORD)
    appeal = get_object_or_404(Appeal, pk=appeal_pk, closure=closure)
    form = fo.AppealConcludeForm(request.POST or None)
    with reader_for(request, closure.problem, what=f"appeal on {closure}") as reader:
        title = f"How the {appeal_named(reader.show(appeal))} ended"
        return _step(
            request, closure, form, appeal_conclude, appeal=appeal, context={"title": title}
        )


@permission_required(POWERS_RECORD, problem_in_url(Closure))
def cost_new(request: HttpRequest, pk: int) -> HttpResponse:
    closure = _closure(request, pk, POWERS_RECORD)
    form = fo.CostForm(request.POST or None)
    return _step(request, closure, form, cost_record, closure=closure)


def _closure(request: HttpRequest, pk: int, action: str) -> Closure:
    closure = closure_get(user=request.user, pk=pk)
    require(request.user, action, closure.problem)
    return closure


def _need(thing: Any, message: str) -> Any:
    if thing is None:
        raise Http404(message)
    return thing


def _warn(request: HttpRequest, warnings) -> None:
    for finding in warnings:
        messages.warning(request, f"{finding.message} [{finding.code}]")


def _step(
    request: HttpRequest,
    closure: Closure,
    form,
    service: Callable[..., Any],
    /,
    *,
    template: str = "powers/step_form.html",
    context: dict[str, Any] | None = None,
    **targets: Any,
) -> HttpResponse:
    """One step's page: on a valid POST call ``service`` with the user, ``targets`` (the
    closure, notice, order...) and the form's data; its refusal goes back on the form, its
    warnings and ``form.page.success`` to the closure page, where it returns."""
    page = form.page
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs() if hasattr(form, "service_kwargs") else form.cleaned_data
        try:
            result = service(user=request.user, **targets, **data)
        except ValidationError as invalid:
            add_validation_errors(form, invalid)
        else:
            _warn(request, result[1] if isinstance(result, tuple) else ())
            messages.success(request, page.success)
            return redirect(f"{closure.get_absolute_url()}#{page.anchor}")
    heading = Reader(request.user, log=False).show(closure)  # public fields, no purpose
    shown = {"closure": heading, "form": form, "title": page.title, "button": page.button}
    return render(request, template, shown | (context or {}))
