"""The closure pages that read: the list of closures and the closure page with its clocks,
records, next steps and the photograph of an act of service.

Every record reaches the templates through the page's reader (``clearhold.readmodel``): the
list through a reader with no purpose (public fields only), the closure page through the
purpose given for its problem this session. The forms that write each step are in
``views_closure``.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from clearhold.accounts.roles import Role
from clearhold.audit.models import AuditAction
from clearhold.audit.reads import purpose_url
from clearhold.audit.services import audit_record
from clearhold.authz import can, permission_required, problem_in_url
from clearhold.law import order_latest_possible_end
from clearhold.law.hearings import check_hearing_within_notice
from clearhold.law.notices import CONTENT_RULES
from clearhold.powers.before_notice import before_notice
from clearhold.powers.clocks import closure_clocks, live_clocks
from clearhold.powers.licensing import closure_licensing_duties
from clearhold.powers.models import (
    AppealOutcome,
    Closure,
    CostKind,
    EngagementKind,
    HearingOutcome,
    ServiceEvent,
)
from clearhold.powers.permissions import (
    BREACH_RECORD,
    NOTICE_ISSUE,
    POWERS_RECORD,
    POWERS_VIEW,
    issuing_body,
)
from clearhold.powers.selectors import closure_get, closure_list
from clearhold.powers.services_notice import may_sign_s78
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
from clearhold.problems.permissions import PROBLEMS_LIST
from clearhold.problems.selectors import problem_list
from clearhold.readmodel import Reader, reader_for

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


@require_GET
@permission_required(POWERS_VIEW, problem_in_url(Closure))
def closure_page(request: HttpRequest, pk: int) -> HttpResponse:
    closure = closure_get(user=request.user, pk=pk)
    with reader_for(request, closure.problem, what=f"closure page of {closure}") as reader:
        context = _page(reader, closure, request.user, timezone.now())
        context["reader"] = reader
        asks = any(appeal.needs_purpose for appeal in context["appeals"]) or any(
            breach.asks_purpose("seen") for breach in context["breaches"]
        )
        context["purpose_link"] = (
            purpose_url(closure.problem, closure.get_absolute_url()) if asks else ""
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


def appeal_named(appeal: Any) -> str:
    """ "appeal by <appellant>" to those who may see who appealed, else the day it was lodged."""
    if appeal.appellant:
        return f"appeal by {appeal.appellant}"
    return f"appeal lodged on {appeal.lodged_on:%-d %B %Y}"


def decided_hearings(closure: Closure) -> list:
    """The hearings that decided the application (an order made or refused)."""
    done = (HearingOutcome.ORDER_MADE, HearingOutcome.REFUSED)
    return [h for h in hearings(closure) if h.outcome in done]


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
        "breaches": reader.show_all(closure.breaches.all()),
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
            "hearing_warnings": hearing_after_notice(closure),
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


def hearing_after_notice(closure: Closure) -> list:
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
    decided = decided_hearings(closure)

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
                    f"Record how the {appeal_named(appeal)} ended",
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
