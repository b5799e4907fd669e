"""The second factor in a browser: a data protection officer sets up an authenticator app from
the QR page, keeps the recovery codes, signs in again with one, and sees where they are signed
in."""

from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from clearhold.accounts.roles import Role
from tests.conftest import PASSWORD
from tests.e2e.conftest import screenshot, serious_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def dpo(make_user, council, settings):
    settings.CLEARHOLD_OTP_REQUIRED = True
    person = make_user("dpo", council, Role.ANALYST)
    person.data_protection_officer = True
    person.save()
    return person


def test_set_up_the_app_then_sign_in_with_a_recovery_code(page, axe, dpo):
    sign_in(page, "dpo", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    expect(page.get_by_test_id("qr").locator("svg")).to_be_visible()
    assert serious_violations(axe, page) == []
    screenshot(page, "second-factor-set-up")
    secret = page.get_by_test_id("secret").inner_text().replace(" ", "")
    page.get_by_label("Code", exact=True).fill(f"{TOTP(b32decode(secret)).token():06d}")
    page.get_by_role("button", name="Confirm").click()
    codes = page.get_by_test_id("recovery-codes").locator("li")
    expect(codes).to_have_count(10)
    first = codes.first.inner_text()
    page.get_by_role("link", name="Continue").click()
    expect(page.get_by_test_id("organisation")).to_have_text("Test District Council")

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "dpo", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enter the code from your authenticator app"
    )
    assert serious_violations(axe, page) == []
    page.get_by_label("Code", exact=True).fill(first)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_test_id("organisation")).to_have_text("Test District Council")

    page.get_by_test_id("your-sessions").click()
    expect(page.get_by_test_id("session")).to_have_count(1)
    expect(page.get_by_test_id("this-session")).to_be_visible()
    assert serious_violations(axe, page) == []
    screenshot(page, "your-sessions")
