"""A partnership manager writes to every home: the letters are made in the background, the
page shows a progress bar that moves on by itself, and offers the PDF when it is ready — on a
phone too, axe-clean throughout."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from clearhold.documents.models import DocumentRun
from clearhold.documents.services import details_save
from clearhold.documents.tasks import document_run_task
from tests.conftest import PASSWORD
from tests.documents.conftest import pdf_pages
from tests.documents.test_letters import homes
from tests.e2e.conftest import screenshot, serious_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("device", ["page", "phone"])
def test_letters_to_every_home_show_progress_then_download(
    request,
    device,
    axe,
    problem,
    site,
    manager,
    tmp_path,
    settings,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    # A worker that has not started yet: the run waits on its progress page.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    details_save(
        user=manager, problem=problem, residents_contact="Fenland District Council, 01354 654321",
        signatory="Jo Smith, ASB Officer, Fenland District Council",
    )  # fmt: skip
    homes(site, 4)
    browser_page = request.getfixturevalue(device)
    sign_in(browser_page, "manager", PASSWORD)
    browser_page.goto(f"/problems/{problem.pk}/documents/resident_letter/")
    browser_page.get_by_label("What is the problem, in words for residents?").fill(
        "People have been gathering on the open space at night."
    )
    browser_page.get_by_label("PDF (to print or send)").check()
    browser_page.get_by_role("button", name="Generate").click()

    expect(browser_page.get_by_role("heading", name="Making the document")).to_be_visible()
    expect(browser_page.get_by_test_id("run-progress")).to_contain_text("Waiting")
    assert serious_violations(axe, browser_page) == []
    screenshot(browser_page, f"letter-run-progress-{device}")

    run = DocumentRun.objects.get()
    document_run_task.call(run.pk)  # the worker makes it; the page notices by itself
    expect(browser_page.get_by_test_id("run-done")).to_be_visible()
    assert serious_violations(axe, browser_page) == []
    screenshot(browser_page, f"letter-run-done-{device}")
    with browser_page.expect_download() as download_info:
        browser_page.get_by_test_id("run-download").click()
    path = tmp_path / "letters.pdf"
    download_info.value.save_as(path)
    assert pdf_pages(path.read_bytes(), tmp_path) == 4
