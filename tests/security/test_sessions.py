"""Sessions end after 30 minutes idle and 8 hours after signing in, and sign-in attempts are
throttled per username and address (django-axes)."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from hypothesis import given
from hypothesis import strategies as st

from clearhold.audit.models import AuditAction, AuditEntry
from clearhold.web import security
from clearhold.web.security import session_expired
from tests.conftest import PASSWORD

MINUTE = 60
START = 1_800_000_000


class Clock:
    def __init__(self) -> None:
        self.now = START

    def advance(self, minutes: int) -> None:
        self.now += minutes * MINUTE


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(security, "_now", lambda: clock.now)
    return clock


def sign_in(client, username: str = "officer", password: str = PASSWORD):
    return client.post("/sign-in/", {"username": username, "password": password})


def signed_in(client) -> bool:
    return client.get("/").status_code == 200


def test_thirty_idle_minutes_sign_the_user_out_with_a_message(client, officer, clock):
    assert sign_in(client).status_code == 302
    clock.advance(29)
    assert signed_in(client)
    clock.advance(31)
    home = client.get("/", follow=True)
    assert home.redirect_chain[-1][0].startswith("/sign-in/")
    assert "You were signed out after 30 minutes without activity." in home.content.decode()
    assert AuditEntry.objects.filter(action=AuditAction.SIGN_OUT, username="officer").exists()
    assert not signed_in(client)


def test_activity_keeps_the_session_until_the_absolute_limit_of_eight_hours(client, officer, clock):
    sign_in(client)
    for _ in range(23):  # a request every 20 minutes: 7 h 40 min
        clock.advance(20)
        assert signed_in(client)
    clock.advance(25)  # 8 h 5 min after signing in, 25 minutes idle
    page = client.get("/", follow=True)
    assert "You were signed out 8 hours after signing in." in page.content.decode()
    assert not signed_in(client)


def test_signing_in_again_starts_both_clocks_afresh(client, officer, clock):
    sign_in(client)
    clock.advance(45)
    assert not signed_in(client)
    sign_in(client)
    clock.advance(25)
    assert signed_in(client)


@given(
    idle=st.integers(0, 20 * 60 * 60),
    age=st.integers(0, 20 * 60 * 60),
)
def test_a_session_ends_exactly_when_a_limit_is_passed(idle, age):
    age = max(age, idle)
    reason = session_expired(signed_in_at=START - age, last_seen=START - idle, now=START)
    assert bool(reason) == (idle > 30 * MINUTE or age > 8 * 60 * MINUTE)


def test_five_failures_lock_that_username_from_that_address_for_fifteen_minutes(
    client, officer, make_user, police
):
    make_user("colleague", police)
    for _ in range(5):
        sign_in(client, "officer", "not-the-password-123")
    assert sign_in(client).status_code == 429
    assert AuditEntry.objects.filter(action=AuditAction.LOCKED_OUT, username="officer").exists()
    # The lock is for that username: a colleague at the same address still signs in.
    assert sign_in(client, "colleague").status_code == 302
    client.post("/sign-out/")
    # Fifteen minutes later (the failures are that old) the right password works again.
    old = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16)
    AccessAttempt.objects.filter(username="officer").update(attempt_time=old)
    assert sign_in(client).status_code == 302


def test_four_failures_do_not_lock(client, officer):
    for _ in range(4):
        assert sign_in(client, "officer", "not-the-password-123").status_code == 200
    assert sign_in(client).status_code == 302
