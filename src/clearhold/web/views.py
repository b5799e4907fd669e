"""The home page and the refusal and error pages (GOV.UK error pattern)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clearhold.accounts.permissions import IN_ORGANISATION
from clearhold.audit.models import AuditAction
from clearhold.audit.services import audit_record
from clearhold.authz import Refused, permission_required


@permission_required(IN_ORGANISATION)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = getattr(exception, "message", "") or "You do not have permission to see this page."
    audit_record(
        action=AuditAction.REFUSED,
        object_repr=request.path[:300],
        detail=message if isinstance(exception, Refused) else f"{message} ({exception or ''})",
    )
    return render(request, "web/errors/403.html", {"message": message}, status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    audit_record(
        action=AuditAction.REFUSED,
        object_repr=request.path[:300],
        detail=f"form sent without a valid security token: {reason}",
    )
    return render(request, "web/errors/csrf.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "web/errors/500.html", status=500)
