"""Probes of the second factor (issue 21): what someone holding only a password can reach."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.second_factor_helpers import app_code, enrol, sign_in

SET_UP = "/account/second-factor/set-up/"
VERIFY = "/account/second-factor/"


@pytest.fixture(autouse=True)
def second_factor_on(settings):
    settings.CLEARHOLD_OTP_REQUIRED = True


def test_a_password_alone_cannot_replace_the_app_and_so_skip_the_second_factor(administrator):
    owner = Client()
    device, _ = enrol(owner, "administrator")
    thief = Client()
    sign_in(thief, "administrator")
    page = thief.get(SET_UP)
    assert page.status_code == 302
    assert page["Location"].startswith(VERIFY)
    assert not TOTPDevice.objects.filter(user=administrator, confirmed=False).exists()
    own_app = TOTPDevice.objects.create(user=administrator, name="thief", confirmed=False)
    thief.post(SET_UP, {"code": app_code(own_app)})
    assert TOTPDevice.objects.filter(pk=device.pk, confirmed=True).exists()
    assert thief.get("/people/").status_code == 302


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/"),
        ("get", "/people/"),
        ("get", "/account/sessions/"),
        ("get", "/account/api-tokens/"),
        ("post", "/account/api-tokens/"),
        ("get", "/admin/"),
        ("get", "/admin/password_change/"),
        ("get", "/api/schema"),
        ("get", "/hotspots/map.json"),
        ("get", "/audit/"),
        ("get", "/oidc/authenticate/"),
        ("get", "/oidc/callback/?code=x&state=y"),
    ],
)
def test_nothing_but_the_second_factor_opens_after_the_password(administrator, method, path):
    enrol(Client(), "administrator")
    half = Client()
    sign_in(half, "administrator")
    response = getattr(half, method)(path)
    assert response.status_code == 302, (path, response.status_code)
    assert response["Location"].startswith(f"{VERIFY}?next=")


def test_the_person_pages_of_sessions_wait_for_the_second_factor(administrator, officer):
    enrol(Client(), "administrator")
    half = Client()
    sign_in(half, "administrator")
    assert half.get(f"/people/{officer.pk}/sessions/")["Location"].startswith(VERIFY)
    assert half.post(f"/people/{officer.pk}/sessions/")["Location"].startswith(VERIFY)


def test_a_wrong_code_five_times_signs_out_and_recovery_codes_work_once(administrator):
    _, codes = enrol(Client(), "administrator")
    half = Client()
    sign_in(half, "administrator")
    assert half.post(VERIFY, {"code": codes[0]}).status_code == 302
    again = Client()
    sign_in(again, "administrator")
    assert again.post(VERIFY, {"code": codes[0]}).status_code == 200
    for _ in range(4):
        again.post(VERIFY, {"code": "AAAAA-AAAAA"})
    assert "_auth_user_id" not in again.session


def test_replacing_the_app_in_a_verified_session_asks_for_the_password_again(administrator):
    """A borrowed or stolen signed-in browser must not swap the owner's app for another."""
    from tests.conftest import PASSWORD

    browser = Client()
    device, _ = enrol(browser, "administrator")
    assert "id_password" in browser.get(SET_UP).content.decode()
    other = TOTPDevice.objects.get(user=administrator, confirmed=False)
    refused = browser.post(SET_UP, {"code": app_code(other)})
    assert refused.status_code == 200
    assert "Enter your password" in refused.content.decode()
    assert TOTPDevice.objects.filter(pk=device.pk, confirmed=True).exists()
    wrong = browser.post(SET_UP, {"code": app_code(other), "password": "not-it"})
    assert wrong.status_code == 200
    assert TOTPDevice.objects.filter(pk=device.pk, confirmed=True).exists()
    done = browser.post(SET_UP, {"code": app_code(other, 1), "password": PASSWORD})
    assert done.status_code == 200
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert TOTPDevice.objects.get(user=administrator, confirmed=True).pk == other.pk


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_no_sign_in_step_sends_the_browser_off_the_site(administrator, target):
    from tests.conftest import PASSWORD

    owner = Client()
    device, _ = enrol(owner, "administrator")
    browser = Client()
    signed = browser.post(
        f"/sign-in/?next={target}", {"username": "administrator", "password": PASSWORD}
    )
    assert "evil.example" not in signed["Location"]
    given = browser.post(VERIFY, {"code": app_code(device, 1), "next": target})
    assert given.status_code == 302
    assert given["Location"] == "/"


def test_a_path_dressed_as_a_static_file_is_not_open_before_the_second_factor(administrator):
    enrol(Client(), "administrator")
    half = Client()
    sign_in(half, "administrator")
    for path in ("/static/../people/", "/static/%2e%2e/people/"):
        assert half.get(path).status_code in (302, 404)


def test_a_second_browser_with_the_password_never_sees_the_secret_being_set_up(administrator):
    """The set-up page showed every session the same unconfirmed secret (so a reload keeps the
    app already scanned): someone holding only the password, looking while the owner set up
    their app (or after they left it half done), kept a copy of the owner's second factor."""
    from base64 import b32encode

    from tests.conftest import PASSWORD

    owner, thief = Client(), Client()
    sign_in(owner, "administrator")
    assert owner.get(SET_UP).status_code == 200
    pending = TOTPDevice.objects.get(user=administrator, confirmed=False)
    secret = b32encode(pending.bin_key).decode("ascii")
    sign_in(thief, "administrator")
    seen = thief.get(SET_UP).content.decode().replace(" ", "")
    assert secret[:16] not in seen
    assert owner.get(SET_UP).content.decode().replace(" ", "").count(secret[:16]) >= 1
    done = owner.post(SET_UP, {"code": app_code(pending), "password": PASSWORD})
    assert done.status_code == 200
    assert TOTPDevice.objects.get(user=administrator, confirmed=True).pk == pending.pk
