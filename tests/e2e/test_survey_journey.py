"""The residents' survey on a phone: a manager sets up a survey and its baseline wave, opens
it and makes the letters; a resident answers with the code on their letter, without an
account; using the code a second time is refused. Axe-clean throughout."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Browser, expect

from clearhold.documents.models import DocumentRun
from clearhold.documents.services import details_save
from clearhold.documents.tasks import document_run_task
from clearhold.surveys.models import Channel, Response
from tests.conftest import PASSWORD
from tests.documents.conftest import pdf_text
from tests.documents.test_letters import homes
from tests.e2e.conftest import fill_date, screenshot, serious_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
CODE = re.compile(r"\b[A-Z]{4}-\d{4}\b")


def _set_up_and_open(page, problem) -> None:
    page.goto(f"/problems/{problem.pk}/")
    page.get_by_test_id("surveys-link").click()
    page.get_by_role("link", name="Set up a survey").click()
    page.get_by_role("button", name="Set up survey").click()
    expect(page.get_by_test_id("questions")).to_contain_text("walking alone in this area")
    page.get_by_role("link", name="Add a wave").click()
    page.get_by_label("Baseline (before the intervention)").check()
    today = dt.date.today()
    fill_date(page, "Opens on", today)
    fill_date(page, "Closes on", today + dt.timedelta(days=28))
    page.get_by_role("button", name="Add wave").click()
    page.get_by_role("button", name="Open this wave").click()
    expect(page.get_by_text("Wave opened")).to_be_visible()


def _letters(page, tmp_path) -> list[str]:
    page.get_by_role("link", name="Make the letters").click()
    page.get_by_label("PDF (to print or send)").check()
    page.get_by_role("button", name="Generate").click()
    expect(page.get_by_role("heading", name="Making the document")).to_be_visible()
    document_run_task.call(DocumentRun.objects.get().pk)
    expect(page.get_by_test_id("run-done")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_test_id("run-download").click()
    path = tmp_path / "survey-letters.pdf"
    download_info.value.save_as(path)
    return CODE.findall(pdf_text(path.read_bytes(), tmp_path))


def test_a_manager_sends_the_survey_and_a_resident_answers_once_with_the_code(
    phone, browser: Browser, live_server, axe, problem, site, manager, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    details_save(
        user=manager, problem=problem, residents_contact="Fenland District Council, 01354 654321",
        signatory="Jo Smith, ASB Officer, Fenland District Council",
    )  # fmt: skip
    homes(site, 3)
    sign_in(phone, "manager", PASSWORD)
    _set_up_and_open(phone, problem)
    assert serious_violations(axe, phone) == []
    screenshot(phone, "survey-wave-open-phone")
    codes = _letters(phone, tmp_path)
    assert len(codes) == 3
    assert len(set(codes)) == 3

    phone.goto("/s/")  # the residents' page, checked by axe (the resident has no JavaScript)
    assert serious_violations(axe, phone) == []
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True,
        has_touch=True, java_script_enabled=False,
    )  # fmt: skip
    resident = context.new_page()
    resident.goto("/s/")
    resident.get_by_label("Your household code").fill(codes[0].lower())
    resident.get_by_role("button", name="Continue").click()
    expect(resident.get_by_role("heading", name="A short survey")).to_be_visible()
    resident.get_by_label("Fairly safe").check()
    resident.get_by_label("A fairly big problem").first.check()
    resident.get_by_role("button", name="Send my answers").click()
    expect(resident.get_by_role("heading", name="Thank you")).to_be_visible()
    screenshot(resident, "survey-answered-phone")

    resident.goto("/s/")
    resident.get_by_label("Your household code").fill(codes[0])
    resident.get_by_role("button", name="Continue").click()
    expect(resident.get_by_test_id("stopped")).to_contain_text("already answered")
    context.close()
    answered = Response.objects.get()
    assert answered.channel == Channel.CODE
    assert answered.answers.get(question_key="safe_after_dark").value == "fairly_safe"
