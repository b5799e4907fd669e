"""Marking a page as holding personal data, so each view of it is written to the audit trail."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse

from clearhold.audit.models import AuditAction
from clearhold.audit.services import audit_record


def holds_personal_data(object_type: str, describe: str) -> Callable:
    """Record a VIEW entry each time the decorated view successfully shows its page."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                audit_record(
                    action=AuditAction.VIEW,
                    object_type=object_type,
                    object_id=str(kwargs.get("pk", "")),
                    object_repr=describe,
                    detail=request.get_full_path()[:500],
                )
            return response

        wrapped.holds_personal_data = True  # type: ignore[attr-defined]
        return wrapped

    return decorate
