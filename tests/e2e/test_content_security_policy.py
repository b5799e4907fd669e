"""In Chromium, under the Content Security Policy: the app's own scripts run (GOV.UK Frontend, the
Leaflet map, the API docs) and an injected inline script does not."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import csp_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_app_scripts_and_the_map_run_under_the_policy(page, site):
    sign_in(page, "manager", PASSWORD)
    page.goto(f"/sites/{site.pk}/")
    expect(page.locator("body")).to_have_class(
        "govuk-template__body js-enabled govuk-frontend-supported"
    )
    expect(page.locator(".ch-map.leaflet-container")).to_be_visible()
    page.goto("/api/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("ClearHold API")
    # the page fixture fails the test if Chromium reported any policy violation


def test_an_injected_inline_script_is_refused(browser: Browser, live_server, db):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    refused = csp_violations(page)
    page.goto("/sign-in/")
    page.evaluate(
        """() => {
            const script = document.createElement('script')
            script.textContent = 'window.injected = true'
            document.body.appendChild(script)
            const img = document.createElement('img')
            img.setAttribute('onerror', 'window.handler = true')
            img.src = 'data:,broken'
            document.body.appendChild(img)
        }"""
    )
    page.wait_for_timeout(300)
    assert page.evaluate("() => [window.injected, window.handler]") == [None, None]
    assert any("inline script" in message for message in refused)
    context.close()
