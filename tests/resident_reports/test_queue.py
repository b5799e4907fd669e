"""The partnership's side: who may see and moderate the queue, what accepting and rejecting do
to the incident store, contact details and photos under the sharing record, and the updates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from clearhold.audit.models import AuditAction, AuditEntry
from clearhold.authz import Refused
from clearhold.incidents.models import Incident
from clearhold.resident_reports.models import (
    RESIDENT_REPORT_SOURCE,
    Moderation,
    ReportingPage,
    ReportPhoto,
    ReportStatus,
    ReportUpdate,
    ResidentReport,
)
from clearhold.resident_reports.services import report_moderate, update_publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(page) -> ResidentReport:
    made = ResidentReport.objects.create(
        page=page, problem=page.problem, reference="KQ7RDW3HXM", category="drugs",
        what_happened="Dealing at the bench every evening", occurred_on=dt.date(2025, 6, 1),
        occurred_time=dt.time(21, 30), latitude=52.66, longitude=0.16,
        contact_name="Pat Resident", contact_email="pat@example.com", contact_consent=True,
    )  # fmt: skip
    photo = ReportPhoto(report=made, content_type="image/png", size=8, sha256="0" * 64)
    photo.file.save("bench.png", ContentFile(b"\x89PNG\r\n\x1a\nbench"), save=False)
    photo.save()
    return made


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_manager_finds_the_queue_from_the_menu(manager, report):
    client = signed_in(manager)
    assert "/problems/resident-reports/" in client.get("/").content.decode()
    queues = client.get("/problems/resident-reports/").content.decode()
    assert report.problem.title in queues
    queue = client.get(f"/problems/{report.problem_id}/resident-reports/").content.decode()
    assert "Drug dealing or drug use" in queue
    assert "Waiting to be checked" in queue
    assert "pat@example.com" not in queue


def test_a_partner_without_the_right_sees_that_contact_details_were_given_not_what_they_are(
    constable, report, give_purpose
):
    client = signed_in(constable)
    give_purpose(client, report.problem)
    body = client.get(report.get_absolute_url()).content.decode()
    assert "Dealing at the bench every evening" in body
    assert "has not shared personal data with your organisation" in body
    for private in ("Pat Resident", "pat@example.com"):
        assert private not in body
    assert client.get(f"{report.get_absolute_url()}photo/").status_code == 403


def test_the_lead_sees_contact_details_once_they_give_a_reason_and_the_view_is_recorded(
    manager, report, give_purpose
):
    client = signed_in(manager)
    before = client.get(report.get_absolute_url()).content.decode()
    assert "Pat Resident" not in before
    assert "Show the contact details" in before
    give_purpose(client, report.problem)
    after = client.get(report.get_absolute_url()).content.decode()
    assert "Pat Resident" in after
    assert "pat@example.com" in after
    viewed = AuditEntry.objects.filter(action=AuditAction.VIEW, data_class="restricted").last()
    assert "residentreport.contact_name" in viewed.fields
    photo = client.get(f"{report.get_absolute_url()}photo/")
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/png"


def test_a_viewer_and_an_outsider_may_not_moderate(partner_viewer, outmanager, report, problem):
    from clearhold.problems.services import partner_add

    partner_add(user=problem.created_by, problem=problem, organisation=partner_viewer.organisation)
    data = {"moderation": "accepted", "status": "looking"}
    viewer = signed_in(partner_viewer)
    assert viewer.get(f"/problems/{problem.pk}/resident-reports/").status_code == 200
    assert viewer.post(f"{report.get_absolute_url()}moderate/", data).status_code == 403
    stranger = signed_in(outmanager)
    assert stranger.get(report.get_absolute_url()).status_code == 403
    assert stranger.post(f"{report.get_absolute_url()}moderate/", data).status_code == 403
    report.refresh_from_db()
    assert report.moderation == Moderation.WAITING
    with pytest.raises(Refused):
        report_moderate(user=partner_viewer, report=report, moderation="accepted", status="looking")


def test_accepting_makes_one_incident_at_the_site_without_the_residents_words(constable, report):
    client = signed_in(constable)
    data = {"moderation": "accepted", "status": "looking"}
    assert client.post(f"{report.get_absolute_url()}moderate/", data).status_code == 302
    client.post(f"{report.get_absolute_url()}moderate/", data | {"status": "action_taken"})
    report.refresh_from_db()
    assert (report.moderation, report.status) == (Moderation.ACCEPTED, ReportStatus.ACTION_TAKEN)
    incident = Incident.objects.get()
    assert report.incident == incident
    assert (incident.source, incident.category) == (RESIDENT_REPORT_SOURCE, "drugs")
    assert incident.month == dt.date(2025, 6, 1)
    assert incident.precision == "minute"
    assert incident.location == "On or near Chapel Road park"
    assert incident.description == ""
    assert "Dealing" not in incident.source_category
    assert (incident.batch.source, incident.batch.rows_stored) == (RESIDENT_REPORT_SOURCE, 1)


def test_a_tap_far_from_the_site_puts_the_incident_at_the_site(manager, report, site):
    ResidentReport.objects.filter(pk=report.pk).update(latitude=51.5, longitude=-0.12)
    report_moderate(user=manager, report=report, moderation="accepted", status="received")
    incident = Incident.objects.get()
    assert (incident.easting, incident.northing) == (site.easting, site.northing)
    assert incident.latitude is None


def test_rejecting_closes_the_report_and_takes_its_incident_out_of_the_store(manager, report):
    report_moderate(user=manager, report=report, moderation="accepted", status="looking")
    assert Incident.objects.count() == 1
    report = report_moderate(user=manager, report=report, moderation="rejected", status="looking")
    assert (report.status, report.incident) == (ReportStatus.CLOSED, None)
    assert not Incident.objects.exists()
    report.page.batch.refresh_from_db()
    assert report.page.batch.rows_stored == 0


def test_updates_are_written_by_the_partnership_and_shown_with_a_reference(
    constable, partner_viewer, problem, report, client
):
    writer = signed_in(constable)
    url = f"/problems/{problem.pk}/resident-reports/updates/new/"
    posted = writer.post(url, {"you_said": "Dealing by the bench", "we_did": "Evening patrols"})
    assert posted.status_code == 302
    update = ReportUpdate.objects.get()
    assert (update.page, update.written_by) == (report.page, constable)
    body = client.post("/report/check/", {"reference": "KQ7RD-W3HXM"}).content.decode()
    assert "Evening patrols" in body
    with pytest.raises(Refused):
        update_publish(user=partner_viewer, page=report.page, you_said="x", we_did="y")


def test_a_member_opens_a_sites_reporting_page(constable, problem, site):
    client = signed_in(constable)
    url = f"/problems/{problem.pk}/resident-reports/page/"
    data = {
        "site": site.pk,
        "public_name": "Chapel Road park",
        "slug": "chapel-road-park",
        "categories": ["drugs", "asb-environmental"],
    }
    assert client.post(url, data).status_code == 302
    page = ReportingPage.objects.get()
    assert (page.problem, page.site, page.is_open) == (problem, site, True)
    assert page.categories == ["drugs", "asb-environmental"]
    assert Client().get("/report/chapel-road-park/").status_code == 200


def test_the_export_holds_contact_details_only_for_those_allowed_them(
    manager, constable, report, give_purpose
):
    url = f"/problems/{report.problem_id}/resident-reports.csv"
    partner = signed_in(constable)
    give_purpose(partner, report.problem)
    partner_csv = partner.get(url).content.decode()
    assert "Dealing at the bench every evening" in partner_csv
    assert "pat@example.com" not in partner_csv
    lead = signed_in(manager)
    no_reason = lead.get(url).content.decode()
    assert "pat@example.com" not in no_reason
    give_purpose(lead, report.problem)
    with_reason = lead.get(url).content.decode()
    assert "Pat Resident" in with_reason
    assert "pat@example.com" in with_reason
    viewed = AuditEntry.objects.filter(action=AuditAction.VIEW, data_class="restricted").last()
    assert "residentreport.contact_email" in viewed.fields


def test_the_problem_page_says_how_many_reports_wait(manager, report, problem):
    body = signed_in(manager).get(problem.get_absolute_url()).content.decode()
    assert "Residents’ reports" in body
    assert "<strong>1</strong> waiting to be checked" in body
    assert f"/problems/{problem.pk}/resident-reports/" in body
