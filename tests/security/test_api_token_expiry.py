"""API tokens expire (issue 15, low 15).

Finding: a personal API token worked for ever: a token pasted into a script, a wiki page or a
leaked file years ago still read restricted data. Reproduced by making a token and using it with
no end date in the model, on the page or in the check.

Must hold: every token expires, 90 days after it is made unless its maker chooses a shorter or
longer time (never past the maximum, refused with a message and nothing stored); the token page
shows when each token expires; an expired token is refused with a message saying that it expired
and when, on the API and on its schema page alike.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone

from clearhold.api.models import ApiToken
from clearhold.api.tokens import api_token_create, max_days

pytestmark = pytest.mark.django_db
API = "/api/incidents"


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()
    yield
    cache.clear()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_token_expires_ninety_days_after_it_is_made_by_default(officer):
    before = timezone.now()
    token, _ = api_token_create(user=officer, name="weekly report")
    assert before + dt.timedelta(days=90) <= token.expires_at
    assert token.expires_at <= timezone.now() + dt.timedelta(days=90)


def test_the_token_page_makes_a_token_for_the_days_chosen_and_shows_when_each_expires(
    client, officer
):
    client.force_login(officer)
    made = client.post("/account/api-tokens/", {"name": "monthly", "days": "30"})
    token = ApiToken.objects.get(user=officer)
    assert abs(token.expires_at - (timezone.now() + dt.timedelta(days=30))) < dt.timedelta(
        minutes=1
    )
    when = timezone.localtime(token.expires_at)
    shown = f"{when.day} {when:%B %Y %H:%M}"
    assert f"It works until {shown}" in made.content.decode()
    listing = client.get("/account/api-tokens/").content.decode()
    assert "Expires" in listing
    assert shown in listing


def test_a_token_longer_than_the_maximum_is_refused_and_nothing_is_stored(client, officer):
    client.force_login(officer)
    page = client.post(
        "/account/api-tokens/", {"name": "forever", "days": str(max_days() + 1)}
    ).content.decode()
    assert f"A token can work for at most {max_days()} days" in page
    assert not ApiToken.objects.exists()
    with pytest.raises(ValidationError, match="from 1 to"):
        api_token_create(user=officer, name="forever", days=max_days() + 1)
    assert not ApiToken.objects.exists()


def test_an_expired_token_is_refused_saying_when_it_expired(client, officer):
    token, plain = api_token_create(user=officer, name="old script", days=1)
    assert client.get(API, headers=bearer(plain)).status_code == 200
    ended = timezone.now() - dt.timedelta(minutes=5)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=ended)
    refused = client.get(API, headers=bearer(plain))
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"].startswith("Bearer")
    detail = refused.json()["detail"]
    local = timezone.localtime(ended)
    assert f"“old script” ({token.prefix}…) expired on {local.day} {local:%B %Y at %H:%M}" in detail
    assert "Make a new one" in detail
    schema = client.get("/api/schema", headers=bearer(plain))
    assert schema.status_code == 401
    assert "expired on" in schema.json()["detail"]


def test_an_expired_token_shows_as_expired_on_the_token_page(client, officer):
    token, _ = api_token_create(user=officer, name="old script")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(days=2))
    client.force_login(officer)
    page = client.get("/account/api-tokens/").content.decode()
    assert "Expired " in page
    assert "Revoke<span" not in page
