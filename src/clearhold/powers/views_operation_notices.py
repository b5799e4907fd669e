"""The batch steps of an operation before the court: informing and consulting for every
premises, then a closure notice for each, in one action.

Each runs the single closure's service per premises (``services_operation``): when any premises
is refused the page lists each with its reasons and stores nothing, and a second button keeps
the others. The notice's contents are what the single notice form finds (s.76(5)), per
premises, from the record and what the officer typed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from clearhold.authz import permission_required, problem_in_url, require
from clearhold.law.notice_contents import notice_checklist
from clearhold.powers.forms_operation import BatchForm, EngagementsForm, NoticesForm
from clearhold.powers.models import Closure, Operation
from clearhold.powers.notice_checklist import record_facts
from clearhold.powers.permissions import NOTICE_ISSUE, POWERS_RECORD
from clearhold.powers.selectors import operation_closures, operation_get
from clearhold.powers.services_operation import engagements_record, notices_issue
from clearhold.powers.state import notice_of
from clearhold.powers.views_operation_walk import batch_refused
from clearhold.readmodel import reader_for
from clearhold.toolkit.forms import add_validation_errors


def _waiting(operation: Operation) -> list[Closure]:
    """The premises whose notice is still to issue, in walking order."""
    return [c for c in operation_closures(operation, with_facts=True) if notice_of(c) is None]


@permission_required(POWERS_RECORD, problem_in_url(Operation))
def engagements_page(request: HttpRequest, pk: int) -> HttpResponse:
    operation = operation_get(user=request.user, pk=pk)
    require(request.user, POWERS_RECORD, operation.problem)
    form = EngagementsForm(
        request.POST or None, offered=_waiting(operation), initial={"at": timezone.now()}
    )

    def run(proceed: bool) -> Any:
        data = form.cleaned_data
        return engagements_record(
            user=request.user,
            operation=operation,
            closures=form.chosen(),
            at=data["at"],
            occupiers=data["occupiers"],
            interested=data["interested"],
            consulted=data["consulted"],
            how=data.get("how") or "",
            proceed=proceed,
        )

    return _batch(request, operation, form, run)


@permission_required(NOTICE_ISSUE, problem_in_url(Operation))
def notices_page(request: HttpRequest, pk: int) -> HttpResponse:
    operation = operation_get(user=request.user, pk=pk)
    require(request.user, NOTICE_ISSUE, operation.problem)
    offered = _waiting(operation)
    form = NoticesForm(request.POST or None, offered=offered, initial={"issued_at": timezone.now()})
    with reader_for(request, operation.problem, what=f"closure notices of {operation}") as reader:
        records = {c.pk: record_facts(c, reader) for c in offered}

    def contents(closure: Closure) -> tuple[list[str], dict[str, list[str]]]:
        """The s.76(5) contents the closure's notice would hold, and what the form lacks."""
        data = form.cleaned_data
        facts = dataclasses.replace(
            records[closure.pk],
            hearing_court=data["hearing_court"],
            hearing_court_address=data["hearing_court_address"],
            hearing_at=data["hearing_at"],
            advice_is_local=bool(data.get("advice_is_local")),
        )
        checks = notice_checklist(facts)
        missing: dict[str, list[str]] = {}
        for check in checks:
            if not check.present and check.key != "identifies_premises":
                missing.setdefault(check.field or "__all__", []).append(check.missing)
        return [check.key for check in checks if check.present], missing

    def run(proceed: bool) -> Any:
        chosen = form.chosen()
        found = {c.pk: contents(c) for c in chosen}
        lacking = found[chosen[0].pk][1]  # the court, the hearing, the advice: shared by all
        if lacking:
            raise ValidationError(lacking)
        data = form.cleaned_data
        return notices_issue(
            user=request.user,
            operation=operation,
            closures=chosen,
            issued_at=data["issued_at"],
            hearing_court=data["hearing_court"],
            hearing_court_address=data["hearing_court_address"],
            hearing_at=data["hearing_at"],
            contents={pk: keys for pk, (keys, _) in found.items()},
            proceed=proceed,
        )

    return _batch(request, operation, form, run, template="powers/operation/notices.html")


def _batch(
    request: HttpRequest,
    operation: Operation,
    form: BatchForm,
    run: Callable[[bool], Any],
    template: str = "powers/operation/step.html",
) -> HttpResponse:
    """One batch step's page: run it on a valid POST; on success back to the operation page;
    when premises are refused, the form again with each refused premises and its reasons."""
    shown: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        try:
            result = run(bool(form.cleaned_data.get("proceed")))
        except ValidationError as invalid:
            add_validation_errors(form, invalid)
        else:
            if result.stored:
                for outcome in result.succeeded:
                    for finding in outcome.warnings:
                        messages.warning(
                            request, f"{outcome.premises}: {finding.message} [{finding.code}]"
                        )
                left = (
                    f" {len(result.refused)} refused: nothing stored for them."
                    if result.refused
                    else ""
                )
                messages.success(request, f"{form.page.success}{left}")
                return redirect(f"{operation.get_absolute_url()}#{form.page.anchor}")
            shown = batch_refused(result)
    with reader_for(request, operation.problem, what=f"{form.page.title} of {operation}") as reader:
        context = {
            "operation": reader.show(operation),
            "form": form,
            "title": form.page.title,
            "button": form.page.button,
            **shown,
        }
        return render(request, template, context)
