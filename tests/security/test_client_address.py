"""Forged X-Forwarded-For (issue 21): the address the sign-in lock-out counts by and the audit
trail writes comes from X-Forwarded-For only when the direct peer is a trusted proxy
(CLEARHOLD_TRUSTED_PROXIES). Reproduced with the test client, as nginx on 127.0.0.1 would
forward: a client writing someone else's address, or a new one each try, must not dodge its
lock-out, lock out someone else, or put a forged address in the trail."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from clearhold.audit.models import AuditAction, AuditEntry
from clearhold.toolkit.client_address import client_address
from tests.conftest import PASSWORD

ATTACKER, PERSON, FORGED = "203.0.113.66", "198.51.100.7", "192.0.2.1"
NGINX = "127.0.0.1"


@pytest.fixture
def behind_nginx(settings):
    settings.CLEARHOLD_TRUSTED_PROXIES = [NGINX]


def forwarded(*hops: str) -> dict[str, str]:
    """The headers nginx ($proxy_add_x_forwarded_for) passes on: the client's own claim, if
    any, then the address nginx saw."""
    return {"REMOTE_ADDR": NGINX, "HTTP_X_FORWARDED_FOR": ", ".join(hops)}


def address(settings, trusted: list[str], **meta: str) -> str | None:
    settings.CLEARHOLD_TRUSTED_PROXIES = trusted
    return client_address(RequestFactory().get("/", **meta))


@pytest.mark.parametrize(
    ("trusted", "meta", "expected"),
    [
        ([], {"REMOTE_ADDR": ATTACKER, "HTTP_X_FORWARDED_FOR": FORGED}, ATTACKER),
        ([], forwarded(FORGED, ATTACKER), NGINX),  # nginx not trusted: its own address
        ([NGINX], {"REMOTE_ADDR": ATTACKER, "HTTP_X_FORWARDED_FOR": FORGED}, ATTACKER),
        ([NGINX], forwarded(ATTACKER), ATTACKER),
        ([NGINX], forwarded(FORGED, ATTACKER), ATTACKER),  # the claim left of nginx's is not read
        ([NGINX], forwarded("not-an-address", ATTACKER), ATTACKER),
        ([NGINX], forwarded(ATTACKER, "not-an-address"), NGINX),
        ([NGINX, "10.0.0.0/8"], forwarded(FORGED, ATTACKER, "10.1.2.3"), ATTACKER),
        ([NGINX], forwarded(NGINX), NGINX),  # a request from the machine itself
        ([NGINX], {"REMOTE_ADDR": NGINX}, NGINX),
        ([NGINX], {"REMOTE_ADDR": "::ffff:127.0.0.1", "HTTP_X_FORWARDED_FOR": ATTACKER}, ATTACKER),
        (["::1"], {"REMOTE_ADDR": "::1", "HTTP_X_FORWARDED_FOR": "2001:db8::5"}, "2001:db8::5"),
        (["not a network"], forwarded(FORGED), NGINX),  # a malformed entry trusts nothing
    ],
)
def test_the_client_address_believes_only_trusted_proxies(settings, trusted, meta, expected):
    assert address(settings, trusted, **meta) == expected


def sign_in(client, password: str, **meta: str):
    return client.post("/sign-in/", {"username": "officer", "password": password}, **meta)


def test_a_new_forged_address_each_try_does_not_dodge_the_lock_out(client, officer):
    """No trusted proxy (ClearHold reached directly): the header is the client's own text."""
    for n in range(5):
        sign_in(client, "wrong-password-123", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert sign_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


def test_behind_nginx_a_forged_address_does_not_dodge_the_lock_out(client, officer, behind_nginx):
    for n in range(5):
        sign_in(client, "wrong-password-123", **forwarded(f"192.0.2.{n}", ATTACKER))
    assert sign_in(client, PASSWORD, **forwarded("192.0.2.99", ATTACKER)).status_code == 429


def test_behind_nginx_one_address_locked_out_leaves_the_person_elsewhere_in(
    client, officer, behind_nginx
):
    """Before, every request came from nginx's 127.0.0.1: an attacker's five tries locked the
    officer out wherever they were."""
    for _ in range(5):
        sign_in(client, "wrong-password-123", **forwarded(ATTACKER))
    assert sign_in(client, PASSWORD, **forwarded(ATTACKER)).status_code == 429
    assert sign_in(client, PASSWORD, **forwarded(PERSON)).status_code == 302


def test_the_audit_trail_writes_the_address_nginx_saw_not_the_forged_one(
    client, officer, behind_nginx
):
    sign_in(client, "wrong-password-123", **forwarded(FORGED, ATTACKER))
    sign_in(client, PASSWORD, **forwarded(FORGED, PERSON))
    failed = AuditEntry.objects.get(action=AuditAction.SIGN_IN_FAILED)
    signed_in = AuditEntry.objects.get(action=AuditAction.SIGN_IN)
    assert (failed.ip_address, signed_in.ip_address) == (ATTACKER, PERSON)


def test_without_a_trusted_proxy_the_audit_trail_ignores_the_header(client, officer):
    sign_in(client, PASSWORD, REMOTE_ADDR=PERSON, HTTP_X_FORWARDED_FOR=FORGED)
    assert AuditEntry.objects.get(action=AuditAction.SIGN_IN).ip_address == PERSON
