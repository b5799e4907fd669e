"""Who may see and change a problem's sharing record.

Everyone associated with the problem may read it: partners should know what is shared with
whom and why. Changing it is for the organisation that leads the problem (its data controller
for the case, not its viewers), partnership managers and administrators.
"""

from __future__ import annotations

from clearhold.accounts.roles import Role
from clearhold.authz import rule
from clearhold.problems.permissions import is_associated, sees_all_problems

SHARING_USE = "sharing.use"
SHARING_VIEW = "sharing.view"
SHARING_CHANGE = "sharing.change"


def leads(user, problem) -> bool:
    """Whether the user acts for the problem's lead organisation (viewers do not)."""
    return (
        problem.lead_organisation_id == user.organisation_id
        and user.organisation_id is not None
        and user.role != Role.PARTNER_VIEWER
    )


@rule(SHARING_USE, "You need an active ClearHold account to see sharing records.")
def _use(user, obj) -> bool:
    return True


@rule(SHARING_VIEW, "This problem is not shared with you or your organisation.")
def _view(user, problem) -> bool:
    return problem is not None and is_associated(user, problem)


@rule(
    SHARING_CHANGE,
    "Only the problem’s lead organisation, partnership managers and administrators can change "
    "what is shared.",
)
def _change(user, problem) -> bool:
    return problem is not None and (sees_all_problems(user) or leads(user, problem))
