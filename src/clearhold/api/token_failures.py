"""Failed token attempts, counted so that guessing tokens is slow.

Each refused token (unknown, revoked, expired or malformed) counts against the client's address
and against the token's first characters (what a guesser holds fixed). Past
``CLEARHOLD_API_TOKEN_FAILURES`` (10) failures within ``CLEARHOLD_API_TOKEN_FAILURE_WINDOW``
seconds (600) on either, every token call from that address, or with that prefix, is refused
with 429 and ``Retry-After`` until the oldest failure leaves the window, even with a good
token, so a guess that happens to be right tells the guesser nothing. The counts live in
Django's cache (shared between processes when the cache is).
"""

from __future__ import annotations

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from clearhold.audit.middleware import client_ip

KEY = "clearhold:api-token-failures:{}"


def _limits() -> tuple[int, int]:
    return (
        int(getattr(settings, "CLEARHOLD_API_TOKEN_FAILURES", 10)),
        int(getattr(settings, "CLEARHOLD_API_TOKEN_FAILURE_WINDOW", 600)),
    )


def _keys(request: HttpRequest, token: str) -> list[str]:
    prefix = hashlib.sha256(token[:10].encode("utf-8")).hexdigest()[:32]
    return [KEY.format(f"ip:{client_ip(request) or 'unknown'}"), KEY.format(f"prefix:{prefix}")]


def _recent(key: str, now: float, window: int) -> list[float]:
    return [t for t in cache.get(key, []) if t > now - window]


def wait_before_trying(request: HttpRequest, token: str) -> int:
    """Seconds this caller must wait before a token is even looked at (0: go ahead)."""
    limit, window = _limits()
    now, wait = time.time(), 0
    for key in _keys(request, token):
        recent = _recent(key, now, window)
        if len(recent) >= limit:
            wait = max(wait, math.ceil(sorted(recent)[-limit] + window - now))
    return max(wait, 1) if wait else 0


def failure_note(request: HttpRequest, token: str) -> None:
    """Count one refused token against the caller's address and the token's prefix."""
    _, window = _limits()
    now = time.time()
    for key in _keys(request, token):
        cache.set(key, [*_recent(key, now, window), now], timeout=window)
