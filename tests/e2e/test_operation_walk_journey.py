"""A constable serves Operation Dakota's notices on a 390 px phone (issue 20): the walk lists the
blocks in street order; at Block A a photograph from the camera and one tap on "Fixed to each
normal means of access" records the act and opens Block B. The inspector then records the
listing's outcomes on the phone, every premises defaulting to the order as applied for. Each
page is checked with axe and for sideways scrolling."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect

from clearhold.powers.models import ClosureOrder, ServiceEvent
from tests.conftest import PASSWORD
from tests.e2e.conftest import screenshot, serious_violations, sign_in
from tests.powers.operations.conftest import (  # noqa: F401  (the estate and its operation)
    blocks,
    estate,
    estate_constable,
    estate_inspector,
    operation,
)
from tests.powers.operations.court.conftest import (  # noqa: F401  (notices issued, served)
    issued,
    listing,
    ordered,
    served,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _jpeg() -> bytes:
    """A photo Pillow decodes (the service photo is checked by decoding it)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "grey").save(out, format="JPEG")
    return out.getvalue()


JPEG = _jpeg()


def _checked(page, axe) -> None:
    assert serious_violations(axe, page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_one_tap_per_act_along_the_walk(phone, axe, issued, estate_constable):  # noqa: F811
    sign_in(phone, estate_constable.username, PASSWORD)
    phone.goto(f"/powers/operations/{issued[0].operation_id}/walk/")
    _checked(phone, axe)
    phone.get_by_role("button", name="Start at Block A").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Block A")
    _checked(phone, axe)
    phone.get_by_label("Photograph (optional)").set_input_files(
        files=[{"name": "door.jpg", "mimeType": "image/jpeg", "buffer": JPEG}]
    )
    phone.get_by_role("button", name="Fixed to each normal means of access (s.79(2)(b))").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Block B")
    expect(phone.get_by_text("Next: Block B.")).to_be_visible()
    _checked(phone, axe)
    screenshot(phone, "operation-walk-stop-phone")
    event = ServiceEvent.objects.get()
    assert event.notice.closure == issued[0]
    assert event.act == "b"
    assert event.photo


def test_the_listing_on_a_phone(phone, axe, served, listing, estate_inspector):  # noqa: F811
    sign_in(phone, estate_inspector.username, PASSWORD)
    phone.goto(f"/powers/listings/{listing.pk}/")
    _checked(phone, axe)
    screenshot(phone, "operation-listing-phone")
    phone.get_by_role("button", name="Record the decisions").click()
    expect(phone.get_by_test_id("heard")).to_contain_text("Block J: Closure order made")
    assert ClosureOrder.objects.count() == 10


def test_the_desk_pages_read_on_a_phone(phone, axe, ordered, estate_inspector):  # noqa: F811
    """The same-act form, the listing booking and the extensions: axe-clean, no sideways
    scrolling; the extensions page shows the earliest expiry."""
    operation_pk = ordered[0].closure.operation_id
    sign_in(phone, estate_inspector.username, PASSWORD)
    for path in ("service/", "listings/new/", "extensions/"):
        phone.goto(f"/powers/operations/{operation_pk}/{path}")
        _checked(phone, axe)
    expect(phone.get_by_test_id("earliest")).to_contain_text("7 August 2025")
    screenshot(phone, "operation-extensions-phone")
