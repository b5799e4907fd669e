"""Probes of the signed-in sessions pages (issue 21): what the list shows, who may end whose
session, and that an ended session opens nothing, the API included."""

from __future__ import annotations

from django.test import Client

from clearhold.accounts.models import SignedInSession
from clearhold.accounts.roles import Role
from clearhold.accounts.services import organisation_create
from tests.accounts.second_factor_helpers import sign_in


def test_the_list_names_sessions_by_an_opaque_number_never_their_key(officer):
    phone, desk = Client(), Client()
    sign_in(phone, "officer")
    sign_in(desk, "officer")
    page = desk.get("/account/sessions/").content.decode()
    for note in SignedInSession.objects.all():
        assert note.session_id not in page
        assert f"/account/sessions/{note.pk}/end/" in page


def test_an_ended_session_opens_neither_the_pages_nor_the_api(officer):
    phone, desk = Client(), Client()
    sign_in(phone, "officer")
    sign_in(desk, "officer")
    assert phone.get("/api/schema").status_code == 200
    ended = SignedInSession.objects.get(session_id=phone.session.session_key)
    assert desk.post(f"/account/sessions/{ended.pk}/end/").status_code == 302
    assert phone.get("/api/schema").status_code == 401
    assert phone.get("/").status_code == 302


def test_nobody_of_another_organisation_sees_or_ends_a_persons_sessions(make_user, officer):
    elsewhere = organisation_create(name="Elsewhere Council", kind="council")
    outsiders = [
        make_user("othermanager", elsewhere, Role.PARTNERSHIP_MANAGER),
        make_user("otheradmin", elsewhere, Role.ADMINISTRATOR),
    ]
    mine = Client()
    sign_in(mine, "officer")
    note = SignedInSession.objects.get(user=officer)
    for outsider in outsiders:
        browser = Client()
        sign_in(browser, outsider.username)
        assert browser.get(f"/people/{officer.pk}/sessions/").status_code == 403
        assert browser.post(f"/people/{officer.pk}/sessions/").status_code == 403
        assert browser.post(f"/account/sessions/{note.pk}/end/").status_code == 403
    assert mine.get("/").status_code == 200
