"""A limit on residents' tries per address: wrong codes, and answers by an event's open link.

Counted in Django's cache (per process with the default local-memory cache; shared when the
deployment configures a shared cache), in fixed windows. The limits are settings so a busy
event on one public Wi-Fi address can be let through: ``CLEARHOLD_SURVEY_CODE_TRIES`` wrong
codes and ``CLEARHOLD_SURVEY_LINK_ANSWERS`` open-link answers per address per window
(``CLEARHOLD_SURVEY_WINDOW_SECONDS``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from clearhold.audit.middleware import client_ip

DEFAULTS = {"code": 10, "link": 30}
SETTING = {"code": "CLEARHOLD_SURVEY_CODE_TRIES", "link": "CLEARHOLD_SURVEY_LINK_ANSWERS"}


def window_seconds() -> int:
    return int(getattr(settings, "CLEARHOLD_SURVEY_WINDOW_SECONDS", 15 * 60))


def _key(request: HttpRequest, what: str) -> str:
    return f"clearhold-survey-{what}-{client_ip(request) or 'unknown'}"


def limited(request: HttpRequest, what: str) -> bool:
    """Whether this address has used up its ``what`` ("code" or "link") tries."""
    limit = int(getattr(settings, SETTING[what], DEFAULTS[what]))
    return int(cache.get(_key(request, what), 0)) >= limit


def count_try(request: HttpRequest, what: str) -> None:
    key = _key(request, what)
    if cache.add(key, 1, timeout=window_seconds()):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.add(key, 1, timeout=window_seconds())
