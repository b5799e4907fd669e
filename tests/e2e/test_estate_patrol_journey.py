"""The constable on the estate of an operation of ten blocks, on a 390 px phone (issue 20,
items 3 and 4).

"Use my location" in Block C opens Block C's "May this person be here?" check; tapping Block E
on the map opens Block E's. The dashboard shows the operation as one line that opens onto every
premises' deadlines, and the operation's timeline reads earliest first. Every page is checked
with axe and for sideways scrolling.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import screenshot, serious_violations, sign_in
from tests.powers.operations.conftest import (  # noqa: F401  (the estate and its operation)
    blocks,
    estate,
    estate_constable,
    estate_inspector,
    operation,
)
from tests.powers.operations.conftest_orders import operation_orders  # noqa: F401
from tests.powers.operations.test_standing_in import inside

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _checked(page, axe) -> None:
    assert serious_violations(axe, page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_the_constable_patrols_the_estate(phone, axe, operation, operation_orders):  # noqa: F811
    page = phone
    lon, lat = inside(2)
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": lat, "longitude": lon, "accuracy": 10})
    sign_in(page, "estate_constable", PASSWORD)
    patrol = reverse("powers:operation-patrol", args=[operation.pk])
    page.goto(patrol)
    expect(page.get_by_test_id("block")).to_have_count(10)
    _checked(page, axe)
    screenshot(page, "estate-patrol-phone")

    page.get_by_role("button", name="Use my location").click()
    block_c = operation_orders[2].closure
    page.wait_for_url(f"**{reverse('powers:access', args=[block_c.pk])}")
    expect(page.get_by_role("heading", name="May this person be here?")).to_be_visible()
    expect(page.locator(".govuk-caption-l")).to_contain_text("Block C")

    page.goto(patrol)
    page.locator("path.leaflet-interactive").nth(4).click()
    block_e = operation_orders[4].closure
    page.wait_for_url(f"**{reverse('powers:access', args=[block_e.pk])}")
    expect(page.locator(".govuk-caption-l")).to_contain_text("Block E")

    page.goto(reverse("problems:dashboard"))
    line = page.get_by_test_id("operation-clocks-line")
    expect(line).to_have_count(1)
    expect(line).to_contain_text("Operation Dakota")
    line.get_by_text("Every deadline of Operation Dakota").click()
    expect(line.get_by_role("link", name="Block J").first).to_be_visible()
    _checked(page, axe)

    page.goto(reverse("powers:operation-clocks", args=[operation.pk]))
    expect(page.get_by_test_id("deadline-group").first).to_contain_text("10 premises")
    _checked(page, axe)
    screenshot(page, "operation-deadlines-phone")
