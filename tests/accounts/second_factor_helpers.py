"""Codes as an authenticator app would show them, for the second-factor tests."""

from __future__ import annotations

import re
import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD


def app_code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the app shows now (or ``steps_ahead`` 30-second steps later: a code already
    used is refused, as RFC 6238 advises, so a second sign-in uses the next step's)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def sign_in(client, username: str) -> None:
    response = client.post("/sign-in/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]


def enrol(client, username: str) -> tuple[TOTPDevice, list[str]]:
    """Sign in and set up the app through the pages; returns the device and recovery codes."""
    sign_in(client, username)
    page = client.get("/account/second-factor/set-up/")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user__username=username, confirmed=False)
    shown = client.post("/account/second-factor/set-up/", {"code": app_code(device)})
    assert shown.status_code == 200
    codes = re.findall(r"<code>([A-Z0-9]{5}-[A-Z0-9]{5})</code>", shown.content.decode())
    device.refresh_from_db()
    return device, codes
