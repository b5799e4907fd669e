"""One shape for every error the API returns, and the handlers that produce it.

Every error body is ``{"detail": "<sentence>", "errors": {"<field>": ["<message>", ...]}}``:
``detail`` is what a person reads, ``errors`` names the fields at fault (empty when none). A
refusal is a 403 carrying the rule's own sentence and is written to the audit trail exactly as
the web's 403 handler writes it; an object that does not exist is a 404; a service's
validation error is a 422 with the service's messages.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as InputError

from clearhold.audit.models import AuditAction
from clearhold.audit.services import audit_record
from clearhold.authz import Refused

UNAUTHENTICATED = (
    "Sign in, or send a personal API token as “Authorization: Bearer <token>”; "
    "the token given is missing, unknown or revoked."
)


class Error(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


ERROR_CODES = (400, 401, 403, 404, 422, 429)


def responses(ok: Any, *, status: int = 200) -> dict[int, Any]:
    """The response map of an operation: its success body and every error it can return."""
    return {status: ok, **dict.fromkeys(ERROR_CODES, Error)}


def _body(detail: str, errors: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"detail": detail, "errors": errors or {}}


def _field(loc: Any) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "filters")]
    return ".".join(parts) or "request"


def install(api: NinjaAPI) -> None:
    """Register the handlers on ``api``."""

    def respond(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = respond(request, 401, _body(getattr(exc, "detail", UNAUTHENTICATED)))
        response["WWW-Authenticate"] = 'Bearer realm="ClearHold API"'
        return response

    @api.exception_handler(PermissionDenied)
    def refused(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        message = getattr(exc, "message", "") or "You do not have permission to do that."
        audit_record(
            action=AuditAction.REFUSED,
            object_repr=request.path[:300],
            detail=message if isinstance(exc, Refused) else f"{message} ({exc or ''})",
            user=getattr(request, "auth", None),
        )
        return respond(request, 403, _body(message))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, _body(str(exc) or "Not found."))

    @api.exception_handler(DjangoValidationError)
    def invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        if hasattr(exc, "error_dict"):
            errors = {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
            detail = " ".join(m for messages in errors.values() for m in messages)
        else:
            errors, detail = {}, " ".join(exc.messages)
        return respond(request, 422, _body(detail, errors))

    @api.exception_handler(InputError)
    def bad_input(request: HttpRequest, exc: InputError) -> HttpResponse:
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            errors.setdefault(_field(error.get("loc", ())), []).append(str(error.get("msg", "")))
        detail = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in errors.items())
        return respond(request, 422, _body(detail or "The request is not valid.", errors))

    @api.exception_handler(Throttled)
    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        wait = max(1, int(exc.wait or 1))
        body = _body(f"Too many requests: try again in {wait} seconds.")
        response = respond(request, 429, body)
        response["Retry-After"] = str(wait)
        return response

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return respond(request, exc.status_code, _body(str(exc)))
