"""Who may see and change a problem: one association checker for lists, pages and writes.

Two tiers, as in data-hub-api: administrators and partnership managers see every problem
("all"); everyone else sees the problems their organisation is a partner in or that they are
a named member of ("associated").

Data classes (``clearhold.authz.DataClass``) rest on the problem's sharing record
(``clearhold.sharing``): restricted fields (personal data) are seen by the all tier, the lead
organisation, and organisations named on the record for restricted data; special-category
fields (health, vulnerability, allegations about a person) by members named for them whose
organisation leads the problem or is named for special-category data. A partner viewer's
organisation sees neither unless it is named.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from clearhold.accounts.roles import Role
from clearhold.authz import DataClass, data_class_rule, rule

PROBLEMS_USE = "problems.use"
PROBLEM_CREATE = "problems.create"
PROBLEM_VIEW = "problems.view"
PROBLEM_CHANGE = "problems.change"
PROBLEM_PERSONAL_DATA = "problems.personal_data"
PROBLEM_SPECIAL_CATEGORY = "problems.special_category"

ALL_PROBLEMS = frozenset({Role.ADMINISTRATOR, Role.PARTNERSHIP_MANAGER})
CREATORS = frozenset(
    {
        Role.OFFICER,
        Role.SUPERVISOR,
        Role.SENIOR,
        Role.ANALYST,
        Role.PARTNERSHIP_MANAGER,
        Role.ADMINISTRATOR,
    }
)


def sees_all_problems(user) -> bool:
    return user.role in ALL_PROBLEMS or user.is_superuser


def associated(problems: QuerySet, user) -> QuerySet:
    """The problems of ``problems`` the user is associated with (or all, for the all tier)."""
    if sees_all_problems(user):
        return problems
    return problems.filter(
        Q(members__user=user)
        | Q(partners__organisation_id=user.organisation_id)
        | Q(lead_organisation_id=user.organisation_id)
    ).distinct()


def is_associated(user, problem) -> bool:
    from clearhold.problems.models import Problem

    return associated(Problem.objects.filter(pk=problem.pk), user).exists()


@rule(PROBLEMS_USE, "You need an active ClearHold account to use problems.")
def _use(user, obj) -> bool:
    return True


@rule(
    PROBLEM_CREATE,
    "Only officers, analysts, partnership managers and administrators can open a problem.",
)
def _create(user, obj) -> bool:
    return user.role in CREATORS or user.is_superuser


@rule(PROBLEM_VIEW, "This problem is not shared with you or your organisation.")
def _view(user, problem) -> bool:
    return problem is not None and is_associated(user, problem)


@rule(
    PROBLEM_CHANGE,
    "Only the problem’s members and partner organisations (not viewers) can change it.",
)
def _change(user, problem) -> bool:
    return problem is not None and user.role != Role.PARTNER_VIEWER and is_associated(user, problem)


def organisation_named(user, problem, data_class: str) -> bool:
    """Whether the user's organisation leads the problem or is named on its sharing record for
    ``data_class``."""
    if user.organisation_id is None:
        return False
    if problem.lead_organisation_id == user.organisation_id:
        return True
    from clearhold.problems.sharing_selectors import receives

    return receives(problem=problem, organisation_id=user.organisation_id, data_class=data_class)


@rule(
    PROBLEM_PERSONAL_DATA,
    "The partnership has not shared personal data on this problem with your organisation.",
)
def _personal(user, problem) -> bool:
    if problem is None:
        return False
    if sees_all_problems(user):
        return True
    return is_associated(user, problem) and organisation_named(user, problem, DataClass.RESTRICTED)


@rule(
    PROBLEM_SPECIAL_CATEGORY,
    "Only members named for it, of an organisation the sharing record names for special-category "
    "data, can see it.",
)
def _special(user, problem) -> bool:
    return (
        problem is not None
        and problem.members.filter(user=user, sees_special_category=True).exists()
        and organisation_named(user, problem, DataClass.SPECIAL)
    )


data_class_rule(DataClass.PUBLIC, PROBLEM_VIEW)
data_class_rule(DataClass.RESTRICTED, PROBLEM_PERSONAL_DATA)
data_class_rule(DataClass.SPECIAL, PROBLEM_SPECIAL_CATEGORY)
