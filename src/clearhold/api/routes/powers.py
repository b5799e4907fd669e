"""The closure powers: closures with notice, service, hearings and order; breaches; and the
people under graduated enforcement.

A closure is read through ``closure_get`` (the problem's association checker), so a closure
on a problem not shared with the caller is a 403 with the rule's sentence, as on the web.
People under enforcement are personal data: ``PEOPLE_VIEW`` on the problem and a ``purpose``
are both needed, and each read is audited.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from clearhold.api.common import (
    Id,
    PageQuery,
    Purpose,
    audit_restricted,
    name_of,
    page,
    purpose_required,
    restricted_read,
)
from clearhold.api.errors import responses
from clearhold.api.schemas import BreachOut, ClosureOut, ClosureSummary, Page, PersonOut
from clearhold.authz import require
from clearhold.powers.models import Breach, Closure, Person
from clearhold.powers.permissions import PEOPLE_VIEW
from clearhold.powers.selectors import closure_get, closure_list, person_get
from clearhold.powers.state import hearings, notice_of, order_of, status
from clearhold.problems.permissions import PROBLEM_PERSONAL_DATA
from clearhold.problems.selectors import problem_get

router = Router(tags=["closure powers"])

BREACH_RESTRICTED = ("person_id", "person_description", "video_reference")


def _summary(closure: Closure, now) -> dict[str, Any]:
    return {
        "id": closure.pk,
        "problem_id": closure.problem_id,
        "site_id": closure.site_id,
        "premises_description": closure.premises_description,
        "premises_kind": closure.premises_kind,
        "body": closure.body,
        "status": status(closure, now),
        "created_at": closure.created_at,
    }


class ClosureQuery(Schema):
    problem: int | None = Field(None, ge=1, le=2**62, description="Only this problem's closures")


@router.get("/closures", response=responses(Page[ClosureSummary]))
def closures(request: HttpRequest, filters: Query[ClosureQuery], query: Query[PageQuery]) -> dict:
    """Closures on the problems shared with you, newest first."""
    found = closure_list(user=request.auth).order_by("-created_at", "-id")
    if filters.problem is not None:
        found = found.filter(problem_id=filters.problem)
    now = timezone.now()
    return page(found, query, lambda c: _summary(c, now))


def _notice(closure: Closure, shown: bool) -> dict[str, Any] | None:
    notice = notice_of(closure)
    if notice is None:
        return None
    return {
        "issued_at": notice.issued_at,
        "issuer_role": notice.issuer_role,
        "issued_by": name_of(notice.issued_by) if shown else None,
        "hours": notice.hours,
        "senior_authority": notice.senior_authority,
        "exemptions": list(notice.exemptions),
        "hearing_court": notice.hearing_court,
        "hearing_at": notice.hearing_at,
        "extension_hours": notice.extension_hours,
        "extension_issued_at": notice.extension_issued_at,
        "cancelled_at": notice.cancelled_at,
        "cancellation_reason": notice.cancellation_reason,
        "varied_at": notice.varied_at,
        "part_removed": notice.part_removed,
        "service": [
            {
                "document": s.document,
                "act": s.act,
                "served_at": s.served_at,
                "force_used": s.force_used,
            }
            for s in notice.service.order_by("served_at", "id")
        ],
    }


def _order(closure: Closure) -> dict[str, Any] | None:
    order = order_of(closure)
    if order is None:
        return None
    fields = (
        "made_on",
        "starts_on",
        "ends_on",
        "court",
        "partial",
        "scope",
        "part_description",
        "bars_residents",
        "discharged_on",
    )
    return {
        **{name: getattr(order, name) for name in fields},
        "exemptions": list(order.exemptions),
        "current_ends_on": order.current_ends_on(),
        "extensions": [
            {
                "applied_on": e.applied_on,
                "new_ends_on": e.new_ends_on,
                "granted_on": e.granted_on,
                "refused_on": e.refused_on,
            }
            for e in order.extensions.all()
        ],
    }


@router.get("/closures/{closure_id}", response=responses(ClosureOut))
def closure(request: HttpRequest, closure_id: Id, purpose: Purpose = None) -> dict:
    """A closure with its notice (and every act of service), hearings and order; the
    issuer's name needs a ``purpose``."""
    found = closure_get(user=request.auth, pk=closure_id)
    shown = restricted_read(
        request,
        action=PROBLEM_PERSONAL_DATA,
        obj=found.problem,
        purpose=purpose,
        fields=("notice issuer name",),
        describe=f"issuer of the notice on {found}",
        audited=found,
    )
    return {
        **_summary(found, timezone.now()),
        "notice": _notice(found, shown),
        "hearings": [
            {
                "id": h.pk,
                "court": h.court,
                "heard_at": h.heard_at,
                "outcome": h.outcome,
                "adjourned_to": h.adjourned_to,
                "continued_hours": h.continued_hours,
                "notes": h.notes,
            }
            for h in hearings(found)
        ],
        "order": _order(found),
        "withheld": [] if shown else ["notice.issued_by"],
    }


def _breach(breach: Breach, shown: bool) -> dict[str, Any]:
    fields = (
        "closure_id",
        "occurred_at",
        "breach_of",
        "unit_id",
        "place",
        "latitude",
        "longitude",
        "arrest",
        "offence_code",
        "offence_section",
        "max_penalty",
        "recorded_at",
        "seen",
    )
    return {
        "id": breach.pk,
        **{name: getattr(breach, name) for name in fields},
        **{name: (getattr(breach, name) if shown else None) for name in BREACH_RESTRICTED},
    }


@router.get("/closures/{closure_id}/breaches", response=responses(Page[BreachOut]))
def breaches(
    request: HttpRequest, closure_id: Id, query: Query[PageQuery], purpose: Purpose = None
) -> dict:
    """Breaches seen on patrol, newest first; who was seen needs a ``purpose`` and
    the right to see people under enforcement."""
    found = closure_get(user=request.auth, pk=closure_id)
    shown = restricted_read(
        request,
        action=PEOPLE_VIEW,
        obj=found.problem,
        purpose=purpose,
        fields=BREACH_RESTRICTED,
        describe=f"people in breaches of {found}",
        audited=found,
    )
    records = found.breaches.order_by("-occurred_at", "-id")
    return page(records, query, lambda b: _breach(b, shown))


def _person(person: Person) -> dict[str, Any]:
    return {
        "id": person.pk,
        "problem_id": person.problem_id,
        "name": person.name,
        "date_of_birth": person.date_of_birth,
        "description": person.description,
        "added_at": person.added_at,
        "steps": [
            {
                "kind": s.kind,
                "on": s.on,
                "ends_on": s.ends_on,
                "until_further_order": s.until_further_order,
                "compliance_days": s.compliance_days,
                "organisation": str(s.organisation) if s.organisation_id else None,
                "details": s.details,
            }
            for s in person.steps.all()
        ],
    }


@router.get("/problems/{problem_id}/people", response=responses(Page[PersonOut]))
def people(
    request: HttpRequest, problem_id: Id, query: Query[PageQuery], purpose: Purpose = None
) -> dict:
    """People under graduated enforcement on a problem: personal data, with a ``purpose``."""
    found = problem_get(user=request.auth, pk=problem_id)
    require(request.auth, PEOPLE_VIEW, found)
    why = purpose_required(purpose)
    records = Person.objects.filter(problem=found).prefetch_related("steps__organisation")
    return page(
        records.order_by("name", "id"),
        query,
        _person,
        read=lambda shown: audit_restricted(
            request,
            obj=found,
            purpose=why,
            fields=("people under enforcement",),
            describe=f"people under enforcement on {found}",
            subjects=shown,
        ),
    )


@router.get("/people/{person_id}", response=responses(PersonOut))
def person(request: HttpRequest, person_id: Id, purpose: Purpose = None) -> dict:
    found = person_get(user=request.auth, pk=person_id)
    why = purpose_required(purpose)
    audit_restricted(
        request, obj=found, purpose=why, fields=("person",), describe=f"{found} (person)"
    )
    return _person(found)
