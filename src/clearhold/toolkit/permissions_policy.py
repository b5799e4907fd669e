"""The Permissions-Policy header: every browser feature ClearHold does not use is denied, and a
page that needs the device's location allows it for ClearHold's own origin only.

The site's middleware sends ``PERMISSIONS_POLICY`` on every response that has not set its own;
``allows_geolocation`` marks the few views with a "Use my location" button, so the browser lets
that button work there and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpResponse

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
GEOLOCATION_FOR_THIS_PAGE = PERMISSIONS_POLICY.replace("geolocation=()", "geolocation=(self)")


def allows_geolocation(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Let this view's page ask for the device's location (its own origin only, no frames)."""

    @wraps(view)
    def wrapped(request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response.headers["Permissions-Policy"] = GEOLOCATION_FOR_THIS_PAGE
        return response

    return wrapped
