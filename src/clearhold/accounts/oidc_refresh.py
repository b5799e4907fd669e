"""Re-checking a session begun through the identity provider (OpenID Connect) with the
provider, so a person the organisation has switched off there loses ClearHold within minutes,
not at the end of an eight-hour session.

Every ``CLEARHOLD_OIDC_RECHECK_SECONDS`` (default 900) a page request of such a session goes
to the provider and back without a screen (``prompt=none``): the provider answers at once with
a new code while its own session lives, or with an error (``login_required``) once it has
ended. The callback then signs the person out of ClearHold and sends them to
``/sign-in/?ended=provider``, which says why. A re-check that does not sign the same person in
again (the provider now refuses the address, the account was switched off) ends it the same
way. API calls, JSON, static files and HTMX updates are never redirected: a browser cannot
follow a redirect to another site there, so they wait for the next page, but for one interval
only. Past that they are refused (an HTMX page is told to reload, which checks), as is a form
sent (the library re-checks only GET): a leaver keeping the session cookie could otherwise dress
every request as a fragment, or only ever post, and never be checked until the 8 hours are up.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.contrib import auth
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils.deprecation import MiddlewareMixin
from django.utils.module_loading import import_string
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.middleware import SessionRefresh
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

from clearhold.audit.models import AuditAction
from clearhold.audit.services import audit_record

ENDED_URL = "/sign-in/?ended=provider"
# The states of the re-checks under way in this session (a few at most: one per open tab).
RECHECKS = "clearhold.oidc_rechecks"
KEEP_RECHECKS = 5
# Never re-checked: not pages a browser shows, or the sign-in and provider pages themselves.
NOT_PAGES = ("/api/", "/oidc/", "/sign-in/", "/sign-out/", "/healthz", "/readyz")
# Never refused for a late re-check: the pages that do the check, sign in and out, and probes.
ALWAYS_OPEN = ("/oidc/", "/sign-in/", "/sign-out/", "/healthz", "/readyz")
LATE = "Your organisation's sign-in must be checked again: open or reload a ClearHold page."


def is_page_request(request: HttpRequest) -> bool:
    """Whether the browser is loading a page it will show (a redirect to the provider and back
    works there), not calling the API, fetching JSON, a static file or an HTMX fragment."""
    path = request.path
    static = settings.STATIC_URL or "/static/"
    if path.startswith((static, *NOT_PAGES)) or path.endswith(".json"):
        return False
    if request.headers.get("HX-Request") or request.headers.get("X-Requested-With"):
        return False
    if request.headers.get("Sec-Fetch-Mode", "navigate") != "navigate":
        return False
    return request.accepts("text/html")


def _setting(name: str, default: Any = None) -> property:
    """The library's middleware reads its settings once, at start-up; these read them at each
    request, so a change of settings (a test's provider on its own port) is seen."""
    return property(lambda self: getattr(settings, name, default))


class ProviderRecheck(SessionRefresh):
    """mozilla-django-oidc's ``SessionRefresh``, for pages only, every
    ``CLEARHOLD_OIDC_RECHECK_SECONDS``, remembering which states are re-checks."""

    OIDC_EXEMPT_URLS = _setting("OIDC_EXEMPT_URLS", [])
    OIDC_OP_AUTHORIZATION_ENDPOINT = _setting("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
    OIDC_RP_CLIENT_ID = _setting("OIDC_RP_CLIENT_ID", "")
    OIDC_STATE_SIZE = _setting("OIDC_STATE_SIZE", 32)
    OIDC_AUTHENTICATION_CALLBACK_URL = _setting(
        "OIDC_AUTHENTICATION_CALLBACK_URL", "oidc_authentication_callback"
    )
    OIDC_RP_SCOPES = _setting("OIDC_RP_SCOPES", "openid email")
    OIDC_USE_NONCE = _setting("OIDC_USE_NONCE", True)
    OIDC_NONCE_SIZE = _setting("OIDC_NONCE_SIZE", 32)

    def __init__(self, get_response: Any) -> None:
        MiddlewareMixin.__init__(self, get_response)

    def is_refreshable_url(self, request: HttpRequest) -> bool:
        return (
            bool(self.OIDC_RP_CLIENT_ID)
            and is_page_request(request)
            and super().is_refreshable_url(request)
        )

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        response = super().process_request(request)
        if response is not None and response.status_code == 302:
            state = dict(parse_qsl(urlsplit(response["Location"]).query)).get("state", "")
            kept = request.session.get(RECHECKS, [])
            request.session[RECHECKS] = [*kept, state][-KEEP_RECHECKS:]
        if response is None and self.check_long_overdue(request):
            return _check_first(request)
        return response

    def check_long_overdue(self, request: HttpRequest) -> bool:
        """Whether this request of a session begun through the provider comes more than one
        interval after its re-check fell due. A call with a token (``Authorization``) is judged
        by the token alone, whatever cookie it also sends."""
        static = settings.STATIC_URL or "/static/"
        if not (self.OIDC_RP_CLIENT_ID and request.user.is_authenticated):
            return False
        if request.path.startswith((static, *ALWAYS_OPEN)) or "Authorization" in request.headers:
            return False
        if not _through_provider(request):
            return False
        due = request.session.get("oidc_id_token_expiration", 0)
        return due + settings.CLEARHOLD_OIDC_RECHECK_SECONDS < time.time()


def _through_provider(request: HttpRequest) -> bool:
    backend = request.session.get(auth.BACKEND_SESSION_KEY, "")
    return bool(backend) and issubclass(import_string(backend), OIDCAuthenticationBackend)


def _check_first(request: HttpRequest) -> HttpResponse:
    """A form sent from a page goes back to the page (whose load is checked); anything else is
    refused, and an HTMX page told to reload."""
    if is_page_request(request):
        return HttpResponseRedirect(request.get_full_path(), status=303)
    refused = JsonResponse({"detail": LATE, "errors": {}}, status=401)
    refused["HX-Refresh"] = "true"
    return refused


class ProviderCallbackView(OIDCAuthenticationCallbackView):
    """The provider's callback: a sign-in as before; the answer to a re-check either renews
    the session for another interval or ends it."""

    @staticmethod
    def get_settings(attr: str, *args: Any) -> Any:
        if attr == "OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS":
            return settings.CLEARHOLD_OIDC_RECHECK_SECONDS
        return import_from_settings(attr, *args)

    def get(self, request: HttpRequest) -> HttpResponse:
        state = request.GET.get("state", "")
        before = request.user if request.user.is_authenticated else None
        recheck = bool(state) and before is not None and state in request.session.get(RECHECKS, [])
        response = super().get(request)
        if not recheck:
            return response
        again = getattr(self, "user", None)  # set only when the provider gave a code
        if again is not None and again == before and request.user.is_authenticated:
            request.session[RECHECKS] = [s for s in request.session.get(RECHECKS, []) if s != state]
            return response
        return self._ended(request, before, why=request.GET.get("error", "not signed in again"))

    def _ended(self, request: HttpRequest, person: Any, *, why: str) -> HttpResponse:
        """Signs out whoever the session holds now and says why on the sign-in page."""
        audit_record(
            action=AuditAction.SIGN_OUT,
            obj=person,
            user=person,
            detail=f"identity provider: the session there has ended ({why[:100]})",
        )
        auth.logout(request)
        return HttpResponseRedirect(ENDED_URL)
