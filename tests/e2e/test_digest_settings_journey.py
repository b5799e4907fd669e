"""An inspector on a phone finds the email digest on their account pages, is told plainly when
they choose nothing for it to list, and turns it to weekly closure deadlines only — axe-clean."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from clearhold.notifications.models import DigestSettings
from tests.conftest import PASSWORD
from tests.e2e.conftest import screenshot, serious_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_choose_a_weekly_digest_of_closure_deadlines(phone, axe, inspector):
    sign_in(phone, "inspector", PASSWORD)
    phone.goto("/account/api-tokens/")
    phone.get_by_role("link", name="Email digest").click()
    expect(phone.get_by_role("heading", name="Email digest")).to_be_visible()
    expect(phone.get_by_label("Send me a digest")).to_be_checked()
    assert serious_violations(axe, phone) == []

    for kind in ("Closure deadlines", "Overdue actions", "Reviews due"):
        phone.get_by_label(kind).uncheck()
    phone.get_by_role("button", name="Save").click()
    expect(phone).to_have_title("Error: Email digest – ClearHold")
    expect(phone.locator(".govuk-error-summary")).to_contain_text("Choose at least one thing")
    assert serious_violations(axe, phone) == []

    phone.get_by_label("Once a week").check()
    phone.get_by_label("Closure deadlines").check()
    phone.get_by_role("button", name="Save").click()
    expect(phone.get_by_text("Saved your email digest settings.")).to_be_visible()
    screenshot(phone, "digest-settings-phone")
    saved = DigestSettings.objects.get(user=inspector)
    assert (saved.enabled, saved.frequency, saved.kinds) == (True, "weekly", ("clocks",))
