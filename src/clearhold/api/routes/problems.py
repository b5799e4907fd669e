"""Problems and what hangs off them: partners, members, meetings, reviews, vulnerable people.

Every handler reads the problem through ``problem_get`` (the association checker the web
uses): a problem that does not exist is a 404; one that exists but is not shared with the
caller is a 403 with the rule's sentence, audited. The web answers the same way, so the API
neither hides nor reveals more than the pages do.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router

from clearhold.api.common import (
    Id,
    PageQuery,
    Purpose,
    audit_restricted,
    name_of,
    org_ref,
    page,
    purpose_required,
    restricted_read,
)
from clearhold.api.errors import responses
from clearhold.api.schemas import (
    MeetingOut,
    MemberOut,
    Page,
    PartnerOut,
    ProblemOut,
    ProblemSummary,
    ReviewDetail,
    ReviewOut,
    VulnerablePersonOut,
)
from clearhold.authz import DataClass, can, require
from clearhold.problems.models import Meeting, Problem, Review
from clearhold.problems.permissions import PROBLEM_PERSONAL_DATA, PROBLEM_SPECIAL_CATEGORY
from clearhold.problems.reviews import review_figures
from clearhold.problems.selectors import problem_get, problem_list

router = Router(tags=["problems"])

RISKS = [f.name for f in Problem._meta.fields if f.name.startswith("risk_")]


def problem_summary(problem: Problem) -> dict[str, Any]:
    return {
        "id": problem.pk,
        "title": problem.title,
        "summary": problem.summary,
        "stage": problem.stage,
        "phase": problem.phase,
        "start_date": problem.start_date,
        "lead_organisation": org_ref(problem.lead_organisation),
        "site_ids": [site.pk for site in problem.sites.all()],
    }


@router.get("/problems", response=responses(Page[ProblemSummary]))
def problems(request: HttpRequest, query: Query[PageQuery]) -> dict:
    """The problems shared with you: those you are named on or your organisation is in."""
    found = problem_list(user=request.auth).prefetch_related("sites").order_by("-start_date", "id")
    return page(found, query, problem_summary)


@router.get("/problems/{problem_id}", response=responses(ProblemOut))
def problem(request: HttpRequest, problem_id: Id, purpose: Purpose = None) -> dict:
    """One problem with its analysis. With a ``purpose``: the victims notes (restricted) and,
    for members named for special-category data, the notes on offenders."""
    found = problem_get(user=request.auth, pk=problem_id)
    shown = restricted_read(
        request,
        action=PROBLEM_PERSONAL_DATA,
        obj=found,
        purpose=purpose,
        fields=("victim_notes",),
        describe=f"victims notes on {found}",
    )
    special = shown and can(request.auth, PROBLEM_SPECIAL_CATEGORY, found)
    if special:
        audit_restricted(
            request,
            obj=found,
            purpose=purpose,
            fields=("offender_notes",),
            describe=f"notes on offenders on {found}",
            data_class=DataClass.SPECIAL,
        )
    return {
        **problem_summary(found),
        "place_notes": found.place_notes,
        "handler_notes": found.handler_notes,
        "place_manager_notes": found.place_manager_notes,
        "guardian_notes": found.guardian_notes,
        "risks": {name.removeprefix("risk_"): getattr(found, name) for name in RISKS},
        "offender_notes": found.offender_notes if special else None,
        "victim_notes": found.victim_notes if shown else None,
        "withheld": [
            name
            for name, seen in (("offender_notes", special), ("victim_notes", shown))
            if not seen
        ],
    }


@router.get("/problems/{problem_id}/partners", response=responses(list[PartnerOut]))
def partners(request: HttpRequest, problem_id: Id) -> list[dict]:
    found = problem_get(user=request.auth, pk=problem_id)
    return [
        {"organisation": org_ref(p.organisation), "sees_personal_data": p.sees_personal_data}
        for p in found.partners.select_related("organisation").order_by("organisation__name")
    ]


@router.get("/problems/{problem_id}/members", response=responses(list[MemberOut]))
def members(request: HttpRequest, problem_id: Id, purpose: Purpose = None) -> list[dict]:
    """The named members: role and organisation; who they are needs a ``purpose``."""
    found = problem_get(user=request.auth, pk=problem_id)
    shown = restricted_read(
        request,
        action=PROBLEM_PERSONAL_DATA,
        obj=found,
        purpose=purpose,
        fields=("member names",),
        describe=f"members of {found}",
    )
    return [
        {
            "id": m.pk,
            "role": m.role,
            "organisation": org_ref(m.user.organisation),
            "sees_special_category": m.sees_special_category,
            "user_id": m.user_id if shown else None,
            "name": name_of(m.user) if shown else None,
        }
        for m in found.members.select_related("user", "user__organisation").order_by("id")
    ]


def _meeting(meeting: Meeting, shown: bool) -> dict[str, Any]:
    people = list(meeting.attendees.all())
    return {
        "id": meeting.pk,
        "date": meeting.date,
        "notes": meeting.notes,
        "decisions": meeting.decisions,
        "next_meeting": meeting.next_meeting,
        "attendee_organisations": sorted(
            {str(p.organisation) for p in people if p.organisation_id}
        ),
        "attendees": [name_of(p) for p in people] if shown else None,
    }


@router.get("/problems/{problem_id}/meetings", response=responses(Page[MeetingOut]))
def meetings(
    request: HttpRequest, problem_id: Id, query: Query[PageQuery], purpose: Purpose = None
) -> dict:
    """The partnership's meetings, newest first; who attended needs a ``purpose``."""
    found = problem_get(user=request.auth, pk=problem_id)
    shown = restricted_read(
        request,
        action=PROBLEM_PERSONAL_DATA,
        obj=found,
        purpose=purpose,
        fields=("meeting attendees",),
        describe=f"meeting attendees on {found}",
    )
    records = found.meetings.prefetch_related("attendees__organisation").order_by("-date", "-id")
    return page(records, query, lambda m: _meeting(m, shown))


@router.get("/problems/{problem_id}/meetings/{meeting_id}", response=responses(MeetingOut))
def meeting(request: HttpRequest, problem_id: Id, meeting_id: Id, purpose: Purpose = None) -> dict:
    found = problem_get(user=request.auth, pk=problem_id)
    record = get_object_or_404(Meeting, pk=meeting_id, problem=found)
    shown = restricted_read(
        request,
        action=PROBLEM_PERSONAL_DATA,
        obj=found,
        purpose=purpose,
        fields=("meeting attendees",),
        describe=f"attendees of {record} on {found}",
        audited=record,
    )
    return _meeting(record, shown)


@router.get("/problems/{problem_id}/reviews", response=responses(list[ReviewOut]))
def reviews(request: HttpRequest, problem_id: Id, purpose: Purpose = None) -> list[dict]:
    """The 3, 6 and 12-month reviews; a completed one keeps the figures it froze."""
    found = problem_get(user=request.auth, pk=problem_id)
    shown = restricted_read(
        request,
        action=PROBLEM_PERSONAL_DATA,
        obj=found,
        purpose=purpose,
        fields=("reviewer names",),
        describe=f"reviewers of {found}",
    )
    return [
        _review(r, shown)
        for r in found.reviews.select_related("completed_by").order_by("due_date", "id")
    ]


def _review(review: Review, shown: bool) -> dict[str, Any]:
    return {
        "id": review.pk,
        "months": review.months,
        "due_date": review.due_date,
        "completed_at": review.completed_at,
        "decision": review.decision,
        "narrative": review.narrative,
        "snapshot": review.snapshot,
        "completed_by": name_of(review.completed_by) if shown else None,
    }


@router.get("/problems/{problem_id}/reviews/{review_id}", response=responses(ReviewDetail))
def review(request: HttpRequest, problem_id: Id, review_id: Id, purpose: Purpose = None) -> dict:
    """One review with the figures it looks at: frozen at completion for a completed review,
    measured now for an open one (as the web's review page shows them)."""
    found = problem_get(user=request.auth, pk=problem_id)
    record = get_object_or_404(
        Review.objects.select_related("completed_by"), pk=review_id, problem=found
    )
    shown = restricted_read(
        request,
        action=PROBLEM_PERSONAL_DATA,
        obj=found,
        purpose=purpose,
        fields=("reviewer name",),
        describe=f"reviewer of {record}",
        audited=record,
    )
    frozen = record.completed_at is not None
    figures = (
        record.snapshot if frozen else review_figures(problem=found, today=timezone.localdate())
    )
    return {**_review(record, shown), "frozen": frozen, "figures": figures}


@router.get(
    "/problems/{problem_id}/vulnerable-people", response=responses(list[VulnerablePersonOut])
)
def vulnerable_people(request: HttpRequest, problem_id: Id, purpose: Purpose = None) -> list:
    """Special-category data: members named for it only, with a ``purpose``; audited."""
    found = problem_get(user=request.auth, pk=problem_id)
    require(request.auth, PROBLEM_SPECIAL_CATEGORY, found)
    shown = list(found.vulnerable_people.order_by("id"))
    audit_restricted(
        request,
        obj=found,
        purpose=purpose_required(purpose),
        fields=("vulnerable people",),
        describe=f"vulnerable people on {found}",
        data_class=DataClass.SPECIAL,
        subjects=shown,
    )
    return [{"id": v.pk, "description": v.description, "added_at": v.added_at} for v in shown]
