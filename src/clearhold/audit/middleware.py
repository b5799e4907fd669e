"""Puts the signed-in person and request path into the audit context for the whole request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from clearhold.audit.context import acting_as
from clearhold.toolkit.client_address import client_address


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: the direct peer, or what a trusted proxy says it saw
    (``CLEARHOLD_TRUSTED_PROXIES``; clearhold.toolkit.client_address)."""
    return client_address(request)


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        with acting_as(user, path=request.path[:500], ip_address=client_ip(request)):
            return self.get_response(request)
