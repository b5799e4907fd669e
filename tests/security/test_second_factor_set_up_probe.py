"""Probes of setting up the authenticator app: what someone holding only the password (or a
browser left signed in) can learn of, or do to, another session's unfinished set-up."""

from __future__ import annotations

import re
from base64 import b32encode
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from clearhold.accounts.roles import Role
from clearhold.audit.models import AuditAction, AuditEntry
from tests.accounts.second_factor_helpers import app_code, enrol, sign_in

SET_UP = "/account/second-factor/set-up/"
VERIFY = "/account/second-factor/"
SECRET = re.compile(r'data-testid="secret">([A-Z2-7 ]+)</code>')


@pytest.fixture(autouse=True)
def second_factor_on(settings):
    settings.CLEARHOLD_OTP_REQUIRED = True


def _secret_shown(client: Client) -> str:
    page = client.get(SET_UP)
    assert page.status_code == 200
    return SECRET.search(page.content.decode()).group(1).replace(" ", "")


def _secret_of(device: TOTPDevice) -> str:
    return b32encode(device.bin_key).decode("ascii")


def _pending(client: Client) -> TOTPDevice:
    """The unconfirmed device whose secret this browser's set-up page shows."""
    shown = _secret_shown(client)
    return next(d for d in TOTPDevice.objects.filter(confirmed=False) if _secret_of(d) == shown)


def test_the_thief_confirming_first_leaves_the_owner_asked_for_the_second_factor(administrator):
    """Who confirms first with the password alone wins a first set-up (nothing else tells the
    two apart); the owner's page must then ask for the second factor, not show a new secret
    or quietly confirm the owner's app beside the thief's, and the set-up is audited."""
    owner, thief = Client(), Client()
    sign_in(owner, "administrator")
    sign_in(thief, "administrator")
    owners, thiefs = _pending(owner), _pending(thief)
    assert _secret_of(owners) != _secret_of(thiefs)
    assert thief.post(SET_UP, {"code": app_code(thiefs)}).status_code == 200
    assert not TOTPDevice.objects.filter(pk=owners.pk).exists()
    assert owner.get(SET_UP)["Location"].startswith(VERIFY)
    late = owner.post(SET_UP, {"code": app_code(owners)})
    assert late.status_code == 302
    assert late["Location"].startswith(VERIFY)
    assert list(TOTPDevice.objects.filter(user=administrator).values_list("pk", flat=True)) == [
        thiefs.pk
    ]
    assert AuditEntry.objects.filter(
        action=AuditAction.CHANGE, username="administrator", detail="second factor set up"
    ).exists()


def test_two_sessions_confirming_at_once_cannot_both_set_up_an_app(administrator):
    """The owner's confirmation arriving after the thief's, past the page's own check (both
    requests in flight together), is refused rather than confirming a second app."""
    from clearhold.accounts.second_factor import PENDING_APP, app_enrolment_confirm

    owner, thief = Client(), Client()
    sign_in(owner, "administrator")
    sign_in(thief, "administrator")
    owners, thiefs = _pending(owner), _pending(thief)
    thief.post(SET_UP, {"code": app_code(thiefs)})
    request = RequestFactory().post(SET_UP)
    request.session = owner.session
    assert request.session[PENDING_APP] == owners.pk
    request.user = administrator
    administrator.is_verified = lambda: False
    with pytest.raises(PermissionDenied):
        app_enrolment_confirm(request=request, code=app_code(owners))
    assert TOTPDevice.objects.get(user=administrator, confirmed=True).pk == thiefs.pk


def test_a_set_up_left_by_signing_out_is_gone_and_never_shown_again(administrator):
    owner = Client()
    sign_in(owner, "administrator")
    left = _pending(owner)
    owner.post(reverse("accounts:sign-out"))
    assert not TOTPDevice.objects.filter(pk=left.pk).exists()
    thief = Client()
    sign_in(thief, "administrator")
    assert _secret_shown(thief) != _secret_of(left)


def test_a_set_up_left_by_a_session_that_ran_out_is_never_shown_and_cleared(administrator):
    """A browser closed mid set-up leaves its device behind (no sign-out to drop it): no
    other session is shown it, and once older than any session can live it is deleted."""
    owner = Client()
    sign_in(owner, "administrator")
    left = _pending(owner)
    thief = Client()
    sign_in(thief, "administrator")
    assert _secret_shown(thief) != _secret_of(left)
    assert TOTPDevice.objects.filter(pk=left.pk).exists()
    TOTPDevice.objects.filter(pk=left.pk).update(created_at=timezone.now() - timedelta(hours=9))
    assert _secret_shown(thief) != _secret_of(left)
    assert not TOTPDevice.objects.filter(pk=left.pk).exists()


def test_the_set_up_post_cannot_name_another_sessions_device(administrator):
    """The confirmation checks the code against this session's device only, whatever the form
    names: even the owner's current code (were it seen over a shoulder) confirms nothing."""
    owner, thief = Client(), Client()
    sign_in(owner, "administrator")
    owners = _pending(owner)
    sign_in(thief, "administrator")
    _secret_shown(thief)
    named = {"device": owners.pk, "device_id": owners.pk, "pk": owners.pk}
    named["persistent_id"] = owners.persistent_id
    refused = thief.post(SET_UP, {"code": app_code(owners), **named})
    assert refused.status_code == 200
    assert "Enter the code your authenticator app shows now" in refused.content.decode()
    assert not TOTPDevice.objects.filter(user=administrator, confirmed=True).exists()
    assert TOTPDevice.objects.filter(pk=owners.pk, confirmed=False).exists()
    assert thief.get("/people/").status_code == 302
    assert AuditEntry.objects.filter(
        action=AuditAction.SIGN_IN_FAILED, detail="wrong code while setting up an authenticator app"
    ).exists()


def test_a_browser_signed_in_as_someone_else_does_not_carry_their_set_up(
    administrator, make_user, council
):
    """One browser, two people one after the other without signing out (the sign-in page
    sends a signed-in browser on, so through ``login`` itself): the second is never shown the
    first one's unfinished secret."""
    dpo = make_user("dpo", council, Role.ANALYST)
    dpo.data_protection_officer = True
    dpo.save()
    browser = Client()
    sign_in(browser, "dpo")
    dpos = _pending(browser)
    browser.force_login(administrator, "clearhold.accounts.backends.PasswordBackend")
    assert _secret_shown(browser) != _secret_of(dpos)
    assert TOTPDevice.objects.get(pk=dpos.pk).user == dpo


def test_a_verified_browser_reloading_the_set_up_never_sees_the_confirmed_secret(administrator):
    """A signed-in browser left open must not be able to copy the app already confirmed."""
    browser = Client()
    device, _ = enrol(browser, "administrator")
    assert _secret_shown(browser) != _secret_of(device)


def test_an_administrator_resets_a_persons_app_without_ever_reading_its_secret(
    administrator, make_user, council
):
    """The administration site deletes a lost app (so the person sets one up afresh, and their
    recovery codes still work meanwhile) but never shows an app's secret, set up or being set
    up, nor lets one be written in: either would hand its reader the person's second factor."""
    dpo = make_user("dpo", council, Role.ANALYST)
    dpo.data_protection_officer = True
    dpo.save()
    person = Client()
    device, codes = enrol(person, "dpo")
    pending = _pending(person)
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    admin = Client()
    enrol(admin, "administrator")
    base = "/admin/otp_totp/totpdevice/"
    assert "Dpo Tester" in admin.get(base).content.decode()
    assert admin.get(f"{base}{device.pk}/change/").status_code == 200
    for shown in (device, pending):
        for path in (f"{shown.pk}/config/", f"{shown.pk}/qrcode/", f"{shown.pk}/change/", ""):
            page = admin.get(base + path)
            body = page.content.decode().replace(" ", "")
            assert shown.key not in body, path
            assert _secret_of(shown)[:16] not in body, path
            assert "image/svg" not in page.get("Content-Type", ""), path
    assert admin.get(f"{base}add/").status_code == 403
    admin.post(f"{base}{device.pk}/change/", {"key": "00" * 20, "confirmed": "on"})
    device.refresh_from_db()
    assert device.key != "00" * 20
    assert admin.post(f"{base}{device.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert AuditEntry.objects.filter(
        action=AuditAction.CHANGE,
        username="administrator",
        object_id=str(dpo.pk),
        detail="authenticator app removed by an administrator",
    ).exists()
    again = Client()
    sign_in(again, "dpo")
    assert again.post(VERIFY, {"code": codes[0]}).status_code == 302
    fresh = Client()
    sign_in(fresh, "dpo")
    assert fresh.get("/")["Location"].startswith(SET_UP)
    assert _secret_shown(fresh) not in (_secret_of(device), _secret_of(pending))
