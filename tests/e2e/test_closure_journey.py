"""On a phone: an inspector issues a closure notice, a constable records its service, the
inspector records the hearing and the partial order, and the constable on patrol checks who
may enter and logs a breach — every page checked with axe. On a desktop: a full closure order
on a cuckooed flat, recorded through the forms, refuses a resident at the door (s.80(7)(a));
and an appeal allowed against the making of an order stops its clocks (s.84)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from clearhold.accounts.roles import Role
from clearhold.documents.models import DocumentDetails
from clearhold.law import UK
from clearhold.powers.models import Breach, Closure, ClosureOrder
from clearhold.problems.models import MemberRole
from clearhold.problems.services import member_add, partner_add
from tests.conftest import PASSWORD
from tests.e2e.conftest import ARTIFACTS, fill_date, screenshot, serious_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _record(page, closure, kind_label: str, who: str, at: dt.datetime) -> None:
    page.goto(f"/powers/closures/{closure.pk}/")
    page.get_by_role("link", name="Record informing or consulting").click()
    page.get_by_label(kind_label).check()
    page.get_by_label("Who", exact=True).fill(who)
    fill_date(page, "When", at)
    page.get_by_role("button", name="Record it").click()
    expect(page.get_by_test_id("clocks")).to_be_visible()


def test_notice_to_breach_on_a_phone(phone, axe, make_user, police, problem, manager):
    page = phone
    _advice(problem)
    inspector = make_user("inspector", police, Role.SUPERVISOR)
    constable = make_user("constable", police, Role.OFFICER)
    partner_add(user=manager, problem=problem, organisation=police)
    for person in inspector, constable:
        member_add(user=manager, problem=problem, person=person, role=MemberRole.ENFORCEMENT)
    now = timezone.now().astimezone(UK).replace(second=0, microsecond=0)
    issued = now - dt.timedelta(days=3)
    served = issued + dt.timedelta(hours=1)
    heard = issued + dt.timedelta(hours=20)  # while the 24-hour notice is in force

    sign_in(page, "inspector", PASSWORD)
    page.goto(problem.get_absolute_url())
    page.get_by_role("link", name="Start a closure").click()
    page.get_by_label("The premises, as the notice will identify them").fill(
        "The open space off West Street, Wisbech, within its boundary fence"
    )
    page.get_by_label("Land with a clear boundary").check()
    page.get_by_label("Police", exact=True).check()
    assert serious_violations(axe, page) == []
    page.get_by_role("button", name="Start the closure").click()
    closure = Closure.objects.get()
    expect(page.get_by_test_id("clocks")).to_be_visible()

    before = issued - dt.timedelta(hours=2)
    _record(page, closure, "Informed the people who live there", "Residents of Onyx Court", before)
    _record(page, closure, "Informed those with control", "Clarion Housing", before)
    _record(page, closure, "Consulted before the notice", "Fenland District Council", before)

    page.get_by_role("link", name="Issue the closure notice").click()
    fill_date(page, "Issued at", issued)
    page.get_by_label("Magistrates’ court hearing the application").fill("Cambridge Magistrates")
    page.get_by_label("The court’s address").fill("The Court House, Parkside, Cambridge CB1 1JA")
    fill_date(page, "Hearing booked for", heard)
    page.get_by_label("The housing and legal advice organisations shown are local").check()
    assert serious_violations(axe, page) == []
    _no_sideways_scroll(page)
    page.get_by_role("button", name="Issue the notice").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Serve it now")
    page.context.clear_cookies()

    sign_in(page, "constable", PASSWORD)
    page.goto(f"/powers/closures/{closure.pk}/")
    page.get_by_role("link", name="Record an act of service").click()
    page.get_by_label("Fixed to a prominent place on the premises").check()
    fill_date(page, "Served at", served)
    page.get_by_label("Where it was fixed, or to whom it was given (optional)").fill("West gate")
    assert serious_violations(axe, page) == []
    page.get_by_role("button", name="Record the service").click()
    expect(page.get_by_test_id("clocks")).to_contain_text("Application heard by")
    page.context.clear_cookies()

    sign_in(page, "inspector", PASSWORD)
    page.goto(f"/powers/closures/{closure.pk}/")
    page.get_by_role("link", name="Record the hearing").click()
    page.get_by_label("Court", exact=True).fill("Cambridge Magistrates")
    fill_date(page, "Heard at", heard)
    page.get_by_label("Closure order made").check()
    page.get_by_role("button", name="Record the hearing").click()
    page.get_by_role("link", name="Record the closure order").click()
    fill_date(page, "Made on", heard.date())
    page.get_by_label("Partial closure: the allow-list below may still enter").check()
    page.get_by_label("People who habitually live on the premises").check()
    page.get_by_label("Visitors invited by a resident").check()
    page.get_by_label("The emergency services").check()
    assert serious_violations(axe, page) == []
    page.get_by_role("button", name="Record the order").click()
    expect(page.locator(".govuk-notification-banner").first).to_contain_text("order")
    order = ClosureOrder.objects.get()
    assert order.partial
    expect(page.get_by_test_id("clocks")).to_contain_text("Latest end with every extension")
    page.context.clear_cookies()

    sign_in(page, "constable", PASSWORD)
    page.goto("/powers/patrol/")
    expect(page.get_by_test_id("patrol-closure")).to_contain_text("Partial closure order")
    page.get_by_role("link", name="May this person be here?").click()
    page.get_by_label("A maintenance contractor").check()
    page.get_by_label("Their organisation (staff and contractors)").fill("Fix-it Ltd")
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_test_id("decision")).to_have_attribute("data-allowed", "no")
    assert serious_violations(axe, page) == []
    _no_sideways_scroll(page)
    screenshot(page, "patrol-access-phone")
    page.screenshot(path=str(ARTIFACTS / "patrol-access-phone-top.png"))  # for the README

    page.get_by_role("link", name="Record a breach").click()
    page.get_by_label("Where", exact=True).fill("Bench by the north gate")
    the_map = page.locator("[data-ch-map]")
    expect(the_map).to_have_class(re.compile("leaflet-container"))
    the_map.scroll_into_view_if_needed()
    box = the_map.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.touchscreen.tap(x, y)
    expect(page.locator("#place-status")).to_have_text("Place marked on the map.")
    page.get_by_label("What you saw").fill("Man in a grey hoodie dealing from the bench")
    page.get_by_label("Body-worn video reference").fill("BWV-0042")
    page.get_by_label("Yes").check()
    assert serious_violations(axe, page) == []
    _no_sideways_scroll(page)
    page.get_by_role("button", name="Record the breach").click()
    banner = page.locator(".govuk-notification-banner").first
    expect(banner).to_contain_text("Closure order (s.86(2))")
    expect(banner).to_contain_text("Up to 6 months in prison")
    expect(page.locator("#breaches")).to_be_visible()
    screenshot(page, "closure-after-breach-phone")
    breach = Breach.objects.get()
    assert breach.breach_of == "order"
    assert breach.arrest
    assert breach.video_reference == "BWV-0042"
    assert breach.latitude == pytest.approx(52.66, abs=0.05)
    assert breach.longitude == pytest.approx(0.16, abs=0.05)


def _advice(problem) -> None:
    """The local advice contacts the closure notice prints (s.76(5)(g))."""
    DocumentDetails.objects.create(
        problem=problem,
        housing_advice="Fenland District Council Housing Options, 01354 654321",
        legal_advice="Cambridge Citizens Advice, 0808 278 7808",
    )


def _team(make_user, police, problem, manager):
    _advice(problem)
    for username, role in (("inspector", Role.SUPERVISOR), ("constable", Role.OFFICER)):
        person = make_user(username, police, role)
        partner_add(user=manager, problem=problem, organisation=police)
        member_add(user=manager, problem=problem, person=person, role=MemberRole.ENFORCEMENT)


def _flat_to_order_made(page, problem) -> tuple[Closure, dt.date]:
    """Through the forms: a cuckooed flat's notice issued and served, then the court makes an
    order while the notice is in force. Ends signed in as the inspector."""
    now = timezone.now().astimezone(UK).replace(second=0, microsecond=0)
    issued = now - dt.timedelta(days=2)
    heard = issued + dt.timedelta(hours=20)
    sign_in(page, "inspector", PASSWORD)
    page.goto(problem.get_absolute_url())
    page.get_by_role("link", name="Start a closure").click()
    page.get_by_label("The premises, as the notice will identify them").fill(
        "Flat 4, Onyx Court, Wisbech"
    )
    page.get_by_label("A dwelling (house or flat)").check()
    page.get_by_label("It is someone’s home").check()
    page.get_by_label("Police", exact=True).check()
    page.get_by_role("button", name="Start the closure").click()
    closure = Closure.objects.get()
    before = issued - dt.timedelta(hours=2)
    _record(page, closure, "Informed the people who live there", "The tenant of Flat 4", before)
    _record(page, closure, "Informed those with control", "Clarion Housing", before)
    _record(page, closure, "Consulted before the notice", "Fenland District Council", before)
    page.get_by_role("link", name="Issue the closure notice").click()
    fill_date(page, "Issued at", issued)
    page.get_by_label("Magistrates’ court hearing the application").fill("Cambridge Magistrates")
    page.get_by_label("The court’s address").fill("The Court House, Parkside, Cambridge CB1 1JA")
    fill_date(page, "Hearing booked for", heard)
    page.get_by_label("The housing and legal advice organisations shown are local").check()
    page.get_by_role("button", name="Issue the notice").click()
    page.context.clear_cookies()
    sign_in(page, "constable", PASSWORD)
    page.goto(f"/powers/closures/{closure.pk}/")
    page.get_by_role("link", name="Record an act of service").click()
    page.get_by_label("Fixed to a prominent place on the premises").check()
    fill_date(page, "Served at", issued + dt.timedelta(hours=1))
    page.get_by_role("button", name="Record the service").click()
    page.context.clear_cookies()
    sign_in(page, "inspector", PASSWORD)
    page.goto(f"/powers/closures/{closure.pk}/")
    page.get_by_role("link", name="Record the hearing").click()
    page.get_by_label("Court", exact=True).fill("Cambridge Magistrates")
    fill_date(page, "Heard at", heard)
    page.get_by_label("Closure order made").check()
    page.get_by_role("button", name="Record the hearing").click()
    return closure, heard.date()


def _record_full_order(page, made_on: dt.date) -> ClosureOrder:
    page.get_by_role("link", name="Record the closure order").click()
    fill_date(page, "Made on", made_on)
    page.get_by_label("Full closure: it bars all persons").check()
    page.get_by_role("button", name="Record the order").click()
    expect(page.get_by_test_id("order")).to_contain_text("Full closure order")
    return ClosureOrder.objects.get()


def test_a_full_order_on_a_cuckooed_flat_refuses_a_resident_at_the_door(
    page, axe, make_user, police, problem, manager
):
    _team(make_user, police, problem, manager)
    _, made_on = _flat_to_order_made(page, problem)
    page.get_by_role("link", name="Record the closure order").click()
    fill_date(page, "Made on", made_on)
    page.get_by_label("Full closure: it bars all persons").check()
    assert serious_violations(axe, page) == []
    page.get_by_role("button", name="Record the order").click()
    expect(page.get_by_test_id("order")).to_contain_text("Full closure order")
    expect(page.get_by_test_id("order")).to_contain_text("No one")
    order = ClosureOrder.objects.get()
    assert (order.partial, order.exemptions) == (False, [])
    page.context.clear_cookies()

    sign_in(page, "constable", PASSWORD)
    page.goto("/powers/patrol/")
    expect(page.get_by_test_id("patrol-closure")).to_contain_text("Full closure order")
    page.get_by_role("link", name="May this person be here?").click()
    page.get_by_label("A resident", exact=True).check()
    page.get_by_label("Flat or unit (if any)").fill("Flat 4")
    page.get_by_role("button", name="Check").click()
    decision = page.get_by_test_id("decision")
    expect(decision).to_have_attribute("data-allowed", "no")
    expect(decision).to_contain_text("s.80(7)(a)")
    assert serious_violations(axe, page) == []


def test_an_appeal_allowed_against_the_making_stops_the_orders_clocks(
    page, axe, make_user, police, problem, manager
):
    _team(make_user, police, problem, manager)
    closure, made_on = _flat_to_order_made(page, problem)
    _record_full_order(page, made_on)
    clocks = page.get_by_test_id("clocks")
    expect(clocks).to_contain_text("Closure order ends")
    expect(clocks).to_contain_text("Landlord's notice of possession")

    page.get_by_role("link", name="Record an appeal (s.84)").click()
    page.get_by_label("The making of the closure order").check()
    fill_date(page, "Appeal brought on", made_on)
    page.get_by_label("Appellant").fill("The tenant of Flat 4")
    assert serious_violations(axe, page) == []
    page.get_by_role("button", name="Record the appeal").click()
    expect(page.get_by_test_id("appeals")).to_contain_text("The making of the closure order")
    expect(clocks).not_to_contain_text("Landlord's notice of possession")  # pending (s.84A(8))

    page.get_by_role("link", name=re.compile("^Record how the appeal")).click()
    page.get_by_label("Allowed").check()
    fill_date(page, "Ended on", timezone.localdate())
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.get_by_test_id("status")).to_have_text("Order quashed on appeal")
    expect(page.get_by_test_id("order-quashed")).to_be_visible()
    expect(clocks).not_to_contain_text("Closure order ends")
    expect(clocks).not_to_contain_text("Apply to extend the order")
    expect(clocks).not_to_contain_text("Landlord's notice of possession")
    expect(page.get_by_test_id("next-steps")).not_to_contain_text("Apply to extend")
    assert serious_violations(axe, page) == []
    page.context.clear_cookies()

    sign_in(page, "constable", PASSWORD)
    page.goto(reverse("powers:access", args=[closure.pk]))
    expect(page.get_by_test_id("not-in-force")).to_be_visible()
