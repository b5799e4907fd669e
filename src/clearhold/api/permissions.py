"""Rules for the API itself: who may call it (people who act for an organisation) and who may
manage a token (its owner).

What each endpoint returns is decided by the rules of the app that owns the record (problems,
powers, documents, places, incidents): the API adds no rights of its own.
"""

from __future__ import annotations

from clearhold.accounts.permissions import acts_for_organisation
from clearhold.authz import rule

API_USE = "api.use"
API_TOKEN_MANAGE = "api.token_manage"


@rule(
    API_USE,
    "Your account is not linked to an organisation yet, so it cannot use the API: ask your "
    "ClearHold administrator.",
)
def _use(user, obj) -> bool:
    return acts_for_organisation(user)


@rule(API_TOKEN_MANAGE, "You can only manage your own API tokens.")
def _manage(user, token) -> bool:
    return token is not None and token.user_id == user.pk
