"""Who is calling: a personal token (``Authorization: Bearer``) or the signed-in session.

A request that sends an ``Authorization`` header is judged by the token alone (a bad token is
refused even if a session cookie is also sent), so a script never silently acts as whoever is
signed in on the same browser. Session callers are checked for CSRF on writes, as the web is.
Each call is throttled per person (all their tokens and their session share one budget), and
runs with that person as the actor of the audit trail. Refused tokens are counted per address
and per token prefix (:mod:`clearhold.api.token_failures`); past the limit, token calls get 429.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja.errors import AuthenticationError, Throttled
from ninja.security import HttpBearer, SessionAuth
from ninja.throttling import SimpleRateThrottle

from clearhold.api.errors import UNAUTHENTICATED
from clearhold.api.permissions import API_USE
from clearhold.api.token_failures import failure_note, wait_before_trying
from clearhold.api.tokens import token_check
from clearhold.audit.context import acting_as
from clearhold.audit.middleware import client_ip
from clearhold.authz import can

DEFAULT_RATE = "600/min"


class TokenRefused(AuthenticationError):
    """A token refused with its own sentence (e.g. when it expired), shown as the 401's
    ``detail``."""

    def __init__(self, detail: str) -> None:
        super().__init__(message=detail)
        self.detail = detail


def person_for_token(request: HttpRequest, token: str) -> Any:
    """The person ``token`` lets in. Raises :class:`Throttled` while this caller has failed
    too often, and an :class:`AuthenticationError` (counted as a failure) for a bad token."""
    if wait := wait_before_trying(request, token):
        raise Throttled(wait=wait)
    check = token_check(token)
    if check.user is None:
        failure_note(request, token)
        raise TokenRefused(check.expired) if check.expired else AuthenticationError()
    return check.user


class BearerToken(HttpBearer):
    """A personal API token; an ``Authorization`` header with anything else is refused."""

    def __call__(self, request: HttpRequest) -> Any | None:
        header = request.headers.get("Authorization")
        if not header:
            return None
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return self.authenticate(request, "")
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = person_for_token(request, token)
        request.user = user
        return user


class Session(SessionAuth):
    """The signed-in person's session (CSRF-checked on writes)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any | None:
        user = request.user
        return user if can(user, API_USE) else None


class PerPersonThrottle(SimpleRateThrottle):
    """``CLEARHOLD_API_RATE`` requests (e.g. ``600/min``) per person, read on each call so a
    change of setting applies at once. The wait is always given, for ``Retry-After``."""

    scope = "person"

    def __init__(self) -> None:
        super().__init__(rate=DEFAULT_RATE)

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = getattr(settings, "CLEARHOLD_API_RATE", DEFAULT_RATE)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        person = getattr(request, "auth", None)
        if person is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": person.pk}

    def wait(self) -> float:
        oldest = self.history[-1] if self.history else self.now
        return max(1.0, math.ceil(self.duration - (self.now - oldest)))


def as_actor(view: Callable[..., Any]) -> Callable[..., Any]:
    """Run an operation with its caller as the audit trail's actor (token callers too)."""

    @wraps(view)
    def acting(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        with acting_as(request.auth, path=request.path[:500], ip_address=client_ip(request)):
            return view(request, *args, **kwargs)

    return acting


def refusal(status: int, detail: str, *, retry_after: int | None = None) -> JsonResponse:
    """The API's error body outside an API operation (the schema and docs pages)."""
    response = JsonResponse({"detail": detail, "errors": {}}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="ClearHold API"'
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def signed_in_or_token(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Guard the schema and docs pages: a session or a token. A browser that is not signed
    in goes to sign in; a script gets a plain 401."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        if not header:
            if can(request.user, API_USE):
                return view(request, *args, **kwargs)
            if "text/html" in request.headers.get("Accept", ""):
                return redirect_to_login(request.get_full_path())
            return refusal(401, UNAUTHENTICATED)
        scheme, _, token = header.partition(" ")
        try:
            request.user = person_for_token(
                request, token.strip() if scheme.lower() == "bearer" else ""
            )
        except Throttled as throttled:
            return refusal(429, f"Too many requests: try again in {throttled.wait} seconds.",
                           retry_after=throttled.wait)  # fmt: skip
        except AuthenticationError as refused:
            return refusal(401, getattr(refused, "detail", UNAUTHENTICATED))
        return view(request, *args, **kwargs)

    return guarded
