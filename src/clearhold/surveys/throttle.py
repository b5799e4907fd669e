"""A limit on residents' tries per address: wrong codes, and answers by an event's open link.

Counted by :mod:`clearhold.toolkit.throttle` in fixed windows. The limits are settings so a busy
event on one public Wi-Fi address can be let through: ``CLEARHOLD_SURVEY_CODE_TRIES`` wrong
codes and ``CLEARHOLD_SURVEY_LINK_ANSWERS`` open-link answers per address per window
(``CLEARHOLD_SURVEY_WINDOW_SECONDS``).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from clearhold.audit.middleware import client_ip
from clearhold.toolkit.throttle import window_add, window_count

DEFAULTS = {"code": 10, "link": 30}
SETTING = {"code": "CLEARHOLD_SURVEY_CODE_TRIES", "link": "CLEARHOLD_SURVEY_LINK_ANSWERS"}


def window_seconds() -> int:
    return int(getattr(settings, "CLEARHOLD_SURVEY_WINDOW_SECONDS", 15 * 60))


def _key(request: HttpRequest, what: str) -> str:
    return f"clearhold-survey-{what}-{client_ip(request) or 'unknown'}"


def limited(request: HttpRequest, what: str) -> bool:
    """Whether this address has used up its ``what`` ("code" or "link") tries."""
    limit = int(getattr(settings, SETTING[what], DEFAULTS[what]))
    return window_count(_key(request, what)) >= limit


def count_try(request: HttpRequest, what: str) -> None:
    window_add(_key(request, what), window_seconds())
