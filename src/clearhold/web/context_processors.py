"""Values every page needs: service name, phase, map tiles, demo flag."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from clearhold import __version__
from clearhold.accounts.permissions import ADMIN_AREA
from clearhold.audit.permissions import AUDIT_VIEW
from clearhold.authz import can
from clearhold.search.permissions import SEARCH
from clearhold.toolkit.navigation import DESTINATIONS


def service(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    allowed = [d for d in DESTINATIONS if can(user, d.action)]
    match = getattr(request, "resolver_match", None)
    return {
        "nav_items": allowed,
        "home_cards": [{"href": d.href, "title": d.label, "text": d.summary} for d in allowed],
        "nav_section": _section(match),
        "service_name": "ClearHold",
        "service_phase": "Beta",
        "service_version": __version__,
        "demo_mode": settings.DEMO_MODE,
        "tile_url": settings.CLEARHOLD_TILE_URL,
        "may_administer": can(user, ADMIN_AREA),
        "may_audit": can(user, AUDIT_VIEW),
        "may_search": can(user, SEARCH),
    }


def _section(match) -> str:
    if match is None:
        return ""
    if match.url_name == "home":
        return "home"
    if match.url_name == "people":
        return "people"
    return match.namespace or ""
