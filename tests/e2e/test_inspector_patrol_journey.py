"""The police inspector on patrol, on a 390 px phone (issue 17, items 1–3 and 5).

Under the Wisbech partial order (residents, their invited visitors, the emergency services and
named staff), a visitor to Flat 3 whose invitation nobody knows shows amber, "Ask who invited
them", with the clause; told no resident invited them, the check turns red, and "Record a
breach" opens the form with the check's answers carried over (who, the flat, the answer with
its clause, the time of the check), where "Use my location" works. On the dashboard, another
closure's hearing, booked after the 48 hours from service (s.80(3),(4)), is red, and red on its
closure page. Every page is checked with axe and for sideways scrolling.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clearhold.law import UK
from clearhold.places.models import Unit
from clearhold.powers.models import Breach, EngagementKind
from clearhold.powers.services import closure_open, engagement_record, service_record
from tests.conftest import PASSWORD
from tests.e2e.conftest import read_date, screenshot, serious_violations, sign_in
from tests.powers.conftest import issue

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _checked(page, axe) -> None:
    """axe clean, and nothing wider than the phone (on a phone the layout viewport grows to fit
    what overflows, so compare with the screen's 390 px, not with ``innerWidth``)."""
    assert serious_violations(axe, page) == []
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def _hearing_booked_too_late(problem, site, inspector, constable):
    """A second closure: its notice served now, its hearing booked three days on."""
    closure, _ = closure_open(
        user=inspector,
        problem=problem,
        site=site,
        premises_description="The garages behind Onyx Court, Wisbech",
        premises_kind="land",
    )
    now = timezone.now().astimezone(UK).replace(second=0, microsecond=0)
    for kind in (
        EngagementKind.INFORM_OCCUPIERS,
        EngagementKind.INFORM_INTERESTED,
        EngagementKind.CONSULT,
    ):
        engagement_record(user=inspector, closure=closure, kind=kind, who="Clarion Housing", at=now)
    notice, _ = issue(
        closure,
        inspector,
        issued_at=now,
        hearing_at=now + dt.timedelta(days=3),
    )
    service_record(user=constable, notice=notice, act="a", served_at=now, detail="Gate")
    return closure


def test_the_inspector_on_patrol(phone, axe, live_order, inspector, constable, problem, site):
    page = phone
    for name in ("Flat 10", "Flat 2", "Flat 1", "Flat 3"):
        Unit.objects.create(site=site, name=name, address=f"{name}, Onyx Court, Wisbech")
    late = _hearing_booked_too_late(problem, site, inspector, constable)
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 52.6645, "longitude": 0.1595, "accuracy": 12})

    sign_in(page, "inspector", PASSWORD)
    page.goto("/powers/patrol/")
    under_order = page.get_by_test_id("patrol-closure").filter(has_text="Partial closure order")
    under_order.get_by_role("link", name="May this person be here?").click()
    page.get_by_label("Visiting a resident").check()
    page.get_by_label("Flat or unit (if any)").fill("Flat 3")
    page.get_by_label("Not known").check()
    page.get_by_role("button", name="Check").click()
    decision = page.get_by_test_id("decision")
    expect(decision).to_have_attribute("data-verdict", "ask")
    expect(decision.get_by_role("heading")).to_have_text("Ask who invited them")
    expect(decision).to_contain_text("Clause: “Visitors invited by a resident”")
    expect(decision.get_by_role("link", name="Record a breach")).to_have_count(0)
    colour = decision.evaluate("e => getComputedStyle(e).borderTopColor")
    assert colour == "rgb(244, 119, 56)"  # amber, neither green nor red
    _checked(page, axe)
    screenshot(page, "patrol-ask-who-invited-phone")

    page.get_by_role("link", name="No resident invited them: check again").click()
    expect(decision).to_have_attribute("data-verdict", "refused")
    expect(decision).to_contain_text("only when a resident has invited them")
    checked_at = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    _checked(page, axe)

    page.get_by_role("link", name="Record a breach").click()
    expect(page.get_by_test_id("carried")).to_contain_text("Access check at")
    assert abs(_minutes(read_date(page, "When")) - _minutes(checked_at)) <= 1
    expect(page.get_by_label("Flat or unit", exact=True)).to_have_value(
        str(Unit.objects.get(name="Flat 3").pk)
    )
    flats = page.get_by_label("Flat or unit", exact=True).locator("option").all_inner_texts()
    assert [f.split(",")[0] for f in flats[1:]] == ["Flat 1", "Flat 2", "Flat 3", "Flat 10"]
    expect(page.get_by_label("Description of the person")).to_have_value(
        "Said they were: visiting a resident, Flat 3; invited by a resident: no."
    )
    expect(page.get_by_label("What you saw")).to_have_value(re.compile("only when a resident"))
    page.get_by_role("button", name="Use my location").click()
    expect(page.locator("#place-status")).to_contain_text("Location recorded")
    seen = page.get_by_label("What you saw")
    seen.fill(seen.input_value() + "Would not say who they were visiting; left when asked.")
    _checked(page, axe)
    page.get_by_role("button", name="Record the breach").click()
    expect(page.locator("#breaches")).to_be_visible()
    breach = Breach.objects.get()
    assert breach.unit.name == "Flat 3"
    assert breach.person_description.startswith("Said they were: visiting a resident")
    assert "Access check at" in breach.seen
    assert breach.latitude == pytest.approx(52.6645)

    page.goto("/problems/dashboard/")
    row = page.locator('[data-testid="closure-clocks"] tr[data-state="conflict"]')
    expect(row).to_contain_text("Hearing booked too late")
    expect(row).to_contain_text(late.premises_description)
    _checked(page, axe)
    row.get_by_role("link", name=late.premises_description).click()
    clock = page.locator('[data-clock="hearing_by"]')
    expect(clock.locator(".govuk-tag--red")).to_have_text("Hearing booked too late")
    expect(clock.get_by_test_id("hearing-conflict")).to_contain_text("s.80(3),(4)")
    _checked(page, axe)
    screenshot(page, "closure-hearing-conflict-phone")


def _minutes(local: str) -> int:
    moment = dt.datetime.strptime(local, "%Y-%m-%dT%H:%M")
    return int(moment.timestamp() // 60)
