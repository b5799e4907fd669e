"""Hardening that Django's own settings do not give: the Content Security Policy, responses to
signed-in people kept out of caches, uploads refused before their body is read, and the idle and
absolute session limits.

The policy is a small middleware rather than django-csp: ClearHold has no inline script or style
to nonce, so the header is one fixed string built from the settings (the map tile server is the
only outside origin), and a dependency would add nothing but surface.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat

from clearhold.toolkit.permissions_policy import PERMISSIONS_POLICY

Middleware = Callable[[HttpRequest], HttpResponse]


# -- Content Security Policy -------------------------------------------------------------------


def tile_origin(tile_url: str) -> str:
    """The origin a Leaflet tile URL template loads from, ``{s}`` subdomains as a wildcard.

    >>> tile_origin("https://{s}.tile.example.org/{z}/{x}/{y}.png")
    'https://*.tile.example.org'
    """
    if not tile_url:
        return ""
    parts = urlsplit(tile_url.replace("{s}", "__sub__"))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ""
    host = parts.netloc.split("@")[-1].replace("__sub__", "*")
    return f"{parts.scheme}://{host}"


def content_security_policy(*, tile_url: str, https: bool) -> str:
    """The policy: scripts, styles, fonts and requests from the app's own origin only; images
    also from the map's tile server (and ``data:`` for icons built into CSS); nothing may frame
    the pages, and forms post only back to the app."""
    images = ["'self'", "data:"]
    if origin := tile_origin(tile_url):
        images.append(origin)
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": images,
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    policy = "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())
    return policy + ("; upgrade-insecure-requests" if https else "")


class SecurityHeadersMiddleware:
    """Adds the Content Security Policy and Permissions-Policy to every response (a view that
    sets its own policy keeps it)."""

    def __init__(self, get_response: Middleware) -> None:
        self.get_response = get_response
        self.policy = content_security_policy(
            tile_url=settings.CLEARHOLD_TILE_URL, https=settings.SECURE_SSL_REDIRECT
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if settings.DEBUG and response.status_code in (404, 500):
            return response  # Django's debug pages (DEBUG only) carry inline script and style
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


# -- Nothing a signed-in person sees is cached ---------------------------------------------------


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every response to a signed-in person (a session, or an API
    token: pages, downloads, exports and the API), so that personal data is never kept by the
    browser's cache, a shared computer's disk or a proxy. One rule for every response, rather
    than a list of views that carry personal data that the next view would be missing from.
    Static files never reach it (WhiteNoise answers them first) and keep their own caching."""

    def __init__(self, get_response: Middleware) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or getattr(request, "auth", None) is not None:
            response.headers["Cache-Control"] = "no-store"
        return response


# -- Uploads over the limit --------------------------------------------------------------------

REFUSED = "_clearhold_upload_refused"


def request_max_bytes() -> int:
    """The largest request body accepted: the upload limit plus room for the form's fields."""
    return settings.CLEARHOLD_UPLOAD_MAX_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def too_large(request: HttpRequest, size: int | None) -> HttpResponse:
    """The 413 page, naming the limit (and the size sent, when the client declared it)."""
    return render(
        request,
        "web/errors/413.html",
        {
            "limit": filesizeformat(settings.CLEARHOLD_UPLOAD_MAX_BYTES),
            "size": filesizeformat(size) if size else "",
        },
        status=413,
    )


class UploadLimitMiddleware:
    """Refuses a request whose declared length is over the limit before anything reads its body,
    and turns the refusal of :class:`UploadLimitHandler` (a body that grew past the limit while
    being read) into the same 413 page."""

    def __init__(self, get_response: Middleware) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > request_max_bytes():
            return too_large(request, length)
        response = self.get_response(request)
        if getattr(request, REFUSED, False):
            return too_large(request, None)
        return response


class UploadLimitHandler(FileUploadHandler):
    """First of the upload handlers: counts the bytes of every file as they stream in and stops
    the parse once they pass the limit, whatever the request declared."""

    def handle_raw_input(
        self, input_data: Any, META: dict, content_length: int, boundary: Any, encoding: Any = None
    ) -> None:
        self.received = 0
        if content_length > request_max_bytes():
            self._refuse()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > settings.CLEARHOLD_UPLOAD_MAX_BYTES:
            self._refuse()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None

    def _refuse(self) -> None:
        if self.request is not None:
            setattr(self.request, REFUSED, True)
        raise RequestDataTooBig("Upload over CLEARHOLD_UPLOAD_MAX_BYTES.")


# -- Session limits ----------------------------------------------------------------------------

SIGNED_IN_AT = "clearhold.signed_in_at"
LAST_SEEN = "clearhold.last_seen"
SEEN_RESOLUTION = 60  # seconds: the session is written at most once a minute to note activity


def _now() -> int:
    return int(time.time())


@receiver(user_logged_in, dispatch_uid="session-limits-start")
def _session_start(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        now = _now()
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN] = now


def _minutes(seconds: int) -> str:
    minutes = seconds // 60
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def session_expired(*, signed_in_at: int, last_seen: int, now: int) -> str:
    """Why a session has ended at ``now`` (empty when it has not): idle for longer than
    ``CLEARHOLD_SESSION_IDLE_SECONDS``, or older than ``SESSION_COOKIE_AGE`` however busy."""
    idle, absolute = settings.CLEARHOLD_SESSION_IDLE_SECONDS, settings.SESSION_COOKIE_AGE
    if now - last_seen > idle:
        return f"You were signed out after {_minutes(idle)} without activity."
    if now - signed_in_at > absolute:
        return f"You were signed out {_minutes(absolute)} after signing in."
    return ""


class SessionTimeoutMiddleware:
    """Signs out a user idle for longer than the idle limit, or signed in for longer than the
    absolute limit; the request then goes on as anonymous (so the sign-in page follows)."""

    def __init__(self, get_response: Middleware) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            session, now = request.session, _now()
            signed_in_at = session.setdefault(SIGNED_IN_AT, now)
            last_seen = session.get(LAST_SEEN, now)
            reason = session_expired(signed_in_at=signed_in_at, last_seen=last_seen, now=now)
            if reason:
                logout(request)
                messages.info(request, f"{reason} Sign in again to carry on.")
            elif now - last_seen >= SEEN_RESOLUTION or LAST_SEEN not in session:
                session[LAST_SEEN] = now
        return self.get_response(request)
