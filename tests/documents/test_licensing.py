"""Licensed premises (issue 16, item 5): the licence recorded on the closure's premises, the
court's duty shown once an order is made (s.80(9)) or made on appeal (s.84(7)), and the
notification to the licensing authority generated from the record as PDF and DOCX."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from clearhold.documents.kinds import kind_get
from clearhold.documents.models import GeneratedDocument
from clearhold.documents.services import DocumentBlocked, document_generate
from clearhold.places.models import Site
from clearhold.places.services import site_licence_record
from clearhold.powers.models import AppealAgainst, AppealOutcome, HearingOutcome
from clearhold.powers.services import hearing_record
from clearhold.powers.services_order import appeal_conclude, appeal_record
from tests.documents.conftest import text_of
from tests.powers.conftest import HEARD

pytestmark = pytest.mark.django_db

AUTHORITY = "Fenland District Council"
ADDRESS = "Licensing Team\nFenland Hall\nCounty Road\nMarch PE15 8NQ"


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def licensed(site, manager):
    return site_licence_record(
        user=manager,
        site=site,
        licence_number="FDC/PL/0412",
        licensing_authority=AUTHORITY,
        licensing_authority_address=ADDRESS,
    )


def _generate(user, closure, fmt="pdf"):
    return document_generate(
        user=user, kind=kind_get("licensing_notification"), subject=closure, fmt=fmt
    )


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_notification_names_the_licence_the_authority_the_order_and_the_section(
    licensed, order, inspector, fmt, tmp_path
):
    document = _generate(inspector, order.closure, fmt)
    text = _flat(text_of(document, tmp_path))
    assert "Notification of a closure order on licensed premises" in text
    assert "premises licence FDC/PL/0412 is in force" in text
    assert "Fenland District Council, licensing authority" in text
    assert "March PE15 8NQ" in text
    assert "The court must notify Fenland District Council (s.80(9))." in text
    assert "Anti-social Behaviour, Crime and Policing Act 2014, s.80(9)" in text
    assert "Cambridge Magistrates' Court" in text
    assert "7 May 2025" in text  # made on
    assert "7 August 2025" in text  # in force until
    assert "Clarion Housing" in text  # who may still enter (the allow-list)
    assert "Licensing Act 2003 s.167" in text
    assert "s.84(7)" not in text


def test_a_crown_court_order_on_appeal_cites_s84_7(licensed, served, inspector, tmp_path):
    closure = served.closure
    hearing_record(
        user=inspector, closure=closure, court="Cambridge Magistrates' Court",
        heard_at=HEARD, outcome=HearingOutcome.REFUSED,
    )  # fmt: skip
    appeal = appeal_record(
        user=inspector, closure=closure, decision_on=dt.date(2025, 5, 7),
        lodged_on=dt.date(2025, 5, 9), appellant="Fenland District Council",
        against=AppealAgainst.REFUSAL,
    )  # fmt: skip
    appeal_conclude(
        user=inspector, appeal=appeal, outcome=AppealOutcome.ALLOWED, on=dt.date(2025, 5, 20)
    )
    text = _flat(text_of(_generate(inspector, closure), tmp_path))
    assert "The Crown Court must notify Fenland District Council (s.84(7))." in text
    assert "on appeal (s.84(6))" in text
    assert "20 May 2025" in text


def test_premises_without_a_licence_show_no_duty_and_the_notification_is_refused(
    order, inspector, client
):
    client.force_login(inspector)
    page = client.get(order.closure.get_absolute_url()).content.decode()
    assert 'data-testid="licensing-duty"' not in page
    assert "None recorded (Licensing Act 2003)" in page
    with pytest.raises(DocumentBlocked) as refused:
        _generate(inspector, order.closure)
    assert "No premises licence is recorded" in refused.value.messages[0]
    assert "s.80(9)" in refused.value.messages[0]
    assert not GeneratedDocument.objects.exists()


def test_a_licence_without_an_order_shows_no_duty_yet(licensed, served, inspector, client):
    client.force_login(inspector)
    page = client.get(served.closure.get_absolute_url()).content.decode()
    assert "Licence FDC/PL/0412, granted by Fenland District Council" in page
    assert 'data-testid="licensing-duty"' not in page
    with pytest.raises(DocumentBlocked, match="No closure order has been made"):
        _generate(inspector, served.closure)


def test_the_closure_page_shows_the_courts_duty_once_the_order_is_made(
    licensed, order, inspector, client
):
    client.force_login(inspector)
    page = _flat(client.get(order.closure.get_absolute_url()).content.decode())
    assert "The court must notify Fenland District Council (s.80(9))." in page
    assert "by Cambridge Magistrates&#x27; Court" in page or "by Cambridge Magistrates" in page
    notify = reverse(
        "documents:generate", args=[order.closure.problem_id, "licensing_notification"]
    )
    assert f"{notify}?of={order.closure.pk}" in page


def test_the_licence_form_records_it_and_refuses_a_licence_without_its_authority(
    served, inspector, client
):
    client.force_login(inspector)
    url = reverse("powers:licence", args=[served.closure.pk])
    refused = client.post(url, {"licence_number": "FDC/PL/0412", "licensing_authority": ""})
    assert refused.status_code == 200
    assert "Name the licensing authority" in refused.content.decode()
    assert Site.objects.get(pk=served.closure.site_id).licence_number == ""
    saved = client.post(
        url,
        {"licence_number": " FDC/PL/0412 ", "licensing_authority": AUTHORITY,
         "licensing_authority_address": ADDRESS},
    )  # fmt: skip
    assert saved.status_code == 302
    site = Site.objects.get(pk=served.closure.site_id)
    assert (site.licence_number, site.licensing_authority) == ("FDC/PL/0412", AUTHORITY)
    client.post(url, {"licence_number": "", "licensing_authority": AUTHORITY})
    site.refresh_from_db()
    assert (site.licence_number, site.licensing_authority) == ("", "")  # no licence: cleared


def test_a_partner_viewer_cannot_record_a_licence(served, partner_viewer, client):
    client.force_login(partner_viewer)
    url = reverse("powers:licence", args=[served.closure.pk])
    assert client.post(url, {"licence_number": "X", "licensing_authority": "Y"}).status_code == 403
    assert Site.objects.get(pk=served.closure.site_id).licence_number == ""
