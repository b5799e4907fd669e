"""Who may generate, download and adapt documents.

Documents are generated from a problem's record, so the problem's association checker decides
who may see them; generating needs a member or partner who is not a viewer. A bundle that asks
for the people under enforcement needs the right to see them (the powers app's rule). What a
document holds is decided by the read model (``clearhold.readmodel``), and one holding personal
data downloads only to those the sharing record allows each class it holds (``authz.may_see``,
checked in ``selectors.document_get``), with a purpose. A template belongs to an organisation
and prints on the problems it leads: only that organisation's administrators and partnership
managers adapt it. Nobody changes the shipped wording from a page: it is the reviewed text of a
release, which every other partnership prints.
"""

from __future__ import annotations

from clearhold.accounts.roles import Role
from clearhold.authz import can, rule
from clearhold.powers.permissions import PEOPLE_VIEW
from clearhold.problems.permissions import is_associated

DOCUMENTS_VIEW = "documents.view"
DOCUMENT_GENERATE = "documents.generate"
DOCUMENT_PERSONAL_DATA = "documents.personal_data"
TEMPLATE_CHANGE = "documents.template_change"


@rule(DOCUMENTS_VIEW, "This problem's documents are not shared with you or your organisation.")
def _view(user, problem) -> bool:
    return problem is not None and is_associated(user, problem)


@rule(
    DOCUMENT_GENERATE,
    "Only the problem’s members and partner organisations (not viewers) can generate documents.",
)
def _generate(user, problem) -> bool:
    return problem is not None and user.role != Role.PARTNER_VIEWER and is_associated(user, problem)


@rule(
    DOCUMENT_PERSONAL_DATA,
    "This document holds personal data, which the partnership has not shared with you.",
)
def _personal(user, problem) -> bool:
    return _generate(user, problem) and can(user, PEOPLE_VIEW, problem)


@rule(
    TEMPLATE_CHANGE,
    "Only your organisation’s administrators and partnership managers can adapt its document "
    "templates, and only for your own organisation.",
)
def _template(user, organisation) -> bool:
    return (
        user.role in (Role.ADMINISTRATOR, Role.PARTNERSHIP_MANAGER)
        and organisation is not None
        and user.organisation_id == organisation.pk
    )
