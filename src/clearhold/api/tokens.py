"""Making, revoking and checking personal API tokens.

A token is ``ch_`` followed by 43 URL-safe characters (256 random bits). It is returned once by
:func:`api_token_create`; the database keeps its sha256, so a stolen copy of the database
holds no usable token. Looking a token up by its digest means there is no string comparison to
time.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from clearhold.api.models import ApiToken
from clearhold.api.permissions import API_TOKEN_MANAGE, API_USE
from clearhold.authz import can, require

TOKEN_PREFIX = "ch_"
LAST_USED_RESOLUTION_S = 60  # write last_used_at at most once a minute per token


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_create(*, user: Any, name: str) -> tuple[ApiToken, str]:
    """Make a token for ``user``; return it with the token itself, which is never stored."""
    require(user, API_USE)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Give the token a name saying what it is for."})
    if len(name) > ApiToken._meta.get_field("name").max_length:
        raise ValidationError({"name": "The name must be 100 characters or fewer."})
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=plain[:10], digest=token_digest(plain)
    )
    return token, plain


@transaction.atomic
def api_token_revoke(*, user: Any, token: ApiToken) -> ApiToken:
    """Revoke ``token`` (the owner's own); revoking twice keeps the first time."""
    require(user, API_TOKEN_MANAGE, token)
    stored = ApiToken.objects.select_for_update().get(pk=token.pk)
    if stored.revoked_at is None:
        stored.revoked_at = timezone.now()
        stored.save(update_fields=["revoked_at"])
    return stored


def api_tokens_of(*, user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def user_for_token(token: str) -> Any | None:
    """The active person a live token belongs to, or None (unknown, revoked, or the account
    was closed). Marks the token used."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    found = (
        ApiToken.objects.select_related("user", "user__organisation")
        .filter(digest=token_digest(token), revoked_at=None)
        .first()
    )
    if found is None or not can(found.user, API_USE):
        return None
    now = timezone.now()
    if found.last_used_at is None or (now - found.last_used_at).total_seconds() > (
        LAST_USED_RESOLUTION_S
    ):
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
    return found.user
