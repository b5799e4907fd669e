"""Probes of the re-check of a session begun through the identity provider (issue 21 review).

The re-check sends a browser's page loads to the provider; requests that are not page loads
(an API call, JSON, an HTMX fragment, a POST) are let through while the check is due. A leaver
whose organisation has switched them off keeps their session cookie: they must not be able to
keep reading and writing by dressing every request as a fragment or by only ever posting."""

from __future__ import annotations

import time

import pytest

from tests.accounts.test_oidc import council_domain, kate, provider
from tests.accounts.test_oidc_recheck import PAGE, goes_to_provider, signed_in

__all__ = ["council_domain", "kate", "provider", "signed_in"]  # fixtures


def overdue(client, settings, *, intervals: float) -> None:
    """The re-check fell due ``intervals`` re-check intervals ago."""
    session = client.session
    session["oidc_id_token_expiration"] = (
        time.time() - intervals * settings.CLEARHOLD_OIDC_RECHECK_SECONDS
    )
    session.save()


DRESSED = [
    ("get", PAGE, {"HTTP_HX_REQUEST": "true"}),
    ("get", PAGE, {"HTTP_ACCEPT": "application/json"}),
    ("get", PAGE, {"HTTP_SEC_FETCH_MODE": "cors"}),
    ("get", PAGE, {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}),
    ("get", "/api/problems", {}),
    ("get", "/hotspots/map.json", {}),
    ("post", "/account/sessions/", {"HTTP_HX_REQUEST": "true"}),
]


@pytest.mark.parametrize(("method", "path", "headers"), DRESSED)
def test_a_request_never_sent_to_the_provider_is_refused_once_the_check_is_long_overdue(
    signed_in, provider, settings, method, path, headers
):
    provider.person = {}  # switched off in the organisation's directory
    overdue(signed_in, settings, intervals=1.5)
    answer = getattr(signed_in, method)(path, **headers)
    assert answer.status_code == 401, (answer.status_code, answer.content[:200])
    assert answer["HX-Refresh"] == "true"  # an HTMX page reloads, and its load is checked
    # The session itself is kept: the next page load goes to the provider as before.
    assert goes_to_provider(signed_in.get(PAGE), provider)


def test_a_form_sent_once_the_check_is_long_overdue_goes_back_to_its_page_to_be_checked(
    signed_in, provider, settings
):
    """The library re-checks only GET: a leaver who only ever posts was never checked."""
    provider.person = {}
    overdue(signed_in, settings, intervals=1.5)
    answer = signed_in.post("/account/sessions/", HTTP_ACCEPT="text/html")
    assert (answer.status_code, answer["Location"]) == (303, "/account/sessions/")
    assert goes_to_provider(signed_in.get(answer["Location"]), provider)


@pytest.mark.parametrize(("method", "path", "headers"), DRESSED[:6])
def test_within_one_interval_of_falling_due_they_still_pass(
    signed_in, provider, settings, method, path, headers
):
    overdue(signed_in, settings, intervals=0.5)
    answer = getattr(signed_in, method)(path, **headers)
    assert answer.status_code == 200


def test_a_token_call_is_judged_by_its_token_not_by_an_overdue_session(
    signed_in, provider, settings, kate
):
    from clearhold.api.tokens import api_token_create

    _, plain = api_token_create(user=kate, name="script")
    overdue(signed_in, settings, intervals=3)
    answer = signed_in.get("/api/problems", HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert answer.status_code == 200


def test_a_recheck_does_not_restart_the_eight_hours_a_session_may_last(
    signed_in, provider, settings, kate
):
    """A sign-in starts the session's clocks afresh (``user_logged_in``); the re-check must
    not count as one (mozilla-django-oidc skips ``auth.login`` for the same person), or a
    session re-checked every 15 minutes would never reach its 8-hour limit."""
    from tests.accounts.test_oidc_recheck import recheck

    started = int(time.time()) - settings.SESSION_COOKIE_AGE + 60
    session = signed_in.session
    session["clearhold.signed_in_at"] = started
    session.save()
    overdue(signed_in, settings, intervals=0.1)
    answer = recheck(signed_in, provider)
    assert (answer.status_code, answer["Location"]) == (302, PAGE)
    assert signed_in.session["clearhold.signed_in_at"] == started
    session = signed_in.session
    session["clearhold.signed_in_at"] = started - 120  # the 8 hours are up
    session.save()
    assert signed_in.get(PAGE).status_code == 302
    assert "_auth_user_id" not in signed_in.session
