"""CSRF everywhere: no view is exempt from the check unless listed here with the reason, and a
form sent without its token is refused (403) on every URL, storing nothing."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

# namespace → why its views may skip Django's CSRF middleware
EXEMPT = {
    "api-v1": "django-ninja marks its views exempt and checks the CSRF token itself when the "
    "session cookie authenticates (Session(SessionAuth), csrf=True); a Bearer token is sent by "
    "a program, never added by a browser, so it cannot be forged across sites",
}
ARGUMENT = re.compile(r"<(?:(\w+):)?(\w+)>")
FILLER = {"int": "1", "slug": "resident_letter", "str": "csv", "path": "x"}


def patterns(resolver=None, prefix: str = "", namespace: str = ""):
    """(namespace, route, view) of every URL the service answers, admin included."""
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from patterns(pattern, route, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern):
            yield namespace, route, pattern.callback


def concrete(route: str) -> str:
    path = ARGUMENT.sub(lambda m: FILLER.get(m.group(1) or "str", "1"), route)
    return "/" + path.lstrip("^").rstrip("$").replace("\\Z", "")


def test_no_view_is_exempt_from_csrf_unless_explained():
    exempt = [
        f"{namespace or '-'}: {route}"
        for namespace, route, view in patterns()
        if getattr(view, "csrf_exempt", False) and namespace not in EXEMPT
    ]
    assert exempt == []


def test_a_form_without_its_token_is_refused_on_every_url(officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    answered = {}
    for namespace, route, _view in patterns():
        if namespace in EXEMPT or "(?P" in route:
            continue
        url = concrete(route)
        answered[url] = client.post(url, {"title": "sent without a token"}).status_code
    refused = {url: status for url, status in answered.items() if status == 403}
    assert answered == refused
    assert len(refused) > 60


def test_an_api_write_with_the_session_cookie_needs_the_csrf_token(officer, problem):
    from clearhold.problems.models import Objective

    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    response = client.post(
        f"/api/problems/{problem.pk}/objectives",
        {"title": "sent without a token"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "CSRF" in response.content.decode()
    assert not Objective.objects.exists()
