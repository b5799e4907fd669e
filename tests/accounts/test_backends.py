"""The session's user is read with their organisation (every page's menu and rules ask it),
by the same rules as Django's model backend: a switched-off or removed account is nobody."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from clearhold.accounts.backends import PasswordBackend
from clearhold.accounts.models import User
from tests.conftest import PASSWORD


def test_the_user_comes_with_their_organisation(officer, police):
    with CaptureQueriesContext(connection) as ran:
        user = PasswordBackend().get_user(officer.pk)
        assert user.organisation.name == police.name
    assert len(ran.captured_queries) == 1


def test_a_switched_off_or_removed_account_is_nobody(officer):
    User.objects.filter(pk=officer.pk).update(is_active=False)
    assert PasswordBackend().get_user(officer.pk) is None
    assert PasswordBackend().get_user(officer.pk + 1000) is None


def test_a_password_sign_in_is_kept_by_this_backend(client, officer):
    signed_in = client.post("/sign-in/", {"username": officer.username, "password": PASSWORD})
    assert signed_in.status_code == 302
    assert client.session["_auth_user_backend"] == "clearhold.accounts.backends.PasswordBackend"
    with CaptureQueriesContext(connection) as ran:
        assert client.get("/").wsgi_request.user.organisation_id == officer.organisation_id
    assert not [q for q in ran.captured_queries if 'FROM "accounts_organisation"' in q["sql"]]
