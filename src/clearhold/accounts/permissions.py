"""Rules for the accounts area: who may administer people and organisations, and the standing
rule for pages about the person's own organisation (home, its people, their API tokens)."""

from __future__ import annotations

from clearhold.authz import rule

IN_ORGANISATION = "accounts.in_organisation"
ADMIN_AREA = "admin.open"


def acts_for_organisation(user) -> bool:
    """Whether the person acts for an organisation (every partner's staff do; an account
    nobody has placed in one yet sees nothing of the service)."""
    return user.organisation_id is not None


@rule(
    IN_ORGANISATION,
    "Your account is not linked to an organisation yet: ask your ClearHold administrator to "
    "add you to your organisation.",
)
def _in_organisation(user, obj) -> bool:
    return acts_for_organisation(user)


@rule(ADMIN_AREA, "Only administrators can open the admin area.")
def _admin_area(user, obj) -> bool:
    return user.is_administrator


SESSIONS_END = "accounts.sessions_end"
OWN_ACCOUNT = "accounts.own_account"


def signed_in_person(request, **kwargs):
    """The loader for pages about the signed-in person's own account (their second factor,
    their sessions): the object the rule is asked about is the person themselves."""
    return request.user


@rule(OWN_ACCOUNT, "You can only change your own account.")
def _own_account(user, person) -> bool:
    return person is not None and person.pk == user.pk


@rule(
    SESSIONS_END,
    "You can see and end only your own sessions; an administrator can end those of people in "
    "their own organisation.",
)
def _sessions_end(user, person) -> bool:
    if person is None:
        return False
    if person.pk == user.pk:
        return True
    return user.is_administrator and (
        user.organisation_id is not None and user.organisation_id == person.organisation_id
    )
