"""Reads for problems, always through the association checker."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from clearhold.authz import require
from clearhold.problems.models import Problem
from clearhold.problems.permissions import PROBLEM_VIEW, associated


def problem_list(*, user: Any) -> QuerySet[Problem]:
    return associated(Problem.objects.select_related("lead_organisation"), user)


#: What ``problem_get`` joins to the problem: the pages show the lead organisation.
PROBLEM_RELATED = ("lead_organisation",)


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
