"""The API object: its routers, authentication, throttling, error handlers and URLs.

Mounted at ``/api/``; the OpenAPI schema is generated from the typed handlers and served at
``/api/schema``, with the Swagger UI at ``/api/docs`` (its scripts come from the django-ninja
package through our own static files, never from a CDN). Every URL it adds is tagged with the
``API_USE`` action, which the authentication enforces, so the check that every view names an
authorisation action covers the API too; the handlers then check each record with the owning
app's rules.
"""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI

from clearhold.api import errors
from clearhold.api.auth import BearerToken, PerPersonThrottle, Session, as_actor
from clearhold.api.auth import signed_in_or_token as guard
from clearhold.api.permissions import API_USE
from clearhold.api.routes import documents, places, plan, powers, problems, sharing

DESCRIPTION = """The ClearHold partnership's records, with the same rights as the web pages.

**Authentication**: a personal API token (make one under *API* in the service, or with
`clearhold manage api_token create`) sent as `Authorization: Bearer <token>`; a signed-in
browser session also works (writes then need the CSRF token).

**Restricted data**: fields holding personal or special-category data are `null` unless you
send `purpose` saying why you need them and your organisation may see them; every such read is
recorded in the audit trail. Records not shared with you are refused with 403 (and the attempt
is recorded); records that do not exist are 404.

**Pages**: lists take `limit` (at most 200) and `offset` and return `count` and `items`.

**Rate limit**: requests per person per minute are limited; over it you get 429 with
`Retry-After`.

**Errors**: every error body is `{"detail": "...", "errors": {"field": ["..."]}}`.
"""


class ClearHoldApi(NinjaAPI):
    def _get_urls(self) -> list[Any]:
        patterns = super()._get_urls()
        for pattern in patterns:
            if pattern.name in ("openapi-json", "openapi-view", "api-root"):
                pattern.callback = guard(pattern.callback)
            pattern.callback.required_action = API_USE
        return patterns


api = ClearHoldApi(
    title="ClearHold API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    openapi_url="/schema",
    docs_url="/docs",
    auth=[BearerToken(), Session()],
    throttle=[PerPersonThrottle()],
)
api.add_decorator(as_actor)
errors.install(api)
for area in (problems, plan, places, powers, documents, sharing):
    api.add_router("", area.router)
