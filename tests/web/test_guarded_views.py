"""Every page is guarded by a rule that guards: none is reachable without a rule, no rule says yes
to everyone, and a page about a problem asks its rule about that very problem.

The guard of a page of a problem names a loader (``permission_required(action, load)``) that
finds the problem from the URL; its rule must refuse a stranger to that problem. A page with no
object (a list filtered through the association checker, a form to open something new, the
person's own organisation) names a rule about the person alone, and even that rule must refuse
someone: no rule may answer yes for an arbitrary active account. The API's operations are guarded
by ``api.use`` and check each record in the handler (swept by tests/web/test_idor_sweep.py).
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from clearhold.accounts.models import User
from clearhold.accounts.roles import OrganisationType, Role
from clearhold.accounts.services import organisation_create
from clearhold.authz import can, registered_actions, rule_of

OPEN_PAGES = {"accounts:sign-in", "accounts:sign-out"}
# Sign-in through the organisation's identity provider (OpenID Connect), before anyone is known.
OPEN_PAGES |= {"oidc_authentication_init", "oidc_authentication_callback", "oidc_logout"}
# The public reporting pages: residents report a problem and check a reference without an account.
OPEN_PAGES |= {
    "resident_reports:index",
    "resident_reports:report",
    "resident_reports:sent",
    "resident_reports:check",
}
# Residents answer the survey without an account: by a household code or an event's link.
OPEN_PAGES |= {"residents:code", "residents:answer", "residents:event", "residents:thanks"}
# A load balancer's health and readiness probes: JSON about the service, nothing about anyone.
OPEN_PAGES |= {"serving:healthz", "serving:readyz"}
# Pages whose id names a record of no problem: sites and incident imports are shared with the
# whole partnership by design, and the subject-access export is the data protection officer's.
# Their rules are about the person (role, flag), not the record.
OF_NO_PROBLEM = re.compile(r"^(evaluation|hotspots|incidents|places|audit):")


def _views(resolver, prefix: str = "", namespace: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            yield from _views(
                pattern, prefix + str(pattern.pattern), pattern.namespace or namespace
            )
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
            yield name, prefix + str(pattern.pattern), pattern.callback


def _pages():
    """Every web page (not the API's operations), with its path and view."""
    return [v for v in _views(get_resolver()) if v[0] not in OPEN_PAGES and "api-v1" not in v[0]]


def test_every_view_outside_admin_names_an_authorisation_action():
    unguarded = [
        name
        for name, _, view in _views(get_resolver())
        if name not in OPEN_PAGES
        and getattr(view, "required_action", None) not in registered_actions()
    ]
    assert unguarded == []


def test_every_page_with_an_id_loads_its_object_for_the_guard():
    unloaded = [
        name
        for name, path, view in _pages()
        if re.search(r"<(?:\w+:)?(pk|id|\w+_pk|\w+_id)>", path)
        and getattr(view, "object_loader", None) is None
        and not OF_NO_PROBLEM.match(name)
    ]
    assert unloaded == []


@pytest.fixture
def nobody(db) -> User:
    """An active account of the weakest kind: no organisation, a partner viewer."""
    return User.objects.create(username="nobody", role=Role.PARTNER_VIEWER, is_active=True)


@pytest.fixture
def stranger(make_user) -> User:
    """A partner viewer of an organisation in no partnership."""
    elsewhere = organisation_create(name="Unrelated Trust", kind=OrganisationType.VOLUNTARY)
    return make_user("stranger", elsewhere, Role.PARTNER_VIEWER)


def test_no_rule_answers_yes_for_an_arbitrary_active_account(nobody):
    says_yes = [a for a in registered_actions() if rule_of(a).predicate(nobody, None)]
    assert says_yes == []


def test_every_rule_a_page_asks_about_a_problem_refuses_a_stranger_to_it(stranger, problem):
    object_rules = {
        view.required_action
        for _, _, view in _pages()
        if hasattr(getattr(view, "object_loader", None), "model")  # authz.problem_in_url
    }
    assert object_rules, "no page loads its object for the guard"
    for action in sorted(object_rules):
        assert not rule_of(action).predicate(stranger, None), f"{action} says yes to no object"
        assert not can(stranger, action, problem), f"{action} says yes to a stranger"


def test_unknown_actions_and_anonymous_users_are_refused(officer):
    from django.contrib.auth.models import AnonymousUser

    assert not can(officer, "no.such.action")
    assert not can(AnonymousUser(), "problems.list")
    assert can(officer, "problems.list")
