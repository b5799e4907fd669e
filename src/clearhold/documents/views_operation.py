"""The Papers page of an operation: its closure notices in bulk (one PDF in street order and a
ZIP), the letters to residents of its blocks, the schedule of orders and each court listing's
bundle, and what was made before. Thin: the papers are made by ``operation_notices`` and
``operation_papers``, as the maker may see the records, stored and audited as any document."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from clearhold.authz import can, permission_required, problem_in_url, require
from clearhold.documents.content.letters import LetterForm
from clearhold.documents.models import GeneratedDocument
from clearhold.documents.operation_notices import operation_notices_make
from clearhold.documents.operation_papers import (
    listing_bundle_make,
    operation_letters_make,
    operation_letters_zip_make,
    order_schedule_make,
)
from clearhold.documents.permissions import DOCUMENT_GENERATE, DOCUMENTS_VIEW
from clearhold.documents.services import DocumentBlocked
from clearhold.documents.views import maker_purpose
from clearhold.powers.models import Operation
from clearhold.powers.operation_premises import premises_name
from clearhold.powers.selectors import operation_closures, operation_get
from clearhold.powers.state import notice_of
from clearhold.readmodel import Reader

PAPERS = (
    "notices",
    "letters_pdf",
    "letters_zip",
    "letters_csv",
    "schedule_pdf",
    "schedule_csv",
    "bundle",
)


def _made_before(operation: Operation) -> list[GeneratedDocument]:
    """The papers made from this operation or its listings, newest first."""
    listings = list(operation.listings.values_list("pk", flat=True))
    return list(
        GeneratedDocument.objects.filter(problem=operation.problem).filter(
            Q(inputs__operation=operation.pk) | Q(inputs__listing__in=listings)
        )
    )


def _page(request: HttpRequest, operation: Operation, **extra: Any) -> HttpResponse:
    problem = operation.problem
    with Reader(request.user, channel="Operation papers page; ") as reader:
        premises = [
            {"name": premises_name(reader.show(c)), "noticed": notice_of(c) is not None}
            for c in operation_closures(operation)
        ]
        context = {
            "operation": reader.show(operation),
            "problem": reader.show(problem),
            "premises": premises,
            "without_notice": [p["name"] for p in premises if not p["noticed"]],
            "listings": reader.show_all(operation.listings.all()),
            "documents": _made_before(operation),
            "may_generate": can(request.user, DOCUMENT_GENERATE, problem),
            "letters": extra.pop("letters", None) or LetterForm(prefix="letters"),
            "blocked": [],
        }
    return render(request, "documents/operation_papers.html", context | extra)


def _make(request: HttpRequest, operation: Operation, paper: str, given: dict) -> list[Any]:
    """Make the paper asked for; the documents made (the letters' form when it is wrong)."""
    who = {"user": request.user, "purpose": given.get("purpose", ""), "note": given.get("note", "")}
    if paper == "notices":
        made = operation_notices_make(operation=operation, **who)
        for missing in made.missing:
            messages.warning(request, f"No notice for {missing.premises}: {missing.reasons[0]}")
        return [made.pdf, made.archive]
    if paper.startswith("schedule_"):
        fmt = paper.removeprefix("schedule_")
        return [order_schedule_make(user=request.user, operation=operation, fmt=fmt)]
    if paper.startswith("letters_"):
        form = LetterForm(request.POST, prefix="letters")
        if not form.is_valid():
            return [form]
        fmt = paper.removeprefix("letters_")
        if fmt == "zip":
            return [
                operation_letters_zip_make(operation=operation, inputs=form.cleaned_data, **who)
            ]
        return [
            operation_letters_make(operation=operation, fmt=fmt, inputs=form.cleaned_data, **who)
        ]
    chosen = request.POST.get("listing", "")
    listing = operation.listings.filter(pk=chosen).first() if chosen.isdigit() else None
    if listing is None:
        raise Http404("No such court listing")
    return [listing_bundle_make(listing=listing, **who)]


@permission_required(DOCUMENTS_VIEW, problem_in_url(Operation))
def operation_papers(request: HttpRequest, pk: int) -> HttpResponse:
    operation = operation_get(user=request.user, pk=pk)
    ask, given = maker_purpose(request, operation.problem)  # the notices name their issuer
    if ask is not None:
        return ask
    if request.method != "POST":
        return _page(request, operation)
    require(request.user, DOCUMENT_GENERATE, operation.problem)
    paper = request.POST.get("paper", "")
    if paper not in PAPERS:
        raise Http404("No such paper")
    try:
        made = _make(request, operation, paper, given)
    except DocumentBlocked as stopped:
        return _page(request, operation, blocked=stopped.messages)
    except ValidationError as invalid:
        return _page(request, operation, blocked=invalid.messages)
    if isinstance(made[0], LetterForm):
        return _page(request, operation, letters=made[0])
    for document in made:
        messages.success(request, f"Generated {document}. Download it below.")
    url = reverse("documents:operation_papers", args=[operation.pk])
    return redirect(f"{url}#doc-{made[0].pk}")
