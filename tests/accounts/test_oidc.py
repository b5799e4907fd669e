"""Sign-in through the organisation's identity provider (OpenID Connect), against a real
provider (Authlib's authorization server) started on 127.0.0.1: the whole code flow, the ID
token signed with RS256 and checked against the provider's JWKS, the user info fetched."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import requests

from clearhold.accounts.models import User
from clearhold.accounts.oidc import BACKEND
from clearhold.accounts.roles import Role
from clearhold.audit.models import AuditAction, AuditEntry
from tests.accounts.oidc_provider import Provider, start

DOMAIN = "council.example.gov.uk"


@pytest.fixture
def provider(settings):
    found = Provider("clearhold-test", "test-client-secret", "http://testserver/oidc/callback/")
    server = start(found)
    settings.OIDC_RP_CLIENT_ID = "clearhold-test"
    settings.OIDC_RP_CLIENT_SECRET = "test-client-secret"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{found.url}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{found.url}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{found.url}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{found.url}/jwks"
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, BACKEND]
    settings.CLEARHOLD_OTP_REQUIRED = True
    # The council's provider is trusted for the council's domains only (and, to reach the "no
    # organisation" refusal, for one domain no organisation has).
    settings.CLEARHOLD_OIDC_DOMAINS = [DOMAIN, "second.example.gov.uk", "elsewhere.example"]
    yield found
    server.shutdown()
    server.server_close()


@pytest.fixture
def council_domain(council):
    council.email_domains = f"{DOMAIN}, @second.example.gov.uk"
    council.save()
    return council


@pytest.fixture
def kate(make_user, council_domain):
    """A council officer whose account's email is at the council's domain."""
    person = make_user("kate", council_domain)
    person.email = f"kate@{DOMAIN}"
    person.save()
    return person


def through_provider(client, provider: Provider, person: dict) -> str:
    """Start at ClearHold, pass the provider's sign-in as ``person``, come back; returns
    where ClearHold sends the browser at the end."""
    provider.person = {"sub": person["email"], **person}
    start_at = client.get("/oidc/authenticate/", {"next": "/people/"})
    assert start_at.status_code == 302
    assert start_at["Location"].startswith(provider.url)
    back = requests.get(start_at["Location"], allow_redirects=False, timeout=10)
    assert back.status_code == 302, back.text
    callback = urlsplit(back.headers["Location"])
    assert callback.path == "/oidc/callback/"
    done = client.get(f"{callback.path}?{callback.query}")
    assert done.status_code == 302
    return done["Location"]


def test_the_sign_in_page_offers_the_provider_when_set_up(client, provider):
    page = client.get("/sign-in/").content.decode()
    assert 'data-testid="provider"' in page


def test_a_known_administrator_signs_in_through_the_provider_without_a_second_factor(
    client, provider, council_domain, administrator
):
    administrator.email = f"Administrator@{DOMAIN}"
    administrator.save()
    landed = through_provider(client, provider, {"email": f"administrator@{DOMAIN}"})
    assert landed == "/people/"
    assert client.session["_auth_user_backend"] == BACKEND
    assert client.get("/people/").status_code == 200
    assert AuditEntry.objects.filter(action=AuditAction.SIGN_IN, username="administrator").exists()


def test_a_new_person_of_a_known_domain_waits_for_an_administrator(
    client, provider, council_domain
):
    person = {"email": f"new.officer@{DOMAIN}", "given_name": "New", "family_name": "Officer"}
    landed = through_provider(client, provider, person)
    assert landed == "/sign-in/?refused=provider"
    made = User.objects.get(email=f"new.officer@{DOMAIN}")
    assert (made.organisation, made.role, made.is_active) == (
        council_domain,
        Role.PARTNER_VIEWER,
        False,
    )
    assert not made.has_usable_password()
    assert "_auth_user_id" not in client.session
    assert "switch it on" in client.get(landed).content.decode()
    made.is_active = True
    made.save()
    assert through_provider(client, provider, person) == "/people/"
    assert client.get("/").status_code == 200


def test_an_email_domain_of_no_organisation_is_refused_and_audited(
    client, provider, council_domain
):
    landed = through_provider(client, provider, {"email": "someone@elsewhere.example"})
    assert landed == "/sign-in/?refused=provider"
    assert not User.objects.filter(email="someone@elsewhere.example").exists()
    assert AuditEntry.objects.filter(
        action=AuditAction.SIGN_IN_FAILED,
        detail="identity provider: no organisation has this email domain",
    ).exists()


def test_a_known_person_of_another_organisation_is_not_matched_by_email(
    client, provider, council_domain, officer
):
    officer.email = f"officer@{DOMAIN}"  # a police officer, whose address names the council
    officer.save()
    landed = through_provider(client, provider, {"email": f"officer@{DOMAIN}"})
    assert landed == "/sign-in/?refused=provider"
    assert "_auth_user_id" not in client.session


def test_the_provider_cannot_vouch_for_another_organisations_staff(
    client, provider, council_domain, police, make_user
):
    """The council's tenant administrators can give an account any address: an address of the
    police's domain, which the provider is not trusted for, signs no one in as police staff
    (an administrator among them, who would skip ClearHold's second factor)."""
    from clearhold.accounts.roles import Role

    police.email_domains = "police.example.gov.uk"
    police.save()
    chief = make_user("police_admin", police, Role.ADMINISTRATOR)
    chief.email = "police.admin@police.example.gov.uk"
    chief.save()
    landed = through_provider(client, provider, {"email": chief.email, "email_verified": True})
    assert landed == "/sign-in/?refused=provider"
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(
        action=AuditAction.SIGN_IN_FAILED,
        detail="identity provider: not trusted for this email domain (CLEARHOLD_OIDC_DOMAINS)",
    ).exists()


def test_local_passwords_still_work_beside_the_provider(client, provider, officer):
    from tests.conftest import PASSWORD

    response = client.post("/sign-in/", {"username": "officer", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_an_organisation_is_created_with_its_staff_email_domains(db):
    from clearhold.accounts.roles import OrganisationType
    from clearhold.accounts.services import organisation_create

    made = organisation_create(
        name="Fenland District Council",
        kind=OrganisationType.COUNCIL,
        email_domains=" fenland.gov.uk, @second.example.gov.uk ",
    )
    assert made.domains() == {"fenland.gov.uk", "second.example.gov.uk"}
