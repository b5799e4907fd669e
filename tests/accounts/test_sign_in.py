"""Sign in and out, refusals, throttling: each refusal changes nothing and is audited."""

import pytest
from django.test import Client
from django.urls import reverse

from clearhold.audit.models import AuditAction, AuditEntry
from tests.conftest import PASSWORD

SIGN_IN = "/sign-in/"


def sign_in(client: Client, username: str, password: str):
    return client.post(SIGN_IN, {"username": username, "password": password})


def test_sign_in_shows_home_with_organisation_then_sign_out(client, officer):
    response = sign_in(client, "officer", PASSWORD)
    assert response.status_code == 302
    home = client.get("/")
    assert "Test Constabulary" in home.content.decode()
    assert AuditEntry.objects.filter(action=AuditAction.SIGN_IN, username="officer").exists()
    out = client.post(reverse("accounts:sign-out"))
    assert out.status_code == 200
    assert client.get("/").status_code == 302
    assert AuditEntry.objects.filter(action=AuditAction.SIGN_OUT, username="officer").exists()


def test_anonymous_home_redirects_to_sign_in(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=/")


@pytest.mark.parametrize(
    ("username", "reason"), [("nobody", "unknown user"), ("officer", "wrong password")]
)
def test_bad_credentials_refused_with_one_message_and_audited(client, officer, username, reason):
    response = sign_in(client, username, "not-the-password-123")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter a correct username and password" in body
    assert "govuk-error-summary" in body
    entry = AuditEntry.objects.get(action=AuditAction.SIGN_IN_FAILED)
    assert entry.username == username
    assert entry.detail == reason
    assert "_auth_user_id" not in client.session


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, officer):
    for _ in range(5):
        sign_in(client, "officer", "not-the-password-123")
    locked = sign_in(client, "officer", PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action=AuditAction.LOCKED_OUT, username="officer").exists()


def test_sign_in_without_csrf_token_is_refused_and_audited(officer):
    client = Client(enforce_csrf_checks=True)
    response = sign_in(client, "officer", PASSWORD)
    assert response.status_code == 403
    assert "missing its security token" in response.content.decode()
    assert "_auth_user_id" not in client.session
    refusal = AuditEntry.objects.get(action=AuditAction.REFUSED)
    assert "security token" in refusal.detail
    assert not AuditEntry.objects.filter(action=AuditAction.SIGN_IN).exists()


def test_partner_viewer_opening_admin_is_refused_and_audited(client, partner_viewer):
    client.force_login(partner_viewer)
    for path in ("/admin/", "/admin/accounts/user/", "/admin/audit/auditentry/"):
        response = client.get(path)
        assert response.status_code == 403, path
        assert "Only administrators can open the admin area." in response.content.decode()
    refusals = AuditEntry.objects.filter(action=AuditAction.REFUSED, username="viewer")
    assert refusals.count() == 3
    assert refusals.first().organisation == "Test Outreach Trust"


def test_anonymous_admin_goes_to_sign_in_not_admin_login(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/sign-in/" in response.url or "/admin/login/" in response.url
    follow = client.get(response.url, follow=True)
    assert follow.redirect_chain == [] or follow.redirect_chain[-1][0].startswith("/sign-in/")


def test_administrator_opens_admin(client, administrator):
    client.force_login(administrator)
    assert client.get("/admin/").status_code == 200
