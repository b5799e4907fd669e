"""Probes of sign-in through the organisation's identity provider (issue 21): which claims
may open an account, against the real test provider (tests/accounts/oidc_provider.py)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from django.test import Client

from clearhold.accounts.models import User
from clearhold.accounts.oidc import claimed_email
from clearhold.audit.models import AuditAction, AuditEntry
from tests.accounts.test_oidc import DOMAIN, council_domain, kate, provider, through_provider

__all__ = ["council_domain", "kate", "provider"]  # fixtures
REFUSED = "/sign-in/?refused=provider"


@pytest.mark.parametrize("verified", [False, "false", "False", 0, None])
def test_an_email_the_provider_says_is_unverified_opens_no_account(
    client, provider, kate, verified
):
    landed = through_provider(
        client, provider, {"email": f"kate@{DOMAIN}", "email_verified": verified}
    )
    assert landed == REFUSED
    assert "_auth_user_id" not in client.session


def test_an_email_the_provider_says_is_verified_signs_in(client, provider, kate):
    landed = through_provider(client, provider, {"email": f"kate@{DOMAIN}", "email_verified": True})
    assert landed == "/people/"
    assert client.session["_auth_user_id"] == str(kate.pk)


@pytest.mark.parametrize(
    "email",
    [
        f"\u212aate@{DOMAIN}",  # KELVIN SIGN, which lower() makes a plain k
        f"kate@{DOMAIN.upper().replace('K', chr(0x212A))}",
        f"kate@evil.example@{DOMAIN}",
        f"kate@evil.example\n@{DOMAIN}",
        f"kate @{DOMAIN}",
    ],
)
def test_an_email_with_lookalike_or_extra_characters_is_not_matched(client, provider, kate, email):
    landed = through_provider(client, provider, {"email": email})
    assert landed == REFUSED
    assert "_auth_user_id" not in client.session
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    "email",
    [f"x@evil-{DOMAIN}", f"x@{DOMAIN}.evil.example", f"x@sub.{DOMAIN}", f"x@{DOMAIN}."],
)
def test_a_domain_is_matched_whole_not_by_suffix_or_prefix(client, provider, kate, email):
    assert through_provider(client, provider, {"email": email}) == REFUSED
    assert not User.objects.filter(email=email).exists()


def test_the_email_read_is_the_ascii_address_lowered():
    assert claimed_email({"email": f" Kate@{DOMAIN.upper()} "}) == f"kate@{DOMAIN}"
    assert claimed_email({"email": "", "preferred_username": f"kate@{DOMAIN}"}) == (
        f"kate@{DOMAIN}"
    )
    assert claimed_email({"email": f"\u212aate@{DOMAIN}"}) == ""


def test_the_next_page_after_sign_in_stays_on_the_site(client, provider, kate):
    provider.person = {"sub": "kate", "email": f"kate@{DOMAIN}"}
    start = client.get("/oidc/authenticate/", {"next": "https://evil.example/"})
    assert start.status_code == 302
    assert client.session.get("oidc_login_next") in (None, "")


def test_switching_a_person_off_ends_their_sessions_through_the_provider(client, provider, kate):
    """A leaver switched off by an administrator: signed in through the provider, their
    session must stop working at once, as a password session does."""
    assert through_provider(client, provider, {"email": f"kate@{DOMAIN}"}) == "/people/"
    assert client.get("/people/").status_code == 200
    kate.is_active = False
    kate.save()
    assert client.get("/people/").status_code == 302
    assert client.get("/api/schema").status_code == 401


def test_the_password_form_never_exchanges_a_code_from_the_provider(client, provider, kate):
    """A code planted in the sign-in form's address (taken from someone else's sign-in) must
    not be traded for their tokens outside the callback, which checks its state and nonce."""
    import requests

    provider.person = {"sub": "kate", "email": f"kate@{DOMAIN}"}
    start = Client().get("/oidc/authenticate/")
    back = requests.get(start["Location"], allow_redirects=False, timeout=10)
    planted = dict(parse_qsl(urlsplit(back.headers["Location"]).query))
    assert planted["code"] in provider.codes
    response = client.post(
        f"/sign-in/?code={planted['code']}&state={planted['state']}",
        {"username": "kate", "password": "not-her-password"},
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert planted["code"] in provider.codes  # never sent to the token endpoint


def test_the_admin_sign_in_keeps_next_one_value(client):
    """Issue 22 probe: ``/admin/login/?next=/admin/%26code%3Dx`` redirected to
    ``/sign-in/?next=/admin/&code=x``, adding a parameter of the attacker's to the sign-in
    page's address; ``next`` is now encoded as one value."""
    from urllib.parse import parse_qs, urlsplit

    response = client.get("/admin/login/", {"next": "/admin/&code=planted&state=s"})
    assert response.status_code == 302
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query == {"next": ["/admin/&code=planted&state=s"]}


def test_an_address_given_to_another_account_at_the_provider_does_not_open_its_owners(
    client, provider, kate
):
    """Who someone is at the provider is its subject (``sub``), which never changes; an email
    address is an attribute its administrators (or, in some tenants, the person) can change.
    Once Kate has signed in, another account there given her address (her administrator
    rights in ClearHold included, with no second factor here) must not sign in as her."""
    assert through_provider(client, provider, {"sub": "kate-id", "email": kate.email}) == "/people/"
    other = Client()
    landed = through_provider(other, provider, {"sub": "helpdesk-id", "email": kate.email})
    assert landed == REFUSED
    assert "_auth_user_id" not in other.session
    assert User.objects.count() == 1
    assert AuditEntry.objects.filter(
        action=AuditAction.SIGN_IN_FAILED,
        detail="identity provider: this address belongs to another account there",
    ).exists()


def test_a_person_whose_address_changed_at_the_provider_is_still_themselves(client, provider, kate):
    assert through_provider(client, provider, {"sub": "kate-id", "email": kate.email}) == "/people/"
    again = Client()
    landed = through_provider(again, provider, {"sub": "kate-id", "email": f"kate.smith@{DOMAIN}"})
    assert landed == "/people/"
    assert again.session["_auth_user_id"] == str(kate.pk)
    assert User.objects.count() == 1


def test_an_address_taken_at_the_provider_by_someone_else_opens_no_new_account_either(
    client, provider, kate, make_user, council_domain
):
    """Kate's provider account, once bound, cannot be made to sign in as Liam by giving it
    Liam's address: the subject already names Kate's ClearHold account."""
    liam = make_user("liam", council_domain)
    liam.email = f"liam@{DOMAIN}"
    liam.save()
    assert through_provider(client, provider, {"sub": "kate-id", "email": kate.email}) == "/people/"
    other = Client()
    landed = through_provider(other, provider, {"sub": "kate-id", "email": liam.email})
    assert landed == "/people/"
    assert other.session["_auth_user_id"] == str(kate.pk)  # Kate, never Liam


def test_an_address_longer_than_an_address_can_be_is_refused(client, provider, council_domain):
    """254 characters at most (RFC 5321), the column's size: a longer one made an account
    whose address PostgreSQL refused to store, and the callback failed with a server error."""
    email = f"{'k' * 250}@{DOMAIN}"
    assert claimed_email({"email": email}) == ""
    assert through_provider(client, provider, {"email": email}) == REFUSED
    assert not User.objects.exists()


def test_a_person_given_another_partners_address_is_refused_not_given_a_second_account(
    client, provider, kate, police
):
    """Kate's provider account given an address of the police's domain (one the provider is
    trusted for) must neither open a police account nor make one: moving between partners
    is an administrator's change, with the role that goes with it."""
    police.email_domains = "elsewhere.example"
    police.save()
    assert through_provider(client, provider, {"sub": "kate-id", "email": kate.email}) == "/people/"
    other = Client()
    landed = through_provider(
        other, provider, {"sub": "kate-id", "email": "kate@elsewhere.example"}
    )
    assert landed == REFUSED
    assert User.objects.count() == 1
    assert AuditEntry.objects.filter(
        action=AuditAction.SIGN_IN_FAILED,
        detail="identity provider: this person's account here is in another organisation",
    ).exists()
