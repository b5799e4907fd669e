"""A session begun through the identity provider is re-checked with it (prompt=none) every
CLEARHOLD_OIDC_RECHECK_SECONDS, against the real test provider: it goes on while the provider
still has the person signed in, and ends, with the reason shown, once it has not."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from clearhold.accounts.oidc_refresh import ENDED_URL
from clearhold.audit.models import AuditAction, AuditEntry
from tests.accounts.test_oidc import DOMAIN, council_domain, kate, provider, through_provider

__all__ = ["council_domain", "kate", "provider"]  # fixtures
PAGE = "/people/"


@pytest.fixture
def signed_in(client, provider, kate):
    assert through_provider(client, provider, {"email": kate.email}) == PAGE
    return client


def interval_passes(client) -> None:
    session = client.session
    session["oidc_id_token_expiration"] = time.time() - 1
    session.save()


def goes_to_provider(response, provider) -> bool:
    return response.status_code == 302 and response["Location"].startswith(provider.url)


def recheck(client, provider, page: str = PAGE):
    """Load ``page``; it must go to the provider without a screen and come back. Returns
    ClearHold's answer at the callback."""
    went = client.get(page)
    assert goes_to_provider(went, provider), went
    assert parse_qs(urlsplit(went["Location"]).query)["prompt"] == ["none"]
    back = requests.get(went["Location"], allow_redirects=False, timeout=10)
    assert back.status_code == 302, back.text
    callback = urlsplit(back.headers["Location"])
    assert callback.path == "/oidc/callback/"
    return client.get(f"{callback.path}?{callback.query}")


def test_the_session_goes_on_while_the_provider_still_has_the_person(signed_in, provider, kate):
    interval_passes(signed_in)
    answer = recheck(signed_in, provider)
    assert (answer.status_code, answer["Location"]) == (302, PAGE)
    assert signed_in.session["_auth_user_id"] == str(kate.pk)
    assert signed_in.session["oidc_id_token_expiration"] > time.time() + 800
    assert signed_in.get(PAGE).status_code == 200


def test_the_session_ends_once_the_provider_has_signed_the_person_out(signed_in, provider, kate):
    provider.person = {}  # signed out there, or switched off in the organisation's directory
    assert signed_in.get(PAGE).status_code == 200  # not yet: the interval has not passed
    interval_passes(signed_in)
    answer = recheck(signed_in, provider)
    assert (answer.status_code, answer["Location"]) == (302, ENDED_URL)
    assert "_auth_user_id" not in signed_in.session
    page = signed_in.get(ENDED_URL).content.decode()
    assert 'data-testid="provider-ended"' in page
    assert "your organisation’s sign-in has ended" in page
    assert signed_in.get(PAGE).status_code == 302  # to the sign-in page
    assert AuditEntry.objects.filter(
        action=AuditAction.SIGN_OUT,
        username="kate",
        detail="identity provider: the session there has ended (login_required)",
    ).exists()


@pytest.mark.parametrize("change", ["domain no longer trusted", "another person there"])
def test_a_recheck_that_does_not_sign_the_same_person_in_ends_the_session(
    signed_in, provider, settings, make_user, council_domain, change
):
    if change == "domain no longer trusted":
        settings.CLEARHOLD_OIDC_DOMAINS = ["second.example.gov.uk"]
    else:
        other = make_user("liam", council_domain)
        other.email = f"liam@{DOMAIN}"
        other.save()
        provider.person = {"sub": other.email, "email": other.email}
    interval_passes(signed_in)
    answer = recheck(signed_in, provider)
    assert answer["Location"] == ENDED_URL
    assert "_auth_user_id" not in signed_in.session


def test_the_interval_is_the_setting(client, provider, kate, settings):
    settings.CLEARHOLD_OIDC_RECHECK_SECONDS = 60
    through_provider(client, provider, {"email": kate.email})
    left = client.session["oidc_id_token_expiration"] - time.time()
    assert 50 < left <= 60


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/api/problems", {}),
        ("/hotspots/map.json", {}),
        ("/static/clearhold/app.css", {}),
        (PAGE, {"HTTP_ACCEPT": "application/json"}),
        (PAGE, {"HTTP_HX_REQUEST": "true"}),
        (PAGE, {"HTTP_SEC_FETCH_MODE": "cors"}),
    ],
)
def test_api_json_static_and_fragments_are_not_sent_to_the_provider(
    signed_in, provider, path, headers
):
    interval_passes(signed_in)
    assert not goes_to_provider(signed_in.get(path, **headers), provider)
    # The next page is: the same session, only the kind of request differs.
    assert goes_to_provider(signed_in.get(PAGE, HTTP_ACCEPT="text/html,*/*;q=0.8"), provider)


def test_a_password_session_is_never_sent_to_the_provider(client, provider, officer):
    from tests.conftest import PASSWORD

    client.post("/sign-in/", {"username": "officer", "password": PASSWORD})
    assert client.get("/").status_code == 200
    assert "oidc_id_token_expiration" not in client.session
