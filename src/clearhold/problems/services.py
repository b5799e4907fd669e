"""Writes for a problem: opening it, its partnership, triangle, risks and vulnerable people.

Objectives and reviews live in ``objectives.py`` and ``reviews.py``; actions and meetings in
``actions.py`` and ``meetings.py``. Every write checks the rule first and runs in a
transaction, so a refused or invalid change leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from clearhold.authz import DataClass, require
from clearhold.law.clocks import add_months
from clearhold.problems.models import (
    Member,
    MemberRole,
    PartnerOrganisation,
    Problem,
    Review,
    VulnerablePerson,
)
from clearhold.problems.permissions import (
    PROBLEM_CHANGE,
    PROBLEM_CREATE,
    PROBLEM_MEMBERSHIP,
    PROBLEM_SPECIAL_CATEGORY,
    organisation_named,
)
from clearhold.toolkit.forms_dates import dates_refused

REVIEW_MONTHS = (3, 6, 12)


@transaction.atomic
def problem_create(
    *,
    user: Any,
    title: str,
    start_date: dt.date,
    sites: list | None = None,
    summary: str = "",
    lead_organisation: Any = None,
) -> Problem:
    """Open a problem led by the user's organisation, with the user as its lead member (who
    manages its membership) and reviews scheduled at 3, 6 and 12 months from the start date."""
    require(user, PROBLEM_CREATE)
    lead = lead_organisation or user.organisation
    if lead is None:
        raise ValidationError(
            {"lead_organisation": "Choose the organisation that leads the problem."}
        )
    refused = dates_refused({"start_date": ("the start date", start_date)})
    if refused:  # a start in 9999 overflows the 12-month review's due date
        raise ValidationError(refused)
    problem = Problem(
        title=title.strip(),
        summary=summary,
        start_date=start_date,
        lead_organisation=lead,
        created_by=user,
    )
    problem.full_clean()
    problem.save()
    if sites:
        problem.sites.set(sites)
    PartnerOrganisation.objects.create(problem=problem, organisation=lead)
    Member.objects.create(problem=problem, user=user, role=MemberRole.LEAD, manages_membership=True)
    for months in REVIEW_MONTHS:
        Review.objects.create(
            problem=problem, months=months, due_date=add_months(start_date, months)
        )
    return problem


@transaction.atomic
def problem_update(*, user: Any, problem: Problem, **fields: Any) -> Problem:
    """Change the problem's own fields (stage, phase, summary, triangle notes, risks)."""
    require(user, PROBLEM_CHANGE, problem)
    allowed = {f.name for f in Problem._meta.concrete_fields} - {
        "id",
        "created_by",
        "created_at",
        "lead_organisation",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Not problem fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(problem, name, value)
    refused = dates_refused({"start_date": ("the start date", problem.start_date)})
    if refused:
        raise ValidationError(refused)
    problem.full_clean()
    problem.save()
    return problem


@transaction.atomic
def partner_add(
    *, user: Any, problem: Problem, organisation: Any, sees_personal_data: bool | None = None
) -> PartnerOrganisation:
    """Add an organisation to the partnership. ``sees_personal_data`` names it on (or takes it
    off) the sharing record for restricted data, which needs the right to change that record;
    ``None`` leaves the record as it is. Only the problem's lead changes the partnership."""
    require(user, PROBLEM_MEMBERSHIP, problem)
    partner, _ = PartnerOrganisation.objects.get_or_create(
        problem=problem, organisation=organisation
    )
    if sees_personal_data is not None and organisation.pk != problem.lead_organisation_id:
        from clearhold.problems.sharing_selectors import receives
        from clearhold.problems.sharing_services import recipient_set

        named = receives(
            problem=problem, organisation_id=organisation.pk, data_class=DataClass.RESTRICTED
        )
        if named != sees_personal_data:
            recipient_set(
                user=user,
                problem=problem,
                organisation=organisation,
                data_class=DataClass.RESTRICTED,
                receives=sees_personal_data,
            )
    return partner


def _member_check(*, problem: Problem, person: Any, sees_special_category: bool) -> None:
    """Refuse a person whose organisation is not in the partnership, or a data class beyond
    what the sharing record gives their organisation."""
    organisation = person.organisation
    if organisation is None:
        raise ValidationError(
            {"person": f"{person} belongs to no organisation, so cannot be named on a problem."}
        )
    in_partnership = (
        organisation.pk == problem.lead_organisation_id
        or problem.partners.filter(organisation=organisation).exists()
    )
    if not in_partnership:
        raise ValidationError(
            {
                "person": f"{organisation} is not a partner in this problem. Add the "
                "organisation to the partnership and say on the sharing record what it "
                "receives first, then name its people."
            }
        )
    if sees_special_category and not organisation_named(person, problem, DataClass.SPECIAL):
        raise ValidationError(
            {
                "sees_special_category": f"The sharing record does not give {organisation} "
                "special-category data, so none of its people can be named for it. Name the "
                "organisation for special-category data on the sharing record first."
            }
        )


@transaction.atomic
def member_add(
    *,
    user: Any,
    problem: Problem,
    person: Any,
    role: str,
    sees_special_category: bool = False,
    manages_membership: bool = False,
) -> Member:
    """Name a person of a partner organisation on the problem (the problem's lead only). The
    person's data classes never exceed what the sharing record gives their organisation."""
    require(user, PROBLEM_MEMBERSHIP, problem)
    _member_check(problem=problem, person=person, sees_special_category=sees_special_category)
    member, _ = Member.objects.update_or_create(
        problem=problem,
        user=person,
        defaults={
            "role": role,
            "sees_special_category": sees_special_category,
            "manages_membership": manages_membership,
        },
    )
    return member


@transaction.atomic
def member_remove(*, user: Any, member: Member) -> None:
    problem = member.problem
    require(user, PROBLEM_MEMBERSHIP, problem)
    leads = problem.members.filter(role=MemberRole.LEAD)
    if member.role == MemberRole.LEAD and leads.count() == 1:
        raise ValidationError(
            "A problem must keep a lead: name another lead before removing this one."
        )
    member.delete()


@transaction.atomic
def vulnerable_person_add(*, user: Any, problem: Problem, description: str) -> VulnerablePerson:
    require(user, PROBLEM_SPECIAL_CATEGORY, problem)
    if not description.strip():
        raise ValidationError({"description": "Describe the person and why they are vulnerable."})
    return VulnerablePerson.objects.create(
        problem=problem, description=description.strip(), added_by=user
    )
