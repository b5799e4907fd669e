"""Who may read and moderate residents' reports: the partnership of the problem that receives
them, on the problem's association checker.

Everyone in the partnership may see the queue (what was reported, where and when); contact
details are restricted data, shown only where the sharing record allows (the read model
withholds them otherwise). Accepting or rejecting a report, setting its status, opening a
site's reporting page and writing "you said, we did" updates is for the partnership's members
and partner organisations, never for viewers.
"""

from __future__ import annotations

from clearhold.accounts.roles import Role
from clearhold.authz import rule
from clearhold.problems.permissions import is_associated

REPORTS_LIST = "resident_reports.list"
REPORTS_VIEW = "resident_reports.view"
REPORTS_MODERATE = "resident_reports.moderate"


@rule(
    REPORTS_LIST,
    "Your account is not linked to an organisation yet: ask your ClearHold administrator.",
)
def _list(user, obj) -> bool:
    """The queues of the problems the person's organisation is in (filtered by association)."""
    return user.organisation_id is not None


@rule(REPORTS_VIEW, "These residents' reports are not shared with you or your organisation.")
def _view(user, problem) -> bool:
    return problem is not None and is_associated(user, problem)


@rule(
    REPORTS_MODERATE,
    "Only the partnership’s members and partner organisations (not viewers) can check "
    "residents’ reports and write updates.",
)
def _moderate(user, problem) -> bool:
    return problem is not None and user.role != Role.PARTNER_VIEWER and is_associated(user, problem)
