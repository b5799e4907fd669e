"""Who may see and change a problem: one association checker for lists, pages and writes.

A problem is seen by its named members and by the people of the organisations in its
partnership (the lead and the partner organisations). There is no tier above that: a
partnership manager's "all problems" are every problem their organisation leads or is a partner
in, never another partnership's (the former all-problems tier let a manager of any organisation
read and rewrite every partnership's records); an administrator administers accounts and sees
problems only as a person of their organisation does.

Data classes (``clearhold.authz.DataClass``) rest on the problem's sharing record
(``clearhold.sharing``): restricted fields (personal data) are seen by the lead organisation and
organisations named on the record for restricted data; special-category fields (health,
vulnerability, allegations about a person) by members named for them whose organisation leads
the problem or is named for special-category data. A partner viewer's organisation sees neither
unless it is named.

Who is on the problem is the lead's decision (``PROBLEM_MEMBERSHIP``): the lead organisation's
partnership manager, or a member marked as managing the membership.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from clearhold.accounts.roles import Role
from clearhold.accounts.second_factor_rules import special_category_reader
from clearhold.authz import DataClass, data_class_rule, rule

PROBLEMS_LIST = "problems.list"
PROBLEM_CREATE = "problems.create"
PROBLEM_VIEW = "problems.view"
PROBLEM_CHANGE = "problems.change"
PROBLEM_PERSONAL_DATA = "problems.personal_data"
PROBLEM_SPECIAL_CATEGORY = "problems.special_category"
PROBLEM_MEMBERSHIP = "problems.membership"

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


def associated(problems: QuerySet, user) -> QuerySet:
    """The problems of ``problems`` the user is a named member of or whose partnership their
    organisation is in (the lead or a partner). Every role, administrators included."""
    shared = Q(members__user=user)
    if user.organisation_id is not None:
        shared |= Q(partners__organisation_id=user.organisation_id) | Q(
            lead_organisation_id=user.organisation_id
        )
    return problems.filter(shared).distinct()


def fetched(problem, relation: str) -> list | None:
    """The rows of ``relation`` (``"members"``, ``"partners"``) fetched onto ``problem`` by the
    page that shows them (``selectors.problem_for_page``), else None: the rules then answer from
    those rows, read in this request, instead of asking the table again."""
    return getattr(problem, "_prefetched_objects_cache", {}).get(relation)


def _member(user, problem, **flags: bool) -> bool:
    """Whether ``user`` is named on ``problem`` (with ``flags`` set on their entry)."""
    members = fetched(problem, "members")
    if members is None:
        return problem.members.filter(user=user, **flags).exists()
    return any(
        m.user_id == user.pk and all(getattr(m, k) == v for k, v in flags.items()) for m in members
    )


def is_associated(user, problem) -> bool:
    """Whether ``associated`` would keep ``problem`` for ``user``; the lead organisation's
    staff are answered from the problem in hand (a page asks this some twenty times), and
    anyone from its fetched members and partners when its page fetched them."""
    from clearhold.problems.models import Problem

    lead = problem.lead_organisation_id
    if user.organisation_id is not None and user.organisation_id == lead:
        return True
    members, partners = fetched(problem, "members"), fetched(problem, "partners")
    if members is None or partners is None:
        return associated(Problem.objects.filter(pk=problem.pk), user).exists()
    return any(m.user_id == user.pk for m in members) or (
        user.organisation_id is not None
        and any(p.organisation_id == user.organisation_id for p in partners)
    )


@rule(
    PROBLEMS_LIST,
    "Your account is not linked to an organisation or a problem yet: ask your ClearHold "
    "administrator to add you to your organisation.",
)
def _list(user, obj) -> bool:
    """The list of problems (filtered through ``associated``): for people who act for an
    organisation or are named on a problem."""
    return user.organisation_id is not None or user.memberships.exists()


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
    return (
        problem is not None
        and is_associated(user, problem)
        and organisation_named(user, problem, DataClass.RESTRICTED)
    )


@rule(
    PROBLEM_SPECIAL_CATEGORY,
    "Only members named for it, of an organisation the sharing record names for special-category "
    "data, can see it.",
)
def _special(user, problem) -> bool:
    return (
        problem is not None
        and _member(user, problem, sees_special_category=True)
        and organisation_named(user, problem, DataClass.SPECIAL)
    )


def manages_membership(user, problem) -> bool:
    """The problem's lead for its membership: the lead organisation's partnership manager, or
    a member (not a viewer) marked as managing the membership."""
    if problem is None or user.role == Role.PARTNER_VIEWER:
        return False
    if user.role == Role.PARTNERSHIP_MANAGER and (
        user.organisation_id is not None and user.organisation_id == problem.lead_organisation_id
    ):
        return True
    return _member(user, problem, manages_membership=True)


@rule(
    PROBLEM_MEMBERSHIP,
    "Only the problem’s lead (the lead organisation’s partnership manager, or a member who "
    "manages its membership) can change its members and partner organisations.",
)
def _membership(user, problem) -> bool:
    return manages_membership(user, problem)


data_class_rule(DataClass.PUBLIC, PROBLEM_VIEW)
data_class_rule(DataClass.RESTRICTED, PROBLEM_PERSONAL_DATA)
data_class_rule(DataClass.SPECIAL, PROBLEM_SPECIAL_CATEGORY)


@special_category_reader
def _named_for_special_category(user) -> bool:
    """Anyone named on a problem to see its special-category data needs a second factor."""
    from clearhold.problems.models import Member

    return Member.objects.filter(user=user, sees_special_category=True).exists()
