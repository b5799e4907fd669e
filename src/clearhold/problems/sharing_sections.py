"""The sharing record's place on the problem page: its basis, and a warning when the
agreement's review date has passed."""

from __future__ import annotations

from typing import Any

from clearhold.authz import can
from clearhold.problems.sections import Section, add_section
from clearhold.problems.sharing_permissions import SHARING_CHANGE, SHARING_VIEW
from clearhold.problems.sharing_selectors import sharing_concerns, sharing_record_of
from clearhold.readmodel import Reader


def problem_section(*, problem: Any, user: Any, reader: Reader | None = None) -> dict[str, Any]:
    record = sharing_record_of(problem=problem)
    reader = reader or Reader(user, log=False)
    return {
        "problem": reader.show(problem),
        "record": reader.show(record),
        "concerns": sharing_concerns(record),
        "may_view": can(user, SHARING_VIEW, problem),
        "may_change": can(user, SHARING_CHANGE, problem),
    }


def register() -> None:
    add_section(Section("problem", "sharing/section.html", problem_section))
