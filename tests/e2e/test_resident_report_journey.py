"""A resident reports a problem on a 390 px phone without an account, with a photo, and checks
it by its reference; the partnership manager finds it in the queue and accepts it, and the
resident's reference then shows "Being looked at" (issue 19 §2). The basic form works with
JavaScript switched off too. Every public page is checked with axe and for sideways scrolling.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Page, expect

from clearhold.geo import to_wgs84
from clearhold.incidents.models import Incident
from clearhold.resident_reports.models import ReportPhoto, ResidentReport
from clearhold.resident_reports.services import reporting_page_open
from tests.conftest import PASSWORD
from tests.e2e.conftest import fill_date, screenshot, serious_violations, sign_in
from tests.resident_reports.conftest import jpeg_with_gps

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_page(problem, site, manager, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # People take longer than a script: the time check is tested in tests/resident_reports.
    settings.CLEARHOLD_REPORT_MIN_SECONDS = 0
    return reporting_page_open(
        user=manager,
        problem=problem,
        site=site,
        public_name="Chapel Road park",
        slug="chapel-road-park",
        categories=["drugs", "asb-nuisance"],
    )


def _checked(page: Page, axe) -> None:
    assert serious_violations(axe, page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def _fill_report(page: Page) -> None:
    page.get_by_label("Drug dealing or drug use").check()
    page.get_by_label("What happened?").fill("Two people dealing by the bench most evenings.")
    page.get_by_label("Describe the place (optional)").fill("The bench by the gate")
    fill_date(page, "When did it happen?", timezone.localdate() - dt.timedelta(days=1))
    page.get_by_label("What time? (optional)").fill("9:30pm")


def test_a_resident_reports_with_a_photo_and_follows_it_by_its_reference(
    phone, page, axe, open_page, manager, site
):
    longitude, latitude = (float(v[0]) for v in to_wgs84([site.easting], [site.northing]))
    phone.context.grant_permissions(["geolocation"])
    phone.context.set_geolocation({"latitude": latitude, "longitude": longitude, "accuracy": 8})
    phone.goto("/report/")
    _checked(phone, axe)
    phone.get_by_role("link", name="Chapel Road park").click()
    expect(phone.get_by_role("heading", name="Report a problem")).to_be_visible()
    expect(phone.get_by_role("button", name="Use my location")).to_be_visible()
    _checked(phone, axe)
    _fill_report(phone)
    screenshot(phone, "resident-report-form")
    the_map = phone.get_by_role("region", name="Map of Chapel Road park: tap to mark where it")
    box = the_map.bounding_box()
    # Clear of the zoom buttons (top left) and of the site's outline (centre).
    the_map.tap(position={"x": box["width"] - 60, "y": box["height"] - 50})
    expect(phone.locator("#place-status")).to_have_text("Place marked on the map.")
    # "Use my location" then puts the place where the phone is: at the site.
    phone.get_by_role("button", name="Use my location").click()
    expect(phone.locator("#place-status")).to_contain_text("Location recorded")
    photo = jpeg_with_gps()
    phone.get_by_label("Add a photo (optional)").set_input_files(
        {"name": "bench.jpg", "mimeType": "image/jpeg", "buffer": photo.read()}
    )
    phone.get_by_role("button", name="Send report").click()

    expect(phone.get_by_role("heading", name="Report sent")).to_be_visible()
    _checked(phone, axe)
    reference = phone.get_by_test_id("reference").inner_text()
    report = ResidentReport.objects.get()
    assert reference.replace("-", "") == report.reference
    assert (round(report.latitude, 5), round(report.longitude, 5)) == (
        round(latitude, 5),
        round(longitude, 5),
    )
    with ReportPhoto.objects.get(report=report).file.open("rb") as stored:
        assert dict(Image.open(stored).getexif()) == {}
    screenshot(phone, "resident-report-sent")

    phone.get_by_role("link", name="Check your report").click()
    phone.get_by_label("Your reference").fill(reference.lower())
    phone.get_by_role("button", name="Check").click()
    expect(phone.get_by_test_id("status")).to_have_text("Received")
    assert "Two people dealing" not in phone.content()
    _checked(phone, axe)

    sign_in(page, "manager", PASSWORD)
    page.get_by_role("link", name="Residents’ reports").first.click()
    page.get_by_role("link", name=open_page.problem.title).click()
    queue = page.get_by_test_id("report-queue")
    expect(queue).to_contain_text("Drug dealing or drug use")
    expect(queue).to_contain_text("Waiting to be checked")
    assert serious_violations(axe, page) == []
    queue.get_by_role("link").first.click()
    page.get_by_label("Accept it: it becomes an incident at the site").check()
    page.get_by_label("What the resident sees").select_option(label="Being looked at")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("report-queue")).to_contain_text("Accepted")
    incident = Incident.objects.get(source="resident report")
    assert incident.category == "drugs"
    assert abs(incident.easting - site.easting) < 1  # the resident's point, at the site

    phone.get_by_role("link", name="Check another reference").click()
    phone.get_by_label("Your reference").fill(reference)
    phone.get_by_role("button", name="Check").click()
    expect(phone.get_by_test_id("status")).to_have_text("Being looked at")


def test_the_basic_form_works_without_javascript(browser, live_server, axe, open_page):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        java_script_enabled=False,
    )
    phone = context.new_page()
    try:
        phone.goto("/report/chapel-road-park/")
        expect(phone.get_by_role("button", name="Use my location")).to_be_hidden()
        expect(phone.locator("[data-ch-map]")).to_be_hidden()
        _fill_report(phone)
        phone.get_by_role("button", name="Send report").click()
        expect(phone.get_by_role("heading", name="Report sent")).to_be_visible()
        report = ResidentReport.objects.get()
        assert (report.where, report.latitude) == ("The bench by the gate", None)
    finally:
        context.close()
