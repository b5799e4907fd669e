"""Every page is guarded by the authorisation layer: none is reachable without a rule."""

from django.urls import URLPattern, URLResolver, get_resolver

from clearhold.authz import can, registered_actions

OPEN_PAGES = {"accounts:sign-in", "accounts:sign-out"}


def _views(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            yield from _views(pattern, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern):
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern.callback


def test_every_view_outside_admin_names_an_authorisation_action():
    unguarded = [
        name
        for name, view in _views(get_resolver())
        if name not in OPEN_PAGES
        and getattr(view, "required_action", None) not in registered_actions()
    ]
    assert unguarded == []


def test_unknown_actions_and_anonymous_users_are_refused(officer):
    from django.contrib.auth.models import AnonymousUser

    assert not can(officer, "no.such.action")
    assert not can(AnonymousUser(), "service.use")
    assert can(officer, "service.use")
