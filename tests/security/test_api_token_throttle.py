"""Failed API token attempts are throttled (issue 15, low 15).

Finding: nothing limited wrong tokens: a script could try tokens as fast as the server answered
(the per-person rate limit only counts callers who got in). Reproduced by sending 50 made-up
tokens in a row: 50 times 401, never slowed.

Must hold: after 10 refused tokens in 10 minutes from one address, or with one token prefix
(whatever the address), token calls from that address or with that prefix get 429 with
``Retry-After`` (even with a good token, so a lucky guess tells nothing) until the oldest failure
is 10 minutes old; other addresses and prefixes, and signed-in sessions, are unaffected.
"""

from __future__ import annotations

import secrets

import pytest
from django.core.cache import cache

from clearhold.api import token_failures
from clearhold.api.tokens import api_token_create

pytestmark = pytest.mark.django_db
API = "/api/incidents"


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()
    yield
    cache.clear()


def attempt(client, token: str, ip: str = "203.0.113.5"):
    return client.get(API, headers={"Authorization": f"Bearer {token}"}, REMOTE_ADDR=ip)


def guess(prefix: str = "ch_") -> str:
    return prefix + secrets.token_urlsafe(32)[: 43 - len(prefix) + 3]


def test_ten_failures_from_one_address_lock_it_out_even_with_a_good_token(client, officer):
    good = api_token_create(user=officer, name="script")[1]
    assert [attempt(client, guess()).status_code for _ in range(10)] == [401] * 10
    locked = attempt(client, guess())
    assert locked.status_code == 429
    assert 1 <= int(locked["Retry-After"]) <= 600
    assert locked.json()["detail"].startswith("Too many requests")
    assert attempt(client, good).status_code == 429
    assert attempt(client, good, ip="198.51.100.7").status_code == 200
    client.force_login(officer)
    assert client.get(API, REMOTE_ADDR="203.0.113.5").status_code == 200


def test_ten_failures_with_one_prefix_lock_out_that_prefix_from_every_address(client):
    prefix = "ch_AbCdEfG"
    for n in range(10):
        assert attempt(client, guess(prefix), ip=f"192.0.2.{n}").status_code == 401
    assert attempt(client, guess(prefix), ip="192.0.2.200").status_code == 429
    assert attempt(client, guess("ch_zzzzzzz"), ip="192.0.2.201").status_code == 401


def test_malformed_headers_count_as_failures(client):
    for _ in range(10):
        response = client.get(API, headers={"Authorization": "Basic dXNlcjpwYXNz"})
        assert response.status_code == 401
    assert client.get(API, headers={"Authorization": "Basic dXNlcjpwYXNz"}).status_code == 429


def test_the_schema_page_is_throttled_too(client):
    for _ in range(10):
        assert attempt(client, guess()).status_code == 401
    schema = client.get(
        "/api/schema", headers={"Authorization": f"Bearer {guess()}"}, REMOTE_ADDR="203.0.113.5"
    )
    assert schema.status_code == 429
    assert int(schema["Retry-After"]) >= 1


def test_the_lock_lifts_once_the_failures_are_ten_minutes_old(client, officer, monkeypatch):
    good = api_token_create(user=officer, name="script")[1]
    clock = [1_000_000.0]
    monkeypatch.setattr(token_failures.time, "time", lambda: clock[0])
    for _ in range(10):
        attempt(client, guess())
        clock[0] += 1
    assert attempt(client, good).status_code == 429
    clock[0] += 600 - 10
    assert attempt(client, good).status_code == 200


def test_good_tokens_do_not_count(client, officer):
    good = api_token_create(user=officer, name="script")[1]
    assert {attempt(client, good).status_code for _ in range(15)} == {200}
