"""Pages of a problem's sharing record: read it (every partner), change it (the lead
organisation, partnership managers and administrators)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from clearhold.authz import can, permission_required, problem_in_url, require
from clearhold.problems.forms_sharing import SharingRecordForm
from clearhold.problems.models import Problem
from clearhold.problems.selectors import problem_get
from clearhold.problems.sharing_permissions import SHARING_CHANGE, SHARING_VIEW
from clearhold.problems.sharing_selectors import (
    classes_by_organisation,
    receives_label,
    sharing_concerns,
    sharing_record_of,
)
from clearhold.problems.sharing_services import sharing_record_save
from clearhold.readmodel import Reader
from clearhold.toolkit.forms import add_validation_errors

RECORD_FIELDS = (
    "lawful_basis",
    "special_condition",
    "agreement_reference",
    "signatories",
    "signed_on",
    "review_on",
    "consent_status",
    "consent_note",
)


@require_GET
@permission_required(SHARING_VIEW, problem_in_url(Problem))
def sharing_page(request: HttpRequest, pk: int) -> HttpResponse:
    problem = problem_get(user=request.user, pk=pk)
    require(request.user, SHARING_VIEW, problem)
    record = sharing_record_of(problem=problem)
    named = classes_by_organisation(problem=problem)
    reader = Reader(request.user, what=f"sharing record of {problem}", log=False)  # public only
    partners = [
        {
            "organisation": reader.show(partner.organisation),
            "receives": receives_label(
                named.get(partner.organisation_id, set()),
                lead=partner.organisation_id == problem.lead_organisation_id,
            ),
        }
        for partner in problem.partners.select_related("organisation")
    ]
    return render(
        request,
        "sharing/record.html",
        {
            "problem": reader.show(problem),
            "record": reader.show(record),
            "partners": partners,
            "concerns": sharing_concerns(record),
            "may_change": can(request.user, SHARING_CHANGE, problem),
        },
    )


@permission_required(SHARING_CHANGE, problem_in_url(Problem))
def sharing_edit(request: HttpRequest, pk: int) -> HttpResponse:
    problem = problem_get(user=request.user, pk=pk)
    require(request.user, SHARING_CHANGE, problem)
    record = sharing_record_of(problem=problem)
    organisations = [
        partner.organisation
        for partner in problem.partners.select_related("organisation")
        if partner.organisation_id != problem.lead_organisation_id
    ]
    initial = {name: getattr(record, name) for name in RECORD_FIELDS} if record else {}
    for organisation_id, classes in classes_by_organisation(problem=problem).items():
        initial[f"org_{organisation_id}"] = sorted(classes)
    form = SharingRecordForm(request.POST or None, initial=initial, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            sharing_record_save(user=request.user, problem=problem, **form.values())
        except ValidationError as invalid:
            add_validation_errors(form, invalid)
        else:
            messages.success(request, "Saved the sharing record.")
            return redirect("sharing:record", problem.pk)
    return render(request, "sharing/edit.html", {"problem": problem, "form": form})
