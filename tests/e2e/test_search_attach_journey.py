"""The administrator's journey, in a browser: search from the header for the Wisbech problem and
its site, open them, attach the partnership meeting's minutes (a PDF) to the problem, give a
reason for reading personal data, see the minutes listed and download them; on a 390 px phone
the header search fits beside nothing it pushes off the screen.

Administrators see problems only as people of their organisation (``problems.permissions``):
this one is of the council that leads the Wisbech problem."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from clearhold.attachments.models import Attachment
from clearhold.audit.models import AuditAction, AuditEntry
from tests.attachments.conftest import MINUTES
from tests.conftest import PASSWORD
from tests.e2e.conftest import screenshot, serious_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Minutes of the West Street partnership meeting"


@pytest.fixture
def wisbech(problem, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    problem.title = "ASB on the West Street open space, Wisbech"
    problem.save()
    return problem


def header_search(page, text: str) -> None:
    box = page.get_by_role("search", name="Search ClearHold")
    box.get_by_label("Search problems, sites, closures, people and documents").fill(text)
    box.get_by_role("button", name="Search").click()


def test_an_administrator_finds_the_problem_attaches_the_minutes_and_downloads_them(
    page, axe, wisbech, site, administrator, tmp_path
):
    sign_in(page, "administrator", PASSWORD)

    header_search(page, "West Street open")
    results = page.get_by_test_id("search-results")
    expect(results.get_by_role("link", name=site.name, exact=True)).to_be_visible()
    assert serious_violations(axe, page) == []
    results.get_by_role("link", name=site.name, exact=True).click()
    expect(page.locator("h1")).to_contain_text(site.name)

    header_search(page, "wisbech")
    expect(page.get_by_test_id("search-count")).to_contain_text("for “wisbech”")
    found = page.get_by_test_id("search-results")
    found.get_by_role("link", name=wisbech.title, exact=True).click()
    expect(page.locator("h1")).to_contain_text(wisbech.title)

    page.get_by_role("link", name="Attach a file to this problem").click()
    page.get_by_label("What is it?").select_option("minutes")
    page.get_by_label("Title").fill(TITLE)
    minutes = tmp_path / "minutes-4-december.pdf"
    minutes.write_bytes(MINUTES)
    page.get_by_label("File", exact=True).set_input_files(str(minutes))
    assert serious_violations(axe, page) == []
    page.get_by_role("button", name="Attach the file").click()
    expect(page.get_by_text("Attachment added.")).to_be_visible()

    listed = page.get_by_test_id(f"attachments-problem-{wisbech.pk}")
    expect(listed).to_contain_text("1 attachment holds personal data")
    listed.get_by_role("link", name="Give a reason for reading personal data").click()
    page.get_by_label("Problem-solving meeting").check()
    page.get_by_role("button", name="Continue").click()
    expect(listed.get_by_role("link", name=TITLE)).to_be_visible()
    assert serious_violations(axe, page) == []
    screenshot(page, "attachments-problem-listed")

    with page.expect_download() as download:
        listed.get_by_role("link", name=TITLE).click()
    assert download.value.suggested_filename == "minutes-4-december.pdf"
    assert Path(download.value.path()).read_bytes() == MINUTES

    attachment = Attachment.objects.get()
    exported = AuditEntry.objects.filter(
        action=AuditAction.EXPORT, object_type="attachments.attachment", object_id=attachment.pk
    )
    assert [e.user for e in exported] == [administrator]


def test_the_header_search_fits_a_phone(phone, axe, wisbech, administrator):
    sign_in(phone, "administrator", PASSWORD)
    phone.goto("/")
    form = phone.get_by_role("search", name="Search ClearHold")
    expect(form).to_be_visible()
    for part in (form, form.get_by_role("searchbox"), form.get_by_role("button", name="Search")):
        box = part.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= 390, part
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious_violations(axe, phone) == []
    screenshot(phone, "header-search-phone")

    header_search(phone, "wisbech")
    expect(phone.get_by_test_id("search-results")).to_contain_text(wisbech.title)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious_violations(axe, phone) == []
