"""Who may see and add attachments. An attachment is personal data by default (a letter names
its writer, minutes name those present, a photograph shows people): it is seen by those the
problem's sharing record gives restricted data, and added by the problem's members and partner
organisations (not viewers) who may also see it, so nobody files what they could not read back.
"""

from __future__ import annotations

from clearhold.accounts.roles import Role
from clearhold.authz import DataClass, may_see, rule
from clearhold.problems.permissions import is_associated

ATTACHMENT_VIEW = "attachments.view"
ATTACHMENT_ADD = "attachments.add"


@rule(
    ATTACHMENT_VIEW,
    "Attachments are personal data: the partnership has not shared them with your organisation.",
)
def _view(user, problem) -> bool:
    return problem is not None and may_see(user, DataClass.RESTRICTED, problem)


@rule(
    ATTACHMENT_ADD,
    "Only the problem’s members and partner organisations (not viewers) who may see its personal "
    "data can attach files.",
)
def _add(user, problem) -> bool:
    return (
        problem is not None
        and user.role != Role.PARTNER_VIEWER
        and is_associated(user, problem)
        and may_see(user, DataClass.RESTRICTED, problem)
    )
