"""Pages of the closure workflow: the list, opening a closure, the closure page with its clocks,
and one form per step from informing to costs.

Thin views: every page is guarded by its rule on the closure's problem (POWERS_VIEW to read, the
step's rule to write) and reads the closure through ``closure_get`` (the problem's association
checker); a write also requires its rule on the problem and goes
through one service, whose refusals (with the section and rule id) return to the form and whose
warnings are shown as notices on the closure page.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from clearhold.accounts.roles import Role
from clearhold.audit.models import AuditAction
from clearhold.audit.reads import purpose_url
from clearhold.audit.services import audit_record
from clearhold.authz import can, permission_required, problem_in_url, require
from clearhold.law import (
    add_months,
    extended_end,
    instant,
    order_latest_possible_end,
    to_uk,
    uk_date,
)
from clearhold.law.hearings import check_hearing_within_notice
from clearhold.law.notices import CONTENT_RULES
from clearhold.powers import forms_closure as f
from clearhold.powers.before_notice import before_notice
from clearhold.powers.clocks import closure_clocks, live_clocks
from clearhold.powers.forms_notice import NoticeForm
from clearhold.powers.licensing import closure_licensing_duties
from clearhold.powers.models import (
    Appeal,
    AppealOutcome,
    Closure,
    ClosureOrder,
    CostKind,
    EngagementKind,
    HearingOutcome,
    OrderExtension,
    ServiceEvent,
)
from clearhold.powers.notice_checklist import record_facts
from clearhold.powers.permissions import (
    BREACH_RECORD,
    NOTICE_ISSUE,
    POWERS_RECORD,
    POWERS_VIEW,
    issuing_body,
)
from clearhold.powers.selectors import closure_get, closure_list
from clearhold.powers.services import (
    closure_open,
    engagement_record,
    hearing_record,
    notice_issue,
    service_record,
)
from clearhold.powers.services_notice import (
    may_sign_s78,
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
    first_service,
    hearings,
    in_force_at,
    notice_in_force,
    notice_of,
    order_consultee,
    order_of,
    status,
)
from clearhold.problems.models import Problem
from clearhold.problems.permissions import PROBLEMS_LIST
from clearhold.problems.selectors import problem_get, problem_list
from clearhold.readmodel import Reader, reader_for
from clearhold.toolkit.forms import add_validation_errors

STATE_TAGS = {
    "overdue": ("red", "Overdue"),
    "conflict": ("red", "Hearing booked too late"),
    "due_soon": ("orange", "Due within 24 hours"),
    "upcoming": ("blue", "Upcoming"),
    "done": ("green", "Done"),
    "ended": ("grey", "Ended"),
}
STATUS_COLOURS = {
    "Order in force": "red",
    "Notice in force": "red",
    "Preparing the notice": "yellow",
    "Notice issued, not yet served": "yellow",
    "Order made": "blue",
    "Order quashed on appeal": "grey",
}
SPENT = (CostKind.SECURING, CostKind.MAINTENANCE, CostKind.CLEARING)


@require_GET
@permission_required(PROBLEMS_LIST)
def closure_list_page(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    rows = []
    closures = list(closure_list(user=request.user))
    reader = Reader(request.user, what="closures list", log=False)  # public fields only
    reader.associated([closure.problem for closure in closures])  # closure_list's problems
    for closure in closures:
        clocks = live_clocks(closure, now)
        word = status(closure, now)
        colour = STATUS_COLOURS.get(word, "grey")
        urgent_first = sorted(clocks, key=lambda row: row[1] not in ("overdue", "conflict"))
        rows.append(
            {
                "closure": reader.show(closure),
                "status": word,
                "colour": colour,
                "next": urgent_first[:1],
            }
        )
    startable = [
        p
        for p in problem_list(user=request.user).order_by("title")
        if can(request.user, POWERS_RECORD, p)
    ]
    reader.associated(startable)  # problem_list's
    return render(
        request,
        "powers/list.html",
        {"rows": rows, "startable": [reader.show(p) for p in startable]},
    )


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


@require_GET
@permission_required(POWERS_VIEW, problem_in_url(Closure))
def closure_page(request: HttpRequest, pk: int) -> HttpResponse:
    closure = closure_get(user=request.user, pk=pk)
    with reader_for(request, closure.problem, what=f"closure page of {closure}") as reader:
        context = _page(reader, closure, request.user, timezone.now())
        context["reader"] = reader
        context["purpose_link"] = (
            purpose_url(closure.problem, closure.get_absolute_url())
            if any(appeal.needs_purpose for appeal in context["appeals"])
            else ""
        )
        return render(request, "powers/closure.html", context)


@require_GET
@permission_required(POWERS_VIEW, problem_in_url(Closure))
def service_photo(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    """The photograph of an act of service, only to those who may see the closure."""
    closure = closure_get(user=request.user, pk=pk)
    event = get_object_or_404(ServiceEvent, pk=event_pk, notice__closure=closure)
    if not event.photo:
        raise Http404("No photograph was recorded for this act of service.")
    audit_record(
        action=AuditAction.VIEW,
        obj=event,
        object_repr=f"photograph of service on {closure}",
        detail="service photograph",
    )
    response = FileResponse(event.photo.open("rb"), filename=os.path.basename(event.photo.name))
    response["Cache-Control"] = "private, no-store"
    return response


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
    intros = [f"Warning: {finding.message}" for finding in _hearing_after_notice(closure)]
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
    form = f.OrderForm(request.POST or None, initial=initial)
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
        f.ExtensionApplyForm(request.POST or None, initial={"new_ends_on": _three_more(order)}),
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
    form = f.ExtensionDecideForm(request.POST or None)
    return _step(
        request, closure, form, extension_decide, extension=extension, context={"title": title}
    )


@permission_required(POWERS_RECORD, problem_in_url(Closure))
def order_discharge_page(request: HttpRequest, pk: int) -> HttpResponse:
    closure = _closure(request, pk, POWERS_RECORD)
    order = _need(order_of(closure), "This closure has no order to discharge.")
    return _step(
        request, closure, f.DischargeForm(request.POST or None), order_discharge, order=order
    )


@permission_required(POWERS_RECORD, problem_in_url(Closure))
def appeal_new(request: HttpRequest, pk: int) -> HttpResponse:
    closure = _closure(request, pk, POWERS_RECORD)
    decided = _decided(closure)
    initial = {"decision_on": uk_date(decided[0].heard_at)} if decided else {}
    form = f.AppealForm(request.POST or None, initial=initial)
    return _step(request, closure, form, appeal_record, closure=closure)


@permission_required(POWERS_RECORD, problem_in_url(Closure))
def appeal_conclude_page(request: HttpRequest, pk: int, appeal_pk: int) -> HttpResponse:
    closure = _closure(request, pk, POWERS_RECORD)
    appeal = get_object_or_404(Appeal, pk=appeal_pk, closure=closure)
    form = f.AppealConcludeForm(request.POST or None)
    with reader_for(request, closure.problem, what=f"appeal on {closure}") as reader:
        title = f"How the {_appeal_named(reader.show(appeal))} ended"
        return _step(
            request, closure, form, appeal_conclude, appeal=appeal, context={"title": title}
        )


def _appeal_named(appeal: Any) -> str:
    """ "appeal by <appellant>" to those who may see who appealed, else the day it was lodged."""
    if appeal.appellant:
        return f"appeal by {appeal.appellant}"
    return f"appeal lodged on {appeal.lodged_on:%-d %B %Y}"


@permission_required(POWERS_RECORD, problem_in_url(Closure))
def cost_new(request: HttpRequest, pk: int) -> HttpResponse:
    closure = _closure(request, pk, POWERS_RECORD)
    form = f.CostForm(request.POST or None)
    return _step(request, closure, form, cost_record, closure=closure)


def _closure(request: HttpRequest, pk: int, action: str) -> Closure:
    closure = closure_get(user=request.user, pk=pk)
    require(request.user, action, closure.problem)
    return closure


def _need(thing: Any, message: str) -> Any:
    if thing is None:
        raise Http404(message)
    return thing


def _decided(closure: Closure) -> list:
    done = (HearingOutcome.ORDER_MADE, HearingOutcome.REFUSED)
    return [h for h in hearings(closure) if h.outcome in done]


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


def _page(reader: Reader, closure: Closure, user: Any, now: dt.datetime) -> dict[str, Any]:
    """Everything the closure page shows, read once, each record through the read model."""
    notice = notice_of(closure)
    order = order_of(closure)
    heard = hearings(closure)
    word = status(closure, now)
    context: dict[str, Any] = {
        "closure": reader.show(closure),
        "status": word,
        "status_colour": STATUS_COLOURS.get(word, "grey"),
        "clocks": [(clock, STATE_TAGS[clock.state(now)]) for clock in closure_clocks(closure)],
        "engagements": reader.show(closure.engagements.select_related("recorded_by")),
        "notice": reader.show(notice),
        "hearings": reader.show_all(heard),
        "order": reader.show(order),
        "appeals": reader.show_all(closure.appeals.select_related("recorded_by")),
        "costs": reader.show_all(closure.costs.all()),
        "steps": _next_steps(reader, closure, user, now),
        "licence_duties": closure_licensing_duties(closure),
        "may_record": can(user, POWERS_RECORD, closure.problem),
    }
    context["before_notice"] = before_notice(closure, context["engagements"])
    if notice is not None:
        window = notice_in_force(closure)
        context |= {
            "issuer_rank": _rank(notice.issuer_role),
            "notice_contents": [
                (f"{what[0].upper()}{what[1:]}", section, name in notice.contents)
                for name, (section, what) in CONTENT_RULES.items()
            ],
            "service": reader.show(notice.service.select_related("served_by")),
            "first_served": (window or (None, None))[0],
            "notice_until": (window or (None, None))[1],
            "hearing_warnings": _hearing_after_notice(closure),
        }
    if order is not None:
        context |= {
            "extensions": reader.show_all(order.extensions.select_related("applied_by")),
            "order_ends": order.current_ends_on(),
            "quashed_on": order.quashed_on(),
            "latest_end": order_latest_possible_end(order.starts_on),
        }
    spent = sum((c.amount for c in context["costs"] if c.kind in SPENT), start=0)
    recovered = sum((c.amount for c in context["costs"] if c.kind == CostKind.RECOVERED), start=0)
    context |= {"spent": spent, "recovered": recovered, "net": spent - recovered}
    return context


def _hearing_after_notice(closure: Closure) -> list:
    """The warning when the booked hearing falls after the served notice ends (s.81(2),(4)),
    until the first hearing is recorded."""
    notice, window = notice_of(closure), notice_in_force(closure)
    if window is None or hearings(closure) or notice.cancelled_at is not None:
        return []
    return check_hearing_within_notice(window[1], notice.hearing_at)


def _rank(role: str) -> str:
    return Role(role).label if role in Role.values else role


def _next_steps(
    reader: Reader, closure: Closure, user: Any, now: dt.datetime
) -> list[tuple[str, str]]:
    """The steps that make sense at this stage and that ``user`` may take, as links."""
    problem = closure.problem
    record = can(user, POWERS_RECORD, problem)
    issue = can(user, NOTICE_ISSUE, problem) and issuing_body(user) == closure.body
    notice, order, heard = notice_of(closure), order_of(closure), hearings(closure)
    decided = _decided(closure)

    def link(name: str, *args: Any) -> str:
        return reverse(f"powers:{name}", args=[closure.pk, *args])

    steps: list[tuple[str, str]] = []
    if record and order is None:
        steps.append(("Record informing or consulting", link("engagement-new")))
    if notice is None:
        if issue:
            steps.append(("Issue the closure notice", link("notice-issue")))
        return steps
    open_notice = notice.cancelled_at is None and not decided and order is None
    served = first_service(notice) is not None
    serves = closure.body != "police" or issuing_body(user) == "police"
    if record and open_notice and serves:
        steps.append(("Record an act of service", link("service-new")))
    extendable = not notice.extension_hours and not notice.senior_authority
    if issue and open_notice and served and not heard and extendable:
        steps.append(("Extend the notice (s.77(4))", link("notice-extend")))
    if issue and open_notice and may_sign_s78(user, notice):
        steps.append(("Cancel the notice (s.78)", link("notice-cancel")))
        if not notice.varied_at:
            steps.append(("Take a part out of the notice (s.78(3))", link("notice-vary")))
    waiting = not heard or heard[-1].outcome == HearingOutcome.ADJOURNED
    if record and open_notice and served and waiting:
        steps.append(("Record the hearing", link("hearing-new")))
    if record and order is None and heard and heard[-1].outcome == HearingOutcome.ORDER_MADE:
        steps.append(("Record the closure order", link("order-new")))
    if record and order is not None and not order.discharged_on and not order.quashed_on():
        steps += _order_steps(closure, order, link)
    if record and decided:
        steps.append(("Record an appeal (s.84)", link("appeal-new")))
    if record:
        for appeal in reader.show(closure.appeals.filter(outcome=AppealOutcome.PENDING)):
            steps.append(
                (
                    f"Record how the {_appeal_named(appeal)} ended",
                    link("appeal-conclude", appeal.pk),
                )
            )
        steps.append(("Add a cost", link("cost-new")))
    if can(user, BREACH_RECORD, problem) and in_force_at(closure, now):
        steps.append(("May this person be here?", link("access")))
        steps.append(("Record a breach", link("breach-new")))
    return steps


def _order_steps(closure: Closure, order, link) -> list[tuple[str, str]]:
    steps = []
    pending = [e for e in order.extensions.all() if not e.granted_on and not e.refused_on]
    for extension in pending:
        steps.append(
            (
                f"Record the court’s decision on extending to {extension.new_ends_on:%-d %B %Y}",
                link("extension-decide", extension.pk),
            )
        )
    if not pending and order.current_ends_on() < order_latest_possible_end(order.starts_on):
        steps.append(
            (
                f"Record consulting {order_consultee(closure)} before an extension",
                f"{link('engagement-new')}?kind={EngagementKind.CONSULT_EXTENSION}",
            )
        )
        steps.append(("Apply to extend the order (s.82)", link("extension-new")))
    steps.append(("Record the discharge of the order (s.83)", link("order-discharge")))
    return steps
