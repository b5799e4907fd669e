"""Problem pages: list, open, the case page, analysis, partnership, vulnerable people, timeline.

Objectives and reviews have their pages in ``views_objectives.py``; actions, meetings and the
dashboard in ``views_actions.py``. Every page goes through ``problem_get`` (the association
checker) before it reads or writes anything.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from clearhold.audit.reads import purpose_given, purpose_needed, purpose_url, read_record
from clearhold.authz import (
    DataClass,
    can,
    field_class,
    may_see,
    permission_required,
    problem_in_url,
    require,
)
from clearhold.problems.actions import actions_section
from clearhold.problems.forms import (
    AnalysisForm,
    MemberForm,
    PartnerForm,
    ProblemForm,
    VulnerablePersonForm,
)
from clearhold.problems.models import Member, Problem
from clearhold.problems.objectives import objectives_section
from clearhold.problems.permissions import (
    PROBLEM_CHANGE,
    PROBLEM_CREATE,
    PROBLEM_MEMBERSHIP,
    PROBLEM_SPECIAL_CATEGORY,
    PROBLEM_VIEW,
    PROBLEMS_LIST,
)
from clearhold.problems.sections import rendered_sections
from clearhold.problems.selectors import problem_get, problem_list
from clearhold.problems.services import (
    member_add,
    member_remove,
    partner_add,
    problem_create,
    problem_update,
    vulnerable_person_add,
)
from clearhold.problems.sharing_selectors import classes_by_organisation, receives_label
from clearhold.problems.timeline import problem_timeline
from clearhold.toolkit.forms import add_validation_errors

TRIANGLE = (
    "offender_notes",
    "place_notes",
    "victim_notes",
    "handler_notes",
    "place_manager_notes",
    "guardian_notes",
)
RISK_FIELDS = [f for f in Problem._meta.fields if f.name.startswith("risk_")]


HIDDEN = {
    DataClass.RESTRICTED: "Personal data: not shared with your organisation.",
    DataClass.SPECIAL: "Special-category data: only members named for it can see this.",
}


def _record_reads(
    request: HttpRequest, problem: Problem, read: dict[str, list[str]], what: str
) -> None:
    """Audit the personal fields of ``problem`` a page showed, one entry per data class."""
    for data_class, fields in read.items():
        if fields:
            read_record(
                request,
                problem=problem,
                obj=problem,
                data_class=data_class,
                fields=fields,
                what=what,
            )


def _personal_shown(request: HttpRequest, problem: Problem) -> dict[str, object]:
    """What of the problem page's personal data this user sees now, each read recorded.

    Restricted and special-category fields show only to those the sharing record allows, and
    only once they have said why (the purpose page); until then the page offers the link."""
    user = request.user
    allowed = {c: may_see(user, c, problem) for c in (DataClass.RESTRICTED, DataClass.SPECIAL)}
    purpose = purpose_given(request, problem) is not None
    shown = {c: ok and purpose for c, ok in allowed.items()}
    triangle = []
    read: dict[str, list[str]] = {DataClass.RESTRICTED: [], DataClass.SPECIAL: []}
    for name in TRIANGLE:
        label, value = Problem._meta.get_field(name).verbose_name, getattr(problem, name)
        data_class = field_class(problem, name)
        if data_class == DataClass.PUBLIC or shown[data_class]:
            triangle.append((label, value, ""))
            if data_class != DataClass.PUBLIC and value:
                read[data_class].append(name)
        elif allowed[data_class]:
            triangle.append((label, "", "ask"))
        else:
            triangle.append((label, "", HIDDEN[data_class]))
    members = list(problem.members.select_related("user", "user__organisation"))
    if shown[DataClass.RESTRICTED] and members:
        read[DataClass.RESTRICTED].append("members.user")
    _record_reads(request, problem, read, f"problem page of {problem}")
    return {
        "problem_triangle": triangle,
        "members": members,
        "may_see_personal": shown[DataClass.RESTRICTED],
        "may_see_special": allowed[DataClass.SPECIAL],
        "purpose_link": purpose_url(problem, f"{problem.get_absolute_url()}#analysis")
        if any(allowed.values()) and not purpose
        else "",
    }


def _partners(problem: Problem) -> list[dict[str, object]]:
    """Each partner organisation and what it sees, from the sharing record."""
    named = classes_by_organisation(problem=problem)
    return [
        {
            "organisation": partner.organisation,
            "receives": receives_label(
                named.get(partner.organisation_id, set()),
                lead=partner.organisation_id == problem.lead_organisation_id,
            ),
        }
        for partner in problem.partners.select_related("organisation")
    ]


@require_GET
@permission_required(PROBLEMS_LIST)
def problem_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "problems/list.html",
        {
            "problems": problem_list(user=request.user).prefetch_related("sites"),
            "may_create": can(request.user, PROBLEM_CREATE),
        },
    )


@permission_required(PROBLEM_CREATE)
def problem_new(request: HttpRequest) -> HttpResponse:
    form = ProblemForm(request.POST or None, initial={"sites": request.GET.getlist("site")})
    if request.method == "POST" and form.is_valid():
        try:
            problem = problem_create(user=request.user, **form.cleaned_data)
        except ValidationError as problem_error:
            add_validation_errors(form, problem_error)
        else:
            messages.success(
                request, "Problem opened. Reviews are scheduled at 3, 6 and 12 months."
            )
            return redirect(problem)
    return render(request, "problems/new.html", {"form": form})


@require_GET
@permission_required(PROBLEM_VIEW, problem_in_url(Problem))
def problem_detail(request: HttpRequest, pk: int) -> HttpResponse:
    problem = problem_get(user=request.user, pk=pk)
    user = request.user
    return render(
        request,
        "problems/detail.html",
        {
            "problem": problem,
            "may_change": can(user, PROBLEM_CHANGE, problem),
            "may_manage_membership": can(user, PROBLEM_MEMBERSHIP, problem),
            **_personal_shown(request, problem),
            "partners": _partners(problem),
            "sites": problem.sites.all(),
            "risks": [f.verbose_name for f in RISK_FIELDS if getattr(problem, f.name)],
            **objectives_section(problem=problem, user=user),
            **actions_section(problem=problem, user=user),
            "extra_sections": rendered_sections("problem", problem=problem, user=user),
        },
    )


@permission_required(PROBLEM_CHANGE, problem_in_url(Problem))
def problem_analysis(request: HttpRequest, pk: int) -> HttpResponse:
    problem = problem_get(user=request.user, pk=pk)
    require(request.user, PROBLEM_CHANGE, problem)
    form = AnalysisForm(request.POST or None, instance=problem)
    personal: dict[str, list[str]] = {}
    for name in list(form.fields):
        data_class = field_class(problem, name)
        if data_class == DataClass.PUBLIC:
            continue
        if may_see(request.user, data_class, problem):
            personal.setdefault(data_class, []).append(name)
        else:
            del form.fields[name]
    if request.method == "POST" and form.is_valid():
        problem_update(user=request.user, problem=problem, **form.cleaned_data)
        messages.success(request, "Saved the analysis.")
        return redirect(problem)
    if personal:
        ask = purpose_needed(request, problem)
        if ask is not None:
            return ask
        _record_reads(request, problem, personal, f"analysis form of {problem}")
    return render(request, "problems/analysis.html", {"problem": problem, "form": form})


@permission_required(PROBLEM_MEMBERSHIP, problem_in_url(Problem))
def member_new(request: HttpRequest, pk: int) -> HttpResponse:
    problem = problem_get(user=request.user, pk=pk)
    require(request.user, PROBLEM_MEMBERSHIP, problem)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member_add(user=request.user, problem=problem, **form.cleaned_data)
        except ValidationError as refused:
            add_validation_errors(form, refused)
        else:
            messages.success(request, f"Added {form.cleaned_data['person']} to the problem.")
            return redirect(problem)
    return render(request, "problems/member_form.html", {"problem": problem, "form": form})


@require_POST
@permission_required(PROBLEM_MEMBERSHIP, problem_in_url(Problem))
def member_delete(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    problem = problem_get(user=request.user, pk=pk)
    member = get_object_or_404(Member, pk=member_pk, problem=problem)
    try:
        member_remove(user=request.user, member=member)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, f"Removed {member.user} from the problem.")
    return redirect(problem)


@permission_required(PROBLEM_MEMBERSHIP, problem_in_url(Problem))
def partner_new(request: HttpRequest, pk: int) -> HttpResponse:
    problem = problem_get(user=request.user, pk=pk)
    require(request.user, PROBLEM_MEMBERSHIP, problem)
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        partner_add(user=request.user, problem=problem, **form.cleaned_data)
        messages.success(request, f"{form.cleaned_data['organisation']} is now a partner.")
        return redirect(problem)
    return render(request, "problems/partner_form.html", {"problem": problem, "form": form})


@permission_required(PROBLEM_SPECIAL_CATEGORY, problem_in_url(Problem))
def vulnerable_people(request: HttpRequest, pk: int) -> HttpResponse:
    """Special-category data: only members named for it; every view and addition audited."""
    problem = problem_get(user=request.user, pk=pk)
    require(request.user, PROBLEM_SPECIAL_CATEGORY, problem)
    form = VulnerablePersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            vulnerable_person_add(user=request.user, problem=problem, **form.cleaned_data)
        except ValidationError as problem_error:
            add_validation_errors(form, problem_error)
        else:
            messages.success(request, "Recorded. Only members named for it can see this.")
            return redirect("problems:vulnerable", pk=problem.pk)
    ask = purpose_needed(request, problem)
    if ask is not None:
        return ask
    people = list(problem.vulnerable_people.select_related("added_by"))
    read_record(
        request,
        problem=problem,
        obj=problem,
        data_class=DataClass.SPECIAL,
        fields=["description"],
        subjects=people,
        what=f"vulnerable people on {problem}",
    )
    return render(
        request,
        "problems/vulnerable.html",
        {"problem": problem, "form": form, "people": people},
    )


@require_GET
@permission_required(PROBLEM_VIEW, problem_in_url(Problem))
def timeline(request: HttpRequest, pk: int) -> HttpResponse:
    problem = problem_get(user=request.user, pk=pk)
    return render(
        request,
        "problems/timeline.html",
        {
            "problem": problem,
            "events": problem_timeline(problem=problem),
        },
    )
