"""Rules for the API itself: who may call it and who may manage a token.

What each endpoint returns is decided by the rules of the app that owns the record (problems,
powers, documents, places, incidents): the API adds no rights of its own.
"""

from __future__ import annotations

from clearhold.authz import rule

API_USE = "api.use"
API_TOKEN_MANAGE = "api.token_manage"


@rule(API_USE, "You need an active ClearHold account to use the API.")
def _use(user, obj) -> bool:
    return True


@rule(API_TOKEN_MANAGE, "You can only manage your own API tokens.")
def _manage(user, token) -> bool:
    return token is None or token.user_id == user.pk
