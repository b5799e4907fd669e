"""An inspector on a 390 px phone starts an operation on the estate: taps two blocks on the
map (which ticks their boxes), ticks a third, names it and opens the closures; the operation
page lists the premises in walking order. Every page is checked with axe and for sideways
scrolling (issue 20, item 1)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from clearhold.powers.models import Operation
from clearhold.powers.selectors import operation_closures
from clearhold.problems.models import Problem
from tests.conftest import PASSWORD
from tests.e2e.conftest import screenshot, serious_violations, sign_in
from tests.powers.operations.conftest import (  # noqa: F401  (the estate, for the journey)
    blocks,
    estate,
    estate_inspector,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _checked(page, axe) -> None:
    assert serious_violations(axe, page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


@pytest.mark.usefixtures("estate_inspector")
def test_an_inspector_starts_an_operation_on_a_phone(phone, axe):
    problem = Problem.objects.get()
    page = phone
    sign_in(page, "estate_inspector", PASSWORD)
    page.goto(f"/powers/problems/{problem.pk}/operations/new/")
    expect(page.get_by_role("heading", name="New operation")).to_be_visible()
    _checked(page, axe)
    shapes = page.locator("[data-ch-map] path.leaflet-interactive")
    expect(shapes).to_have_count(10)
    shapes.nth(2).dispatch_event("click")
    shapes.nth(0).dispatch_event("click")
    expect(page.locator("#id_premises-3")).to_be_checked()
    expect(page.locator("#id_premises")).to_be_checked()
    page.get_by_role("checkbox", name="Block B").check()
    page.get_by_label("Name of the operation").fill("Operation Dakota")
    page.get_by_label("Place on the walking route of Block C").fill("1")
    page.get_by_label("24 hours").check()
    screenshot(page, "operation-new-phone")
    page.get_by_role("button", name="Open the closures").click()
    expect(page.get_by_role("heading", name="Operation Dakota")).to_be_visible()
    _checked(page, axe)
    screenshot(page, "operation-page-phone")
    cards = page.locator('[data-testid="operation-premises"]')
    expect(cards).to_have_count(3)
    expect(cards.nth(0)).to_contain_text("Block C")
    expect(cards.nth(1)).to_contain_text("Block A")
    expect(cards.nth(2)).to_contain_text("Block B")
    operation = Operation.objects.get()
    assert [c.site.name for c in operation_closures(operation)] == ["Block C", "Block A", "Block B"]
    page.get_by_role("link", name="Record informing and consulting for every premises").click()
    expect(page.get_by_role("checkbox", name=re.compile("Block C"))).to_be_checked()
    _checked(page, axe)
    page.goto(f"/powers/operations/{operation.pk}/notices/")
    expect(page.get_by_role("heading", name="Issue the closure notices")).to_be_visible()
    _checked(page, axe)
