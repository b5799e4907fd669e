"""Who may use the closure powers and see the people under enforcement.

Built on the problem's association checker: a closure belongs to a problem, so whoever may see
the problem may see its closure and its clocks. Issuing a notice also needs the body and rank
the Act names (s.76(1)): a police inspector or above, or someone of the local authority; the
law core then checks the notice's length against the rank (s.77). People under enforcement are
personal data: only organisations the partnership shares personal data with, and never partner
viewers.
"""

from __future__ import annotations

from clearhold.accounts.roles import OrganisationType, Role, has_rank_at_least
from clearhold.authz import can, rule
from clearhold.problems.permissions import PROBLEM_PERSONAL_DATA, is_associated

POWERS_VIEW = "powers.view"
POWERS_RECORD = "powers.record"
NOTICE_ISSUE = "powers.notice_issue"
BREACH_RECORD = "powers.breach_record"
PEOPLE_VIEW = "powers.people_view"
PEOPLE_CHANGE = "powers.people_change"
PATROL_MENU = "powers.patrol_menu"


def issuing_body(user) -> str | None:
    """``"police"`` or ``"council"`` for a user who may act for an issuing body, else None."""
    kind = getattr(user.organisation, "kind", None)
    if kind == OrganisationType.POLICE:
        return "police"
    if kind == OrganisationType.COUNCIL:
        return "council"
    return None


@rule(POWERS_VIEW, "This closure's problem is not shared with you or your organisation.")
def _view(user, problem) -> bool:
    return problem is not None and is_associated(user, problem)


@rule(
    POWERS_RECORD,
    "Only the problem’s members and partner organisations (not viewers) can record closure steps.",
)
def _record(user, problem) -> bool:
    return problem is not None and user.role != Role.PARTNER_VIEWER and is_associated(user, problem)


@rule(PATROL_MENU, "The patrol pages are in the menu for police officers.")
def _patrol_menu(user, problem=None) -> bool:
    """Police officers (not viewers) find "On patrol" in the menu; anyone who may see a closure
    can still reach the patrol page from the Closures list."""
    return issuing_body(user) == "police" and user.role != Role.PARTNER_VIEWER


@rule(
    NOTICE_ISSUE,
    "Only a police officer of at least the rank of inspector, or the local authority, may issue "
    "a closure notice (s.76(1)).",
)
def _issue(user, problem) -> bool:
    body = issuing_body(user)
    if body is None or not _record(user, problem):
        return False
    if body == "police":
        return has_rank_at_least(user.role, Role.SUPERVISOR)
    return user.role in (Role.OFFICER, Role.SUPERVISOR, Role.SENIOR)


@rule(BREACH_RECORD, "Only the problem’s members and partners (not viewers) can record a breach.")
def _breach(user, problem) -> bool:
    return _record(user, problem)


@rule(
    PEOPLE_VIEW,
    "People under enforcement are personal data: the partnership has not shared them with you.",
)
def _people(user, problem) -> bool:
    return (
        problem is not None
        and user.role != Role.PARTNER_VIEWER
        and can(user, PROBLEM_PERSONAL_DATA, problem)
    )


@rule(PEOPLE_CHANGE, "Only members who may see people under enforcement can record steps.")
def _people_change(user, problem) -> bool:
    return _people(user, problem) and _record(user, problem)
