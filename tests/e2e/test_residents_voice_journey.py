"""Issue 19's test sentence end to end on phones: a resident reports with a photo and then
checks the reference; another answers the survey with a code; the manager sees both on the
problem page. Each resident has their own browser and no account; five households answer, so
the survey's breakdown is shown (fewer than five show none). The figures the manager reads are
worked out from what the residents sent, not written in."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from clearhold.analysis.survey import wilson
from clearhold.places.models import Unit
from clearhold.resident_reports.models import ReportPhoto, ResidentReport
from clearhold.resident_reports.services import reporting_page_open
from clearhold.surveys.codes import code_of
from clearhold.surveys.display import pct
from clearhold.surveys.items import SCALES
from clearhold.surveys.models import Channel, Response
from clearhold.surveys.services import survey_create, wave_create, wave_open
from tests.conftest import PASSWORD
from tests.e2e.conftest import fill_date, serious_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
HOMES = 7
#: What households B to F say about walking alone after dark, one answer each.
AFTER_DARK = ["Very safe", "Fairly safe", "A bit unsafe", "Very unsafe", "Fairly safe"]


@pytest.fixture
def codes(problem, site, manager, settings, tmp_path) -> list[str]:
    """The reporting page open, and a survey's baseline wave open: each home's printed code,
    re-derived as the letters do."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CLEARHOLD_REPORT_MIN_SECONDS = 0  # the time check is tested in tests/resident_reports
    cache.clear()  # no tries counted against the live server's address by earlier tests
    homes = Unit.objects.bulk_create(
        Unit(site=site, name=f"Flat {n}", address=f"Flat {n}\nOnyx Court\nWisbech PE13 1AB")
        for n in range(1, HOMES + 1)
    )
    reporting_page_open(
        user=manager,
        problem=problem,
        site=site,
        public_name="Chapel Road park",
        slug="chapel-road-park",
        categories=["drugs", "asb-nuisance"],
    )
    survey = survey_create(user=manager, problem=problem, site=site)
    today = timezone.localdate()
    wave = wave_create(
        user=manager,
        survey=survey,
        label="baseline",
        opens_on=today,
        closes_on=today + dt.timedelta(days=28),
    )
    wave = wave_open(user=manager, wave=wave)
    return [code_of(wave.pk, u.pk, wave.codes.get(unit=u).digest) for u in homes]


def _resident(browser: Browser, live_server) -> Page:
    """A new phone of a resident: its own browser context, nobody signed in."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 120, 60)).save(out, format="PNG")
    return out.getvalue()


def _report_with_photo(page: Page) -> str:
    """Resident A reports drug dealing with a photo; the reference the page gives back."""
    page.goto("/report/chapel-road-park/")
    page.get_by_label("Drug dealing or drug use").check()
    page.get_by_label("What happened?").fill("Two people dealing by the bench most evenings.")
    fill_date(page, "When did it happen?", timezone.localdate() - dt.timedelta(days=1))
    page.get_by_label("Add a photo (optional)").set_input_files(
        {"name": "bench.png", "mimeType": "image/png", "buffer": _png()}
    )
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("heading", name="Report sent")).to_be_visible()
    return page.get_by_test_id("reference").inner_text()


def _answer_with_code(page: Page, code: str, after_dark: str) -> None:
    page.goto("/s/")
    page.get_by_label("Your household code").fill(code)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="A short survey")).to_be_visible()
    page.get_by_label(after_dark, exact=True).check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()


def test_residents_report_and_answer_and_the_manager_sees_both_on_the_problem_page(
    phone, browser: Browser, live_server, axe, problem, codes
):
    resident_a = _resident(browser, live_server)
    reference = _report_with_photo(resident_a)
    resident_a.get_by_role("link", name="Check your report").click()
    resident_a.get_by_label("Your reference").fill(reference)
    resident_a.get_by_role("button", name="Check").click()
    expect(resident_a.get_by_test_id("status")).to_have_text("Received")
    resident_a.context.close()
    report = ResidentReport.objects.get()
    assert reference.replace("-", "") == report.reference
    assert ReportPhoto.objects.get(report=report).content_type == "image/png"

    for code, after_dark in zip(codes[1:], AFTER_DARK, strict=False):
        resident = _resident(browser, live_server)
        _answer_with_code(resident, code, after_dark)
        resident.context.close()
    assert Response.objects.filter(channel=Channel.CODE).count() == len(AFTER_DARK)

    safety = dict((label, value) for value, label in SCALES["safety"].answers)
    safe = sum(safety[a] in SCALES["safety"].headline for a in AFTER_DARK)
    share = wilson(safe, len(AFTER_DARK))
    answered = len(AFTER_DARK)
    rate = f"{answered} of {HOMES} households ({pct(answered / HOMES)})"

    sign_in(phone, "manager", PASSWORD)
    phone.goto(f"/problems/{problem.pk}/")
    reports = phone.get_by_test_id("resident-reports-section")
    expect(reports).to_contain_text("Chapel Road park")
    expect(reports).to_contain_text("1 waiting to be checked, 1 in all")
    wave = phone.get_by_test_id("survey-section").get_by_test_id("survey-wave")
    wave.locator("summary").click()
    expect(wave.locator("summary")).to_contain_text(rate)
    after_dark_row = wave.get_by_role("row", name="Feel safe after dark")
    expect(after_dark_row).to_be_visible()
    expect(after_dark_row).to_contain_text(
        f"feel very or fairly safe: {pct(share.share)} (95% CI {pct(share.low)} to "
        f"{pct(share.high)}, {safe} of {answered})"
    )
    assert serious_violations(axe, phone) == []
