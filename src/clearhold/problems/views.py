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

from clearhold.audit.reads import purpose_needed, purpose_url
from clearhold.authz import (
    DataClass,
    can,
    field_class,
    guarded_object,
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
from clearhold.problems.selectors import (
    PROBLEM_PAGE_RELATED,
    problem_for_page,
    problem_get,
    problem_list,
    with_association,
)
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
from clearhold.readmodel import WITHHELD, Reader, Shown, reader_for, staff_label
from clearhold.toolkit.addresses import address
from clearhold.toolkit.forms import add_validation_errors
from clearhold.toolkit.ordering import in_order

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


def _member_name(reader: Reader, shown: Shown, member: Member) -> str:
    """A member's name, read (and audited) through the member record when the sharing record
    allows it, else the withheld wording naming their organisation."""
    person = shown.user
    return staff_label(reader, member.user if person is WITHHELD else person, member.problem)


def _member_row(reader: Reader, shown: Shown, member: Member) -> dict[str, object]:
    """One row of the page's named people, its printed values made here once: the name (read
    and audited as :func:`_member_name` says), the organisation, the role with what the
    member is named for, and the address of the button that removes them."""
    role = str(shown.get_role_display())
    if shown.sees_special_category:
        role += " · named for vulnerable people"
    if shown.manages_membership:
        role += " · manages the membership"
    return {
        "name": _member_name(reader, shown, member),
        "organisation": reader.show(member.user.organisation),
        "role": role,
        "remove_url": address("problems:member-remove", args=[member.problem_id, member.pk]),
    }


def _personal_shown(reader: Reader, problem: Problem) -> dict[str, object]:
    """What of the problem page's personal data this user sees now, through the read model.

    Restricted and special-category fields show only to those the sharing record allows, and
    only once they have said why (the purpose page); until then the page offers the link."""
    shown = reader.show(problem)
    triangle = []
    for name in TRIANGLE:
        label = Problem._meta.get_field(name).verbose_name
        if shown.visible(name):
            triangle.append((label, getattr(shown, name), ""))
        elif shown.asks_purpose(name):
            triangle.append((label, "", "ask"))
        else:
            triangle.append((label, "", HIDDEN[field_class(problem, name)]))
    members = [
        _member_row(reader, shown_member, member)
        for member in in_order(problem.members.all(), "id")  # fetched, organisations too
        for shown_member in (reader.show(member),)
    ]
    named = Member(problem=problem)
    return {
        "problem_triangle": triangle,
        "members": members,
        "may_see_personal": reader.show(named).visible("user"),
        "may_see_special": shown.asks_purpose("offender_notes") or shown.visible("offender_notes"),
        "purpose_link": purpose_url(problem, f"{problem.get_absolute_url()}#analysis")
        if shown.needs_purpose
        else "",
    }


def _partners(reader: Reader, problem: Problem) -> list[dict[str, object]]:
    """Each partner organisation and what it sees, from the sharing record."""
    named = classes_by_organisation(problem=problem)
    return [
        {
            "organisation": reader.show(partner.organisation),
            "receives": receives_label(
                named.get(partner.organisation_id, set()),
                lead=partner.organisation_id == problem.lead_organisation_id,
            ),
        }
        for partner in problem.partners.all()  # fetched with their organisations
    ]


@require_GET
@permission_required(PROBLEMS_LIST)
def problem_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "problems/list.html",
        {
            "problems": Reader(request.user, log=False).show_all(
                problem_list(user=request.user).prefetch_related("sites")
            ),
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
@permission_required(
    PROBLEM_VIEW,
    problem_in_url(Problem, related=PROBLEM_PAGE_RELATED, fetch=with_association),
)
def problem_detail(request: HttpRequest, pk: int) -> HttpResponse:
    problem = problem_get(user=request.user, pk=pk, loaded=guarded_object(request))
    with reader_for(request, problem, what=f"problem page of {problem}") as reader:
        return _detail(request, reader, problem)


def _detail(request: HttpRequest, reader: Reader, problem: Problem) -> HttpResponse:
    user = request.user
    problem_for_page(problem)  # what the page, its sections and the rules read many times
    return render(
        request,
        "problems/detail.html",
        {
            "problem": reader.show(problem),
            "reader": reader,
            "may_change": can(user, PROBLEM_CHANGE, problem),
            "may_manage_membership": can(user, PROBLEM_MEMBERSHIP, problem),
            **_personal_shown(reader, problem),
            "partners": _partners(reader, problem),
            "sites": [reader.show(site) for site in problem.sites.all()],
            "risks": [f.verbose_name for f in RISK_FIELDS if getattr(problem, f.name)],
            **objectives_section(problem=problem, user=user, reader=reader),
            **actions_section(problem=reader.show(problem), user=user),
            "extra_sections": rendered_sections(
                "problem", problem=problem, user=user, reader=reader
            ),
        },
    )


@permission_required(PROBLEM_CHANGE, problem_in_url(Problem))
def problem_analysis(request: HttpRequest, pk: int) -> HttpResponse:
    problem = problem_get(user=request.user, pk=pk)
    require(request.user, PROBLEM_CHANGE, problem)
    form = AnalysisForm(request.POST or None, instance=problem)
    with reader_for(request, problem, what=f"analysis form of {problem}") as reader:
        shown = reader.show(problem)
        for name in list(form.fields):
            if not (shown.visible(name) or shown.asks_purpose(name)):
                del form.fields[name]
        if request.method == "POST" and form.is_valid():
            problem_update(user=request.user, problem=problem, **form.cleaned_data)
            messages.success(request, "Saved the analysis.")
            return redirect(problem)
        if any(shown.asks_purpose(name) for name in form.fields):
            return purpose_needed(request, problem)
        for name in form.fields:
            getattr(shown, name)  # the form prints the value: a read, audited on leaving
        return render(request, "problems/analysis.html", {"problem": shown, "form": form})


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
    with reader_for(request, problem, what=f"vulnerable people on {problem}") as reader:
        people = list(reader.show(problem).vulnerable_people.select_related("added_by"))
        return render(
            request,
            "problems/vulnerable.html",
            {"problem": reader.show(problem), "form": form, "people": people},
        )


@require_GET
@permission_required(PROBLEM_VIEW, problem_in_url(Problem))
def timeline(request: HttpRequest, pk: int) -> HttpResponse:
    problem = problem_get(user=request.user, pk=pk)
    with reader_for(request, problem, what=f"timeline of {problem}") as reader:
        return render(
            request,
            "problems/timeline.html",
            {"problem": reader.show(problem), "events": problem_timeline(problem=problem)},
        )
