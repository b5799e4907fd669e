"""The closure powers: closures with notice, service, hearings and order; breaches; and the
people under graduated enforcement.

A closure is read through ``closure_get`` (the problem's association checker), so a closure
on a problem not shared with the caller is a 403 with the rule's sentence, as on the web.
People under enforcement are personal data: ``PEOPLE_VIEW`` on the problem and a ``purpose``
are both needed, and each read is audited.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from clearhold.api.common import (
    Id,
    PageQuery,
    Purpose,
    api_reader,
    given,
    name_of,
    page,
    purpose_required,
    withheld,
)
from clearhold.api.errors import responses
from clearhold.api.schemas import BreachOut, ClosureOut, ClosureSummary, Page, PersonOut
from clearhold.authz import require
from clearhold.powers.models import Closure, Person
from clearhold.powers.permissions import PEOPLE_VIEW
from clearhold.powers.selectors import closure_get, closure_list, person_get
from clearhold.powers.state import hearings, notice_of, order_of, status
from clearhold.problems.selectors import problem_get
from clearhold.readmodel import Reader

router = Router(tags=["closure powers"])

# Who was seen and what was seen (an officer's account, which can name people) are restricted.
BREACH_RESTRICTED = ("person_id", "person_description", "video_reference", "seen")
BREACH_FIELDS = (
    "id",
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
)
NOTICE_FIELDS = (
    "issued_at",
    "issuer_role",
    "hours",
    "senior_authority",
    "hearing_court",
    "hearing_court_address",
    "hearing_at",
    "extension_hours",
    "extension_issued_at",
    "cancelled_at",
    "cancellation_reason",
    "varied_at",
    "part_removed",
)
ORDER_FIELDS = (
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
HEARING_FIELDS = (
    "id",
    "court",
    "heard_at",
    "outcome",
    "adjourned_to",
    "continued_hours",
    "notice_continued",
    "notes",
)
APPEAL_FIELDS = ("id", "against", "decision_on", "lodged_on", "outcome", "concluded_on")


def _summary(closure: Closure, reader: Reader, now: dt.datetime) -> dict[str, Any]:
    """A closure's summary, its fields read through ``reader`` (its status is worked out)."""
    shown = reader.show(closure)
    return {
        "id": shown.pk,
        "problem_id": shown.problem_id,
        "site_id": shown.site_id,
        "premises_description": shown.premises_description,
        "premises_kind": shown.premises_kind,
        "body": shown.body,
        "status": status(closure, now),
        "created_at": shown.created_at,
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
    with Reader(request.auth) as reader:
        return page(found, query, lambda c: _summary(c, reader, now))


def _notice(closure: Closure, reader: Reader) -> dict[str, Any] | None:
    notice = reader.show(notice_of(closure))
    if notice is None:
        return None
    return {
        **{name: getattr(notice, name) for name in NOTICE_FIELDS},
        "issued_by": name_of(notice.issued_by),
        "exemptions": list(notice.exemptions),
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


def _order(closure: Closure, reader: Reader) -> dict[str, Any] | None:
    found = order_of(closure)
    if found is None:
        return None
    order = reader.show(found)
    return {
        **{name: getattr(order, name) for name in ORDER_FIELDS},
        "exemptions": list(order.exemptions),
        "current_ends_on": found.current_ends_on(),
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


def _appeals(closure: Closure, reader: Reader) -> tuple[list[dict[str, Any]], list[str]]:
    """The appeals to the Crown Court (s.84), oldest first, each saying what it is against; the
    appellant is restricted (``authz.DECLARED``), ``null`` and listed as withheld where the
    closure page withholds it."""
    shown = reader.show_all(closure.appeals.all())
    appeals = [
        {
            **{name: getattr(a, name) for name in APPEAL_FIELDS},
            "appellant": given(a.appellant),
        }
        for a in shown
    ]
    hidden = [
        f"appeals[{number}].appellant" for number, a in enumerate(shown) if withheld(a, "appellant")
    ]
    return appeals, hidden


@router.get("/closures/{closure_id}", response=responses(ClosureOut))
def closure(request: HttpRequest, closure_id: Id, purpose: Purpose = None) -> dict:
    """A closure with its notice (and every act of service), hearings, order and appeals; the
    issuer's and appellant's names need a ``purpose``."""
    found = closure_get(user=request.auth, pk=closure_id)
    what = f"closure {found}"
    with api_reader(request, purpose, problem=found.problem, what=what, about=found) as reader:
        notice = _notice(found, reader)
        appeals, appellants_withheld = _appeals(found, reader)
        return {
            **_summary(found, reader, timezone.now()),
            "notice": notice,
            "hearings": [
                {name: getattr(h, name) for name in HEARING_FIELDS}
                for h in reader.show_all(hearings(found))
            ],
            "order": _order(found, reader),
            "appeals": appeals,
            "withheld": (
                ["notice.issued_by"] if notice is not None and notice["issued_by"] is None else []
            )
            + appellants_withheld,
        }


def _breach(breach: Any) -> dict[str, Any]:
    return {
        **{name: getattr(breach, name) for name in BREACH_FIELDS},
        **{name: given(getattr(breach, name)) for name in BREACH_RESTRICTED},
        "withheld": withheld(breach, "person", "person_description", "video_reference", "seen"),
    }


@router.get("/closures/{closure_id}/breaches", response=responses(Page[BreachOut]))
def breaches(
    request: HttpRequest, closure_id: Id, query: Query[PageQuery], purpose: Purpose = None
) -> dict:
    """Breaches seen on patrol, newest first; who and what was seen need a ``purpose`` and
    the right to see people under enforcement."""
    found = closure_get(user=request.auth, pk=closure_id)
    what = f"people in breaches of {found}"
    with api_reader(
        request, purpose, problem=found.problem, what=what, about=found, action=PEOPLE_VIEW
    ) as reader:
        # With a purpose, api_reader has checked PEOPLE_VIEW; without one nothing is shown.
        records = reader.show(found.breaches.order_by("-occurred_at", "-id"))
        return page(records, query, _breach)


def _person(person: Any) -> dict[str, Any]:
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
    what = f"people under enforcement on {found}"
    with api_reader(request, why, problem=found, what=what, action=PEOPLE_VIEW) as reader:
        return page(reader.show(records.order_by("name", "id")), query, _person)


@router.get("/people/{person_id}", response=responses(PersonOut))
def person(request: HttpRequest, person_id: Id, purpose: Purpose = None) -> dict:
    found = person_get(user=request.auth, pk=person_id)
    why = purpose_required(purpose)
    what = f"{found} (person)"
    with api_reader(
        request, why, problem=found.problem, what=what, about=found, action=PEOPLE_VIEW
    ) as reader:
        return _person(reader.show(found))
