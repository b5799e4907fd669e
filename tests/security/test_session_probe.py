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


def test_a_session_whose_key_changed_is_still_listed_and_ended(make_user, council):
    """Changing one's password (the admin area's form) gives the session a new key
    (``update_session_auth_hash``). Its note went with the old key's row, so the session was
    neither listed nor ended by "sign out everywhere": someone who had taken over the account
    and changed its password kept their session after an administrator ended them all."""
    from tests.conftest import PASSWORD

    intruder, admin = Client(), Client()
    make_user("taken", council, Role.ADMINISTRATOR)
    make_user("keeper", council, Role.ADMINISTRATOR)
    sign_in(intruder, "taken")
    before = intruder.session.session_key
    changed = intruder.post(
        "/admin/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "another-long-password-2026",
            "new_password2": "another-long-password-2026",
        },
    )
    assert changed.status_code == 302, changed.content[:300]
    assert intruder.session.session_key != before
    assert intruder.get("/").status_code == 200
    assert SignedInSession.objects.filter(session_id=intruder.session.session_key).exists()
    sign_in(admin, "keeper")
    taken = SignedInSession.objects.get(session_id=intruder.session.session_key).user
    assert admin.post(f"/people/{taken.pk}/sessions/").status_code == 302
    assert intruder.get("/").status_code == 302


def test_signing_a_person_out_everywhere_revokes_their_api_tokens_too(make_user, council):
    """Someone who took over an account makes an API token (a way in that lasts up to a
    year); the administrator who then signs the person out everywhere must shut that way in
    too, and must find the button even when no browser session is left."""
    from clearhold.api.tokens import api_token_create

    taken = make_user("taken", council, Role.OFFICER)
    make_user("keeper", council, Role.ADMINISTRATOR)
    _, plain = api_token_create(user=taken, name="intruder's script")
    script = Client(HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert script.get("/api/schema").status_code == 200
    admin = Client()
    sign_in(admin, "keeper")
    page = admin.get(f"/people/{taken.pk}/sessions/").content.decode()
    assert "out everywhere" in page
    assert admin.post(f"/people/{taken.pk}/sessions/").status_code == 302
    assert script.get("/api/schema").status_code == 401
