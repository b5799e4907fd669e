"""Signed-in sessions: each sign-in noted, listed to its person alone, ended on request (and
by an administrator of the person's organisation, never of another)."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from clearhold.accounts.models import SignedInSession
from clearhold.accounts.roles import Role
from clearhold.accounts.services import organisation_create
from clearhold.audit.models import AuditAction, AuditEntry
from tests.accounts.second_factor_helpers import sign_in

SESSIONS = "/account/sessions/"


def browser(user_agent: str) -> Client:
    return Client(HTTP_USER_AGENT=user_agent, REMOTE_ADDR="192.0.2.7")


def test_each_sign_in_is_listed_with_its_browser_and_this_one_marked(officer):
    phone, desk = browser("Phone browser"), browser("Desk browser")
    sign_in(phone, "officer")
    sign_in(desk, "officer")
    page = desk.get(SESSIONS).content.decode()
    assert page.count('data-testid="session"') == 2
    assert "Phone browser" in page
    assert "192.0.2.7" in page
    assert page.count('data-testid="this-session"') == 1
    mine = page.split('data-testid="this-session"')[0].rsplit('data-testid="session"', 1)[1]
    assert "Desk browser" in mine


def test_the_list_shows_only_your_own_sessions(officer, partner_viewer):
    theirs, mine = browser("Their browser"), browser("My browser")
    sign_in(theirs, "viewer")
    sign_in(mine, "officer")
    page = mine.get(SESSIONS).content.decode()
    assert "My browser" in page
    assert "Their browser" not in page


def test_signing_out_this_way_ends_the_other_session_and_is_audited(officer):
    phone, desk = browser("Phone browser"), browser("Desk browser")
    sign_in(phone, "officer")
    sign_in(desk, "officer")
    note = SignedInSession.objects.get(user_agent="Phone browser")
    response = desk.post(f"/account/sessions/{note.pk}/end/")
    assert response.status_code == 302
    assert phone.get("/").status_code == 302
    assert desk.get("/").status_code == 200
    assert not Session.objects.filter(session_key=note.session_id).exists()
    assert AuditEntry.objects.filter(
        action=AuditAction.SIGN_OUT, detail__startswith="session ended by themselves"
    ).exists()


def test_you_cannot_end_someone_elses_session(officer, partner_viewer):
    theirs, mine = browser("Their browser"), browser("My browser")
    sign_in(theirs, "viewer")
    sign_in(mine, "officer")
    note = SignedInSession.objects.get(user=partner_viewer)
    assert mine.post(f"/account/sessions/{note.pk}/end/").status_code == 403
    assert theirs.get("/").status_code == 200


def test_signing_out_forgets_the_session(client, officer):
    sign_in(client, "officer")
    assert SignedInSession.objects.filter(user=officer).count() == 1
    client.post("/sign-out/")
    assert not SignedInSession.objects.filter(user=officer).exists()


def test_administrator_signs_a_colleague_out_everywhere(make_user, council, administrator):
    colleague = make_user("colleague", council, Role.OFFICER)
    theirs, admin = browser("Colleague browser"), browser("Admin browser")
    sign_in(theirs, "colleague")
    sign_in(admin, "administrator")
    page = admin.get(f"/people/{colleague.pk}/sessions/").content.decode()
    assert "Colleague browser" in page
    assert "Admin browser" not in page
    assert admin.post(f"/people/{colleague.pk}/sessions/").status_code == 302
    assert theirs.get("/").status_code == 302
    assert AuditEntry.objects.filter(
        action=AuditAction.SIGN_OUT, detail__startswith="session ended by administrator"
    ).exists()


@pytest.fixture
def other_administrator(make_user):
    elsewhere = organisation_create(name="Elsewhere Council", kind="council")
    return make_user("otheradmin", elsewhere, Role.ADMINISTRATOR)


def test_an_administrator_of_another_organisation_cannot_end_yours(officer, other_administrator):
    mine, admin = browser("My browser"), browser("Admin browser")
    sign_in(mine, "officer")
    sign_in(admin, "otheradmin")
    assert admin.get(f"/people/{officer.pk}/sessions/").status_code == 403
    assert admin.post(f"/people/{officer.pk}/sessions/").status_code == 403
    assert mine.get("/").status_code == 200
    assert SignedInSession.objects.filter(user=officer).count() == 1


def test_a_non_administrator_cannot_end_a_colleagues_sessions(make_user, police, officer):
    colleague = make_user("colleague", police, Role.SUPERVISOR)
    theirs, mine = browser("Their browser"), browser("My browser")
    sign_in(theirs, "colleague")
    sign_in(mine, "officer")
    assert mine.post(f"/people/{colleague.pk}/sessions/").status_code == 403
    assert theirs.get("/").status_code == 200


def test_the_user_admin_page_links_to_the_persons_sessions(client, administrator, officer):
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    sign_in(client, "administrator")
    page = client.get(f"/admin/accounts/user/{officer.pk}/change/").content.decode()
    assert f"/people/{officer.pk}/sessions/" in page
