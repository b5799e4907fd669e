"""An inspector makes the closure notice: told what blocks it (s.76(5)(g)), adds the advice
contacts, generates the PDF and downloads it — every page checked with axe, and the notice's
text read back with pdftotext."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.documents.conftest import pdf_text
from tests.e2e.conftest import screenshot, serious_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_make_and_download_the_closure_notice(page, axe, served, problem, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    sign_in(page, "inspector", PASSWORD)
    page.goto(problem.get_absolute_url())
    page.get_by_role("link", name="Make and see documents").click()
    expect(page.get_by_role("heading", name="Documents", exact=True)).to_be_visible()
    assert serious_violations(axe, page) == []

    page.get_by_role("link", name="Make closure notice").click()
    page.get_by_label("PDF (to print or send)").check()
    page.get_by_role("button", name="Generate").click()
    blocked = page.get_by_test_id("blocked")
    expect(blocked).to_contain_text("s.76(5)(g)")
    assert serious_violations(axe, page) == []

    page.get_by_role("link", name="Cancel").click()
    page.get_by_role("link", name="Document details").click()
    page.get_by_label("Housing advice").fill("Shelter housing advice helpline, 0808 800 4444")
    page.get_by_label("Legal advice").fill("Civil Legal Advice, 0345 345 4 345")
    page.get_by_label("Residents contact").fill("Fenland District Council ASB team")
    assert serious_violations(axe, page) == []
    page.get_by_role("button", name="Save").click()

    page.get_by_role("link", name="Make closure notice").click()
    page.get_by_label("PDF (to print or send)").check()
    page.get_by_role("button", name="Generate").click()
    expect(page.get_by_test_id("documents")).to_contain_text("Closure notice")
    screenshot(page, "documents-list")
    with page.expect_download() as download_info:
        page.get_by_test_id("documents").get_by_role("link").first.click()
    path = tmp_path / "notice.pdf"
    download_info.value.save_as(path)
    text = " ".join(pdf_text(path.read_bytes(), tmp_path).split())
    assert "Shelter housing advice helpline, 0808 800 4444" in text
    assert "Civil Legal Advice" in text
    assert served.hearing_court in text
