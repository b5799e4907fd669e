"""Rate limiting: each person has one budget across tokens and session; over it, 429 with
Retry-After; other people are unaffected."""

from __future__ import annotations

from django.test import override_settings


@override_settings(CLEARHOLD_API_RATE="3/min")
def test_fourth_call_in_a_minute_is_429_with_retry_after(
    call, wisbech, manager, partner_viewer, token_of
):
    first, second = token_of(manager, "one"), token_of(manager, "two")
    codes = [call("GET", "/api/problems", token=t).status_code for t in (first, second, first)]
    assert codes == [200, 200, 200]
    over = call("GET", "/api/problems", token=second)
    assert over.status_code == 429
    assert 1 <= int(over["Retry-After"]) <= 60
    assert over.data["detail"].startswith("Too many requests")
    assert call("GET", "/api/problems", token=token_of(partner_viewer)).status_code == 200
