"""Who may see and change a problem's sharing record.

Everyone associated with the problem may read it: partners should know what is shared with
whom and why. Changing it is for the organisation that leads the problem (its data controller
for the case), and there only for its partnership manager or its data protection officer (the
``User.data_protection_officer`` flag): never for another organisation's manager, and not for an
administrator, who administers accounts rather than case data.
"""

from __future__ import annotations

from clearhold.accounts.roles import Role
from clearhold.authz import rule
from clearhold.problems.permissions import is_associated

SHARING_VIEW = "sharing.view"
SHARING_CHANGE = "sharing.change"


@rule(SHARING_VIEW, "This problem is not shared with you or your organisation.")
def _view(user, problem) -> bool:
    return problem is not None and is_associated(user, problem)


@rule(
    SHARING_CHANGE,
    "Only the partnership manager or the data protection officer of the organisation that "
    "leads the problem can change what is shared.",
)
def _change(user, problem) -> bool:
    if problem is None or user.organisation_id is None:
        return False
    if problem.lead_organisation_id != user.organisation_id:
        return False
    return user.role == Role.PARTNERSHIP_MANAGER or bool(user.data_protection_officer)
