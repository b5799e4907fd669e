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
    api_reader,
    given,
    name_of,
    org_ref,
    page,
    purpose_required,
    withheld,
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
from clearhold.authz import require
from clearhold.problems.models import Meeting, Problem, Review
from clearhold.problems.permissions import PROBLEM_SPECIAL_CATEGORY
from clearhold.problems.reviews import review_figures
from clearhold.problems.selectors import problem_get, problem_list
from clearhold.readmodel import Reader

router = Router(tags=["problems"])

RISKS = [f.name for f in Problem._meta.fields if f.name.startswith("risk_")]


def problem_summary(problem: Any) -> dict[str, Any]:
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
    with Reader(request.auth) as reader:
        return page(reader.show(found), query, problem_summary)


@router.get("/problems/{problem_id}", response=responses(ProblemOut))
def problem(request: HttpRequest, problem_id: Id, purpose: Purpose = None) -> dict:
    """One problem with its analysis. With a ``purpose``: the victims notes (restricted) and,
    for members named for special-category data, the notes on offenders."""
    found = problem_get(user=request.auth, pk=problem_id)
    with api_reader(request, purpose, problem=found, what=f"problem {found}") as reader:
        shown = reader.show(found)
        return {
            **problem_summary(shown),
            "place_notes": shown.place_notes,
            "handler_notes": shown.handler_notes,
            "place_manager_notes": shown.place_manager_notes,
            "guardian_notes": shown.guardian_notes,
            "risks": {name.removeprefix("risk_"): getattr(shown, name) for name in RISKS},
            "offender_notes": given(shown.offender_notes),
            "victim_notes": given(shown.victim_notes),
            "withheld": withheld(shown, "offender_notes", "victim_notes"),
        }


@router.get("/problems/{problem_id}/partners", response=responses(list[PartnerOut]))
def partners(request: HttpRequest, problem_id: Id) -> list[dict]:
    found = problem_get(user=request.auth, pk=problem_id)
    with Reader(request.auth) as reader:
        records = found.partners.select_related("organisation").order_by("organisation__name")
        return [
            {"organisation": org_ref(p.organisation), "sees_personal_data": p.sees_personal_data}
            for p in reader.show(records)
        ]


@router.get("/problems/{problem_id}/members", response=responses(list[MemberOut]))
def members(request: HttpRequest, problem_id: Id, purpose: Purpose = None) -> list[dict]:
    """The named members: role and organisation; who they are needs a ``purpose``."""
    found = problem_get(user=request.auth, pk=problem_id)
    with api_reader(request, purpose, problem=found, what=f"members of {found}") as reader:
        records = found.members.select_related("user", "user__organisation").order_by("id")
        return [_member(m) for m in reader.show(records)]


def _member(member: Any) -> dict[str, Any]:
    user = member.user
    return {
        "id": member.pk,
        "role": member.role,
        "organisation": org_ref(user.organisation) if user else None,
        "sees_special_category": member.sees_special_category,
        "user_id": given(member.user_id),
        "name": name_of(user),
        "withheld": withheld(member, "user"),
    }


def _meeting(meeting: Any) -> dict[str, Any]:
    people = list(meeting.attendees.all())
    names = [name_of(p) for p in people]
    hidden = None in names
    return {
        "id": meeting.pk,
        "date": meeting.date,
        "notes": meeting.notes,
        "decisions": meeting.decisions,
        "next_meeting": meeting.next_meeting,
        "attendee_organisations": sorted(
            {str(p.organisation) for p in people if p.organisation_id}
        ),
        "attendees": None if hidden else names,
        "withheld": ["attendees"] if hidden else [],
    }


@router.get("/problems/{problem_id}/meetings", response=responses(Page[MeetingOut]))
def meetings(
    request: HttpRequest, problem_id: Id, query: Query[PageQuery], purpose: Purpose = None
) -> dict:
    """The partnership's meetings, newest first; who attended needs a ``purpose``."""
    found = problem_get(user=request.auth, pk=problem_id)
    records = found.meetings.prefetch_related("attendees__organisation").order_by("-date", "-id")
    with api_reader(request, purpose, problem=found, what=f"meetings of {found}") as reader:
        return page(reader.show(records), query, _meeting)


@router.get("/problems/{problem_id}/meetings/{meeting_id}", response=responses(MeetingOut))
def meeting(request: HttpRequest, problem_id: Id, meeting_id: Id, purpose: Purpose = None) -> dict:
    found = problem_get(user=request.auth, pk=problem_id)
    record = get_object_or_404(Meeting, pk=meeting_id, problem=found)
    what = f"attendees of {record} on {found}"
    with api_reader(request, purpose, problem=found, what=what, about=record) as reader:
        return _meeting(reader.show(record))


@router.get("/problems/{problem_id}/reviews", response=responses(list[ReviewOut]))
def reviews(request: HttpRequest, problem_id: Id, purpose: Purpose = None) -> list[dict]:
    """The 3, 6 and 12-month reviews; a completed one keeps the figures it froze."""
    found = problem_get(user=request.auth, pk=problem_id)
    records = found.reviews.select_related("completed_by").order_by("due_date", "id")
    with api_reader(request, purpose, problem=found, what=f"reviews of {found}") as reader:
        return [_review(r) for r in reader.show(records)]


def _review(review: Any) -> dict[str, Any]:
    completed_by = name_of(review.completed_by)
    return {
        "id": review.pk,
        "months": review.months,
        "due_date": review.due_date,
        "completed_at": review.completed_at,
        "decision": review.decision,
        "narrative": review.narrative,
        "snapshot": review.snapshot,
        "completed_by": completed_by,
        "withheld": ["completed_by"] if review.completed_by and completed_by is None else [],
    }


@router.get("/problems/{problem_id}/reviews/{review_id}", response=responses(ReviewDetail))
def review(request: HttpRequest, problem_id: Id, review_id: Id, purpose: Purpose = None) -> dict:
    """One review with the figures it looks at: frozen at completion for a completed review,
    measured now for an open one (as the web's review page shows them)."""
    found = problem_get(user=request.auth, pk=problem_id)
    record = get_object_or_404(
        Review.objects.select_related("completed_by"), pk=review_id, problem=found
    )
    frozen = record.completed_at is not None
    figures = (
        record.snapshot if frozen else review_figures(problem=found, today=timezone.localdate())
    )
    what = f"reviewer of {record}"
    with api_reader(request, purpose, problem=found, what=what, about=record) as reader:
        return {**_review(reader.show(record)), "frozen": frozen, "figures": figures}


@router.get(
    "/problems/{problem_id}/vulnerable-people", response=responses(list[VulnerablePersonOut])
)
def vulnerable_people(request: HttpRequest, problem_id: Id, purpose: Purpose = None) -> list:
    """Special-category data: members named for it only, with a ``purpose``; audited."""
    found = problem_get(user=request.auth, pk=problem_id)
    require(request.auth, PROBLEM_SPECIAL_CATEGORY, found)
    why = purpose_required(purpose)
    what = f"vulnerable people on {found}"
    with api_reader(request, why, problem=found, what=what) as reader:
        records = reader.show(found.vulnerable_people.order_by("id"))
        return [{"id": v.pk, "description": v.description, "added_at": v.added_at} for v in records]
