"""Issue 20's "done means": an operation of ten premises, from the problem page to a breach
recorded in one block, through the real pages on a desktop and a 390 px phone.

On the desktop the inspector starts Operation Dakota on all ten blocks of the estate (communal
areas, an allow-list, 24-hour notices), records informing and consulting for every premises and
issues the ten notices. On the phone the constable walks the estate serving them, one tap per
premises (with a photograph at the first). Back at the desk the inspector books the listing and
records the court's decisions, every row "as applied for". On the phone again the constable,
in Block C, asks "May this person be here?" about a stranger, is told they may not, and records
the breach, which is stored against Block C's closure and its order alone. Each step is checked
in the database; the phone pages are checked with axe and for sideways scrolling.
"""

from __future__ import annotations

import datetime as dt
import io
import time

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from clearhold.documents.models import DocumentDetails
from clearhold.law import UK
from clearhold.powers.models import (
    Breach,
    ClosureNotice,
    ClosureOrder,
    Engagement,
    Hearing,
    Operation,
    ServiceEvent,
)
from clearhold.powers.selectors import operation_closures
from tests.conftest import PASSWORD
from tests.e2e.conftest import fill_date, screenshot, serious_violations, sign_in
from tests.powers.operations.conftest import (  # noqa: F401  (the estate and its officers)
    COMMUNAL,
    blocks,
    estate,
    estate_constable,
    estate_inspector,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
BLOCKS = [f"Block {letter}" for letter in "ABCDEFGHIJ"]
COURT = "Willesden Magistrates’ Court"
ALLOWED = (
    "Visitors invited by a resident",
    "Staff of the housing provider",
    "Maintenance contractors",
    "The emergency services",
)


def _checked(page, axe) -> None:
    assert serious_violations(axe, page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def _now() -> dt.datetime:
    return timezone.now().astimezone(UK).replace(second=0, microsecond=0)


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def _start_the_operation(page, problem) -> Operation:
    """Step 1: from the problem page, all ten blocks ticked, the shared terms, 24 hours."""
    page.goto(problem.get_absolute_url())
    page.get_by_role("link", name="Start an operation").click()
    expect(page.get_by_role("heading", name="New operation")).to_be_visible()
    for name in BLOCKS:
        page.get_by_role("checkbox", name=name, exact=True).check()
    page.get_by_label("Name of the operation").fill("Operation Dakota")
    page.get_by_label("The parts closed (optional)").fill(COMMUNAL)
    for clause in ALLOWED:
        page.get_by_role("checkbox", name=clause, exact=True).check()
    page.get_by_label("Housing provider (optional)").fill("Barnet Homes")
    page.get_by_label("24 hours").check()
    page.get_by_role("button", name="Open the closures").click()
    expect(page.get_by_role("heading", name="Operation Dakota")).to_be_visible()
    cards = page.get_by_test_id("operation-premises")
    expect(cards).to_have_count(10)
    for n, name in enumerate(BLOCKS):
        expect(cards.nth(n)).to_contain_text(name)
    screenshot(page, "operation-journey-operation-desktop")
    operation = Operation.objects.get()
    assert (operation.scope, operation.notice_hours) == ("communal", 24)
    assert [c.site.name for c in operation_closures(operation)] == BLOCKS
    return operation


def _inform_and_issue(page, operation, informed, issued, booked) -> None:
    """Step 2: informing and consulting for every premises, then the ten notices."""
    page.get_by_role("link", name="Record informing and consulting for every premises").click()
    fill_date(page, "Informed and consulted at", informed)
    page.get_by_label("Those with control, responsibility or an interest").fill("Barnet Homes")
    page.get_by_label("Consulted (s.76(7))").fill("London Borough of Barnet")
    page.get_by_role("button", name="Record for every premises").click()
    expect(page.get_by_role("heading", name="Operation Dakota")).to_be_visible()
    assert Engagement.objects.filter(closure__operation=operation).count() == 30

    page.get_by_role("link", name="Issue the notices (10 to issue)").click()
    fill_date(page, "Issued at", issued)
    page.get_by_label("Magistrates’ court hearing the applications").fill(COURT)
    page.get_by_label("The court’s address").fill("448 High Road, London NW10 2DZ")
    fill_date(page, "Hearing booked for", booked)
    page.get_by_label("The housing and legal advice organisations shown are local").check()
    screenshot(page, "operation-journey-notices-desktop")
    page.get_by_role("button", name="Issue the notices").click()
    expect(page.get_by_test_id("premises-notice").filter(has_text="Issued")).to_have_count(10)
    notices = ClosureNotice.objects.filter(closure__operation=operation)
    assert notices.count() == 10
    assert {(n.issued_at, n.hours) for n in notices} == {(issued, 24)}
    assert {n.hearing_court for n in notices} == {COURT}


def _walk(phone, axe, operation) -> None:
    """Step 3: the service walk, one tap per premises in walking order."""
    phone.goto(f"/powers/operations/{operation.pk}/walk/")
    expect(phone.get_by_test_id("walk").get_by_role("listitem")).to_have_count(10)
    _checked(phone, axe)
    phone.get_by_role("button", name="Start at Block A").click()
    fixed = "Fixed to each normal means of access (s.79(2)(b))"
    for n, name in enumerate(BLOCKS):
        expect(phone.get_by_role("heading", level=1)).to_have_text(name)
        if n == 0:
            phone.get_by_label("Photograph (optional)").set_input_files(
                files=[{"name": "door.png", "mimeType": "image/png", "buffer": _png()}]
            )
            _checked(phone, axe)
            screenshot(phone, "operation-journey-walk-phone")
        phone.get_by_role("button", name=fixed).click()
        following = f"Next: {BLOCKS[n + 1]}." if n < 9 else "That is the last premises"
        expect(phone.get_by_text(following)).to_be_visible()
    expect(phone.get_by_role("heading", name="Serving the notices")).to_be_visible()
    expect(phone.get_by_text("Served: 1 act")).to_have_count(10)
    events = ServiceEvent.objects.filter(notice__closure__operation=operation)
    in_order = events.order_by("served_at", "pk")
    assert [e.notice.closure.site.name for e in in_order] == BLOCKS
    assert {e.act for e in events} == {"b"}
    assert [bool(e.photo) for e in in_order] == [True] + [False] * 9


def _hear(page, operation) -> dt.datetime:
    """Step 4: the listing booked for a minute after the last service, then every premises
    heard there: the order as applied for. Waits, if need be, until that minute is past."""
    last = ServiceEvent.objects.order_by("-served_at").first().served_at
    heard = last.astimezone(UK).replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
    while timezone.now() < heard + dt.timedelta(seconds=1):
        time.sleep(1)
    page.goto(operation.get_absolute_url())
    page.get_by_role("link", name="Book a court listing").click()
    expect(page.get_by_label("Court", exact=True)).to_have_value(COURT)
    fill_date(page, "Listed for", heard)
    page.get_by_role("button", name="Book the listing").click()
    expect(page.get_by_role("heading", name="What the court decided")).to_be_visible()
    expect(page.get_by_test_id("row")).to_have_count(10)
    for n in range(10):
        row = page.get_by_test_id("row").nth(n)
        expect(row.get_by_label("Heard at this listing")).to_be_checked()
        expect(row.get_by_label("Outcome")).to_have_value("order_made")
    screenshot(page, "operation-journey-listing-desktop")
    page.get_by_role("button", name="Record the decisions").click()
    expect(page.get_by_test_id("heard").get_by_role("listitem")).to_have_count(10)
    return heard


def _orders_as_applied_for(operation, heard) -> None:
    orders = ClosureOrder.objects.filter(closure__operation=operation)
    assert orders.count() == 10
    hearings = Hearing.objects.filter(closure__operation=operation)
    assert {h.heard_at for h in hearings} == {heard}
    assert heard < timezone.now()
    for order in orders:
        served = order.closure.notice.service.get().served_at
        assert served < heard
        assert order.scope == "communal"
        assert order.part_description == COMMUNAL
        assert order.partial
        clauses = [e["clause"] for e in order.exemptions]
        assert "Staff of Barnet Homes" in " ".join(clauses)
        for clause in ("Visitors invited by a resident", "The emergency services"):
            assert clause in clauses
        assert order.made_on == heard.date()


def _breach_in_block_c(phone, axe, operation) -> None:
    """Step 5: Block C from the list, a stranger asked about, refused, the breach recorded."""
    phone.goto(f"/powers/operations/{operation.pk}/patrol/")
    expect(phone.get_by_test_id("block")).to_have_count(10)
    _checked(phone, axe)
    screenshot(phone, "operation-journey-patrol-phone")
    block_c = phone.get_by_test_id("block").filter(has_text="Block C")
    expect(block_c.get_by_text("Order in force")).to_be_visible()
    block_c.get_by_role("link", name="May this person be here?").click()
    expect(phone.get_by_role("heading", name="May this person be here?")).to_be_visible()
    expect(phone.locator(".govuk-caption-l")).to_contain_text("Block C")
    phone.get_by_label("Someone else").check()
    phone.get_by_role("button", name="Check").click()
    decision = phone.get_by_test_id("decision")
    expect(decision).to_have_attribute("data-verdict", "refused")
    expect(decision).to_contain_text("They may not be here.")
    _checked(phone, axe)
    screenshot(phone, "operation-journey-refused-phone")
    decision.get_by_role("link", name="Record a breach").click()
    phone.get_by_label("What you saw").fill("A man on the landing of the third floor; left.")
    _checked(phone, axe)
    phone.get_by_role("button", name="Record the breach").click()
    expect(phone.locator("#breaches")).to_be_visible()
    screenshot(phone, "operation-journey-breach-phone")
    breach = Breach.objects.get()
    block_c_closure = operation_closures(operation)[2]
    assert block_c_closure.site.name == "Block C"
    assert breach.closure == block_c_closure
    assert breach.breach_of == "order"
    assert ClosureOrder.objects.get(closure=breach.closure).closure.site.name == "Block C"
    assert Breach.objects.exclude(closure=block_c_closure).count() == 0


@pytest.mark.usefixtures("estate_inspector", "estate_constable")
def test_ten_premises_from_start_to_breach(page, phone, axe, estate):  # noqa: F811
    DocumentDetails.objects.create(
        problem=estate,
        housing_advice="Barnet Homes Housing Options, 020 8359 2000",
        legal_advice="Citizens Advice Barnet, 0808 278 7844",
    )
    now = _now()
    sign_in(page, "estate_inspector", PASSWORD)
    operation = _start_the_operation(page, estate)
    issued = now - dt.timedelta(hours=2)
    _inform_and_issue(
        page, operation, now - dt.timedelta(hours=4), issued, now + dt.timedelta(hours=2)
    )

    sign_in(phone, "estate_constable", PASSWORD)
    _walk(phone, axe, operation)

    heard = _hear(page, operation)
    _orders_as_applied_for(operation, heard)

    _breach_in_block_c(phone, axe, operation)
