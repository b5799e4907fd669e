"""Making, revoking and checking personal API tokens.

A token is ``ch_`` followed by 43 URL-safe characters (256 random bits). It is returned once by
:func:`api_token_create`; the database keeps its sha256, so a stolen copy of the database
holds no usable token. Looking a token up by its digest means there is no string comparison to
time.

Every token expires: 90 days after it is made unless its maker chooses otherwise, and never
more than ``CLEARHOLD_API_TOKEN_MAX_DAYS`` (365) days. An expired token is refused with a
sentence saying when it expired, so the person running the script knows to make a new one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import dateformat, timezone

from clearhold.accounts.permissions import SESSIONS_END
from clearhold.api.models import DEFAULT_DAYS, ApiToken
from clearhold.api.permissions import API_TOKEN_MANAGE, API_USE
from clearhold.authz import can, require

TOKEN_PREFIX = "ch_"
LAST_USED_RESOLUTION_S = 60  # write last_used_at at most once a minute per token


def max_days() -> int:
    """The longest a token may last, in days (``CLEARHOLD_API_TOKEN_MAX_DAYS``)."""
    return int(getattr(settings, "CLEARHOLD_API_TOKEN_MAX_DAYS", 365))


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_create(*, user: Any, name: str, days: int = DEFAULT_DAYS) -> tuple[ApiToken, str]:
    """Make a token for ``user`` that works for ``days`` days; return it with the token
    itself, which is never stored."""
    require(user, API_USE)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Give the token a name saying what it is for."})
    if len(name) > ApiToken._meta.get_field("name").max_length:
        raise ValidationError({"name": "The name must be 100 characters or fewer."})
    if not 1 <= days <= max_days():
        longest = max_days()
        raise ValidationError({"days": f"A token lasts from 1 to {longest} days: choose one."})
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=plain[:10],
        digest=token_digest(plain),
        expires_at=timezone.now() + dt.timedelta(days=days),
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


@transaction.atomic
def api_tokens_revoke_all(*, user: Any, person: Any) -> int:
    """Revoke every live token of ``person`` (signed out everywhere by themselves or by an
    administrator of their organisation); returns how many."""
    require(user, SESSIONS_END, person)
    live = ApiToken.objects.select_for_update().filter(user=person, revoked_at=None)
    revoked = 0
    for token in live:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])  # each one tracked in the audit trail
        revoked += 1
    return revoked


def api_tokens_of(*, user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


@dataclass(frozen=True)
class TokenCheck:
    """Who a token lets in (None when nobody), and, for an expired token, the sentence saying
    when it expired."""

    user: Any | None
    expired: str = ""


def expired_sentence(token: ApiToken) -> str:
    when = dateformat.format(timezone.localtime(token.expires_at), "j F Y \\a\\t H:i T")
    return (
        f"The token “{token.name}” ({token.prefix}…) expired on {when}. "
        "Make a new one on the API tokens page of your account."
    )


def token_check(token: str) -> TokenCheck:
    """Check a token: the active person a live token belongs to; nobody for an unknown or
    revoked token or a closed account; nobody with the reason for an expired one. A live token
    is marked used."""
    if not token.startswith(TOKEN_PREFIX):
        return TokenCheck(None)
    found = (
        ApiToken.objects.select_related("user", "user__organisation")
        .filter(digest=token_digest(token), revoked_at=None)
        .first()
    )
    if found is None or not can(found.user, API_USE):
        return TokenCheck(None)
    if found.expired:
        return TokenCheck(None, expired_sentence(found))
    now = timezone.now()
    if found.last_used_at is None or (now - found.last_used_at).total_seconds() > (
        LAST_USED_RESOLUTION_S
    ):
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
    return TokenCheck(found.user)


def user_for_token(token: str) -> Any | None:
    """The active person a live token belongs to, or None (see :func:`token_check`)."""
    return token_check(token).user
