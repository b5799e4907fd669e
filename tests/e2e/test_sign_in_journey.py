"""The first journey every user takes: sign in, see their organisation, sign out."""

import re

import pytest
from playwright.sync_api import expect

from clearhold.audit.models import AuditAction, AuditEntry
from tests.conftest import PASSWORD
from tests.e2e.conftest import screenshot, serious_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_sign_in_see_organisation_and_sign_out(page, officer):
    sign_in(page, "officer", PASSWORD)
    expect(page.get_by_test_id("organisation")).to_have_text("Test Constabulary")
    expect(page.get_by_role("heading", level=1)).to_have_text("Test Constabulary")
    screenshot(page, "home")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/$"))


def test_wrong_password_five_times_is_throttled(page, officer):
    for attempt in range(4):
        sign_in(page, "officer", f"wrong-password-{attempt}")
        expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a correct username")
    sign_in(page, "officer", "wrong-password-4")
    expect(page.get_by_test_id("locked-out")).to_be_visible()
    sign_in(page, "officer", PASSWORD)
    expect(page.get_by_test_id("locked-out")).to_be_visible()
    assert AuditEntry.objects.filter(action=AuditAction.LOCKED_OUT, username="officer").exists()
    assert not AuditEntry.objects.filter(action=AuditAction.SIGN_IN).exists()


def test_sign_in_and_home_pages_have_no_serious_accessibility_violations(page, axe, officer):
    page.goto("/sign-in/")
    assert serious_violations(axe, page) == []
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert serious_violations(axe, page) == []
    sign_in(page, "officer", PASSWORD)
    expect(page.get_by_test_id("organisation")).to_be_visible()
    assert serious_violations(axe, page) == []


def test_home_page_works_on_a_phone(phone, officer):
    sign_in(phone, "officer", PASSWORD)
    expect(phone.get_by_test_id("organisation")).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page is {width}px wide on a 390px phone: it scrolls sideways"
    menu = phone.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    menu.click()
    expect(
        phone.get_by_role("navigation", name="Menu").get_by_role("link", name="People")
    ).to_be_visible()
    screenshot(phone, "home-phone")


def test_partner_viewer_opening_admin_sees_refusal_page(page, partner_viewer):
    sign_in(page, "viewer", PASSWORD)
    page.goto("/admin/")
    expect(page.get_by_test_id("refusal")).to_have_text(
        "Only administrators can open the admin area."
    )
