"""Reads for problems, always through the association checker."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.shortcuts import get_object_or_404

from clearhold.authz import require
from clearhold.places.models import Site
from clearhold.problems.models import Member, PartnerOrganisation, Problem
from clearhold.problems.permissions import PROBLEM_VIEW, associated
from clearhold.problems.sharing_selectors import with_sharing_record


def problem_list(*, user: Any) -> QuerySet[Problem]:
    return associated(Problem.objects.select_related("lead_organisation"), user)


#: What ``problem_get`` joins to the problem: the pages show the lead organisation.
PROBLEM_RELATED = ("lead_organisation",)
#: What the problem page's guard joins to it: also its sharing record (one-to-one), which its
#: rules and its partnership table and sharing section read (``with_sharing_record``).
PROBLEM_PAGE_RELATED = (*PROBLEM_RELATED, "sharing_record")


def problem_get(*, user: Any, pk: int, loaded: Any = None) -> Problem:
    """The problem, or 404 when it does not exist, or a refusal when it is not shared with
    the user (the same rule the list applies, so the list never shows what this refuses).

    ``loaded``: the problem the view's guard already read (``authz.guarded_object``), taken
    instead of a second read when it is this very problem; the rule is asked of it all the
    same."""
    if isinstance(loaded, Problem) and loaded.pk == pk:
        problem = loaded
    else:
        problem = get_object_or_404(Problem.objects.select_related(*PROBLEM_RELATED), pk=pk)
    require(user, PROBLEM_VIEW, problem)
    return problem


def with_association(problem: Problem) -> Problem:
    """``problem`` with its members (with their people and organisations; in no order, which
    the rules do not need: a page listing them sorts them) and its partner organisations
    fetched onto it, each once: the association rule (``permissions.is_associated``) then
    answers from these rows, read in this request, rather than a query each time it is asked.
    The problem page's guard calls it (``problem_in_url``'s ``fetch``) so the guard,
    ``problem_get`` and the page ask it without a query."""
    members = Member.objects.select_related("user", "user__organisation")
    prefetch_related_objects(
        [problem],
        Prefetch("members", queryset=members),
        Prefetch("partners", queryset=PartnerOrganisation.objects.select_related("organisation")),
    )
    return problem


def problem_for_page(problem: Problem) -> Problem:
    """``problem`` with what its page shows and its rules ask many times fetched onto it, each
    once: its sites, its members and partner organisations (``with_association``, unless the
    guard fetched them) and its sharing record. The rules (``permissions.fetched``) then answer
    from these rows, read in this request. For a page that reads and writes nothing after."""
    # The page links its sites by name; nothing else of them (an outline is a long GeoJSON
    # text, and each column selected costs the compiling of the query and its ORDER BY).
    prefetch_related_objects([problem], Prefetch("sites", Site.objects.only("id", "name")))
    return with_sharing_record(with_association(problem))
