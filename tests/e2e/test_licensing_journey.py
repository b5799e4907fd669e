"""Licensed premises (issue 16, item 5): an inspector records the premises licence from the
closure page, sees the court's duty to notify the licensing authority (s.80(9)) now that the
order is made, and generates the notification — every page checked with axe, and the
notification's text read back with pdftotext."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.documents.conftest import pdf_text
from tests.e2e.conftest import screenshot, serious_violations, sign_in
from tests.powers.conftest import order  # noqa: F401  (the Wisbech order)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_record_a_licence_see_the_duty_and_make_the_notification(
    page, axe, order, tmp_path, settings  # noqa: F811
):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path / "media"
    sign_in(page, "inspector", PASSWORD)
    page.goto(order.closure.get_absolute_url())
    expect(page.get_by_test_id("licence")).to_contain_text("None recorded")
    expect(page.get_by_test_id("licensing-duty")).to_have_count(0)

    page.get_by_role("link", name="Record a premises licence").click()
    page.get_by_label("Premises licence number").fill("FDC/PL/0412")
    page.get_by_role("button", name="Save the licence").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Name the licensing authority")
    assert serious_violations(axe, page) == []
    page.get_by_label("Licensing authority", exact=True).fill("Fenland District Council")
    page.get_by_label("Licensing authority’s address").fill("Fenland Hall\nCounty Road\nMarch")
    page.get_by_role("button", name="Save the licence").click()

    duty = page.get_by_test_id("licensing-duty")
    expect(duty).to_contain_text("The court must notify Fenland District Council (s.80(9)).")
    expect(page.get_by_test_id("licence")).to_contain_text("Licence FDC/PL/0412")
    assert serious_violations(axe, page) == []
    screenshot(page, "closure-licensing-duty")

    duty.get_by_role("link", name="Prepare the notification").click()
    expect(
        page.get_by_role("heading", name="Notification to the licensing authority")
    ).to_be_visible()
    page.get_by_label("PDF (to print or send)").check()
    page.get_by_role("button", name="Generate").click()
    documents = page.get_by_test_id("documents")
    expect(documents).to_contain_text("Notification to the licensing authority")
    with page.expect_download() as download_info:
        documents.get_by_role("link").first.click()
    path = tmp_path / "notification.pdf"
    download_info.value.save_as(path)
    text = " ".join(pdf_text(path.read_bytes(), tmp_path).split())
    assert "premises licence FDC/PL/0412 is in force" in text
    assert "To: Fenland District Council, licensing authority" in text
    assert "The court must notify Fenland District Council (s.80(9))." in text
    assert order.court in text
