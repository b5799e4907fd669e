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
