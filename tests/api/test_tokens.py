"""Personal API tokens: only a live token of an active person gets in; the token itself is
never stored; the account page and the command make and revoke them."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from clearhold.api.models import ApiToken
from clearhold.api.tokens import api_token_revoke, token_digest
from clearhold.audit.models import AuditAction, AuditEntry

PROBLEMS = "/api/problems"


def test_no_token_is_401_with_the_bearer_challenge(call, wisbech):
    response = call("GET", PROBLEMS)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "Authorization: Bearer" in response.data["detail"]


@pytest.mark.parametrize(
    "header",
    ["Bearer ch_not-a-real-token", "Bearer ", "Basic dXNlcjpwYXNz", "ch_no_scheme"],
)
def test_unknown_or_malformed_token_is_401(client, wisbech, header):
    response = client.get(PROBLEMS, headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json()["errors"] == {}


def test_revoked_token_is_401(call, wisbech, manager, token_of):
    token = token_of(manager)
    assert call("GET", PROBLEMS, token=token).status_code == 200
    api_token_revoke(user=manager, token=ApiToken.objects.get(user=manager))
    assert call("GET", PROBLEMS, token=token).status_code == 401


def test_token_of_a_closed_account_is_401(call, wisbech, manager, token_of):
    token = token_of(manager)
    manager.is_active = False
    manager.save()
    assert call("GET", PROBLEMS, token=token).status_code == 401


def test_a_bad_token_is_refused_even_with_a_signed_in_session(client, wisbech, manager):
    client.force_login(manager)
    assert client.get(PROBLEMS).status_code == 200
    assert client.get(PROBLEMS, headers={"Authorization": "Bearer ch_wrong"}).status_code == 401


def test_only_the_digest_is_stored_and_use_is_recorded(call, wisbech, manager, token_of):
    token = token_of(manager)
    stored = ApiToken.objects.get(user=manager)
    assert stored.digest == token_digest(token) != token
    assert stored.prefix == token[:10]
    assert token.startswith("ch_")
    assert len(token) > 40
    assert stored.last_used_at is None
    call("GET", PROBLEMS, token=token)
    stored.refresh_from_db()
    assert stored.last_used_at is not None


def test_token_page_shows_a_new_token_once_and_revokes_it(client, manager, call):
    client.force_login(manager)
    made = client.post("/account/api-tokens/", {"name": "weekly report"})
    assert made.status_code == 200
    stored = ApiToken.objects.get(user=manager)
    plain = made.context["made"]["plain"]
    assert token_digest(plain) == stored.digest
    assert plain in made.content.decode()
    again = client.get("/account/api-tokens/")
    assert plain not in again.content.decode()
    assert "weekly report" in again.content.decode()
    assert call("GET", PROBLEMS, token=plain).status_code == 200
    client.post(f"/account/api-tokens/{stored.pk}/revoke/")
    stored.refresh_from_db()
    assert stored.revoked_at is not None
    client.logout()
    assert call("GET", PROBLEMS, token=plain).status_code == 401


def test_token_page_needs_a_name(client, manager):
    client.force_login(manager)
    response = client.post("/account/api-tokens/", {"name": "  "})
    assert "Enter what the token is for" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_nobody_revokes_another_persons_token(client, manager, officer, token_of):
    token_of(manager)
    stored = ApiToken.objects.get(user=manager)
    client.force_login(officer)
    response = client.post(f"/account/api-tokens/{stored.pk}/revoke/")
    assert response.status_code == 403
    stored.refresh_from_db()
    assert stored.revoked_at is None
    assert AuditEntry.objects.filter(action=AuditAction.REFUSED, user=officer).exists()


def test_command_creates_lists_and_revokes(manager, call):
    out = StringIO()
    call_command("api_token", "create", "--user", "manager", "--name", "nightly", stdout=out)
    plain = out.getvalue().strip().splitlines()[-1]
    assert call("GET", PROBLEMS, token=plain).status_code == 200
    stored = ApiToken.objects.get(user=manager)
    listing = StringIO()
    call_command("api_token", "list", "--user", "manager", stdout=listing)
    assert f"{stored.pk}\t{stored.prefix}…\tactive" in listing.getvalue()
    call_command("api_token", "revoke", "--user", "manager", str(stored.pk), stdout=StringIO())
    assert call("GET", PROBLEMS, token=plain).status_code == 401
    created = AuditEntry.objects.filter(object_type="api.apitoken", action=AuditAction.CREATE)
    assert created.get().username == "manager"
    assert "digest" not in created.get().changes


def test_command_names_an_unknown_person(db):
    with pytest.raises(CommandError, match="nobody"):
        call_command("api_token", "create", "--user", "nobody", "--name", "x")


def test_the_trail_records_a_tokens_life_but_not_its_digest(manager, token_of):
    """Declared in ``authz.DECLARED``: name, prefix and dates public, whose token restricted
    (kept all the same: who was given access), the digest a credential never recorded."""
    from clearhold.authz import DataClass, field_class

    assert field_class("api.apitoken", "name") == DataClass.PUBLIC
    assert field_class("api.apitoken", "revoked_at") == DataClass.PUBLIC
    assert field_class("api.apitoken", "user") == DataClass.RESTRICTED
    assert field_class("api.apitoken", "digest") == DataClass.RESTRICTED
    token_of(manager, name="weekly report")
    stored = ApiToken.objects.get(user=manager)
    api_token_revoke(user=manager, token=stored)
    trail = AuditEntry.objects.filter(object_type="api.apitoken", object_id=str(stored.pk))
    created = trail.get(action=AuditAction.CREATE)
    assert created.changes["name"] == [None, "weekly report"]
    assert created.changes["prefix"] == [None, stored.prefix]
    assert created.changes["user_id"] == [None, manager.pk]
    assert "digest" not in created.changes
    assert created.object_repr == str(stored)  # its name, not personal data
    revoked = trail.get(action=AuditAction.CHANGE)
    assert revoked.changes["revoked_at"][1].startswith(str(stored.created_at.year))
