"""The operation's Papers page: the maker's buttons make the papers as documents are made; a
person outside the problem's partnership is refused and nothing is stored; and the notices in
bulk, filled in with an adapted template, read no file and fetch no URL outside ClearHold."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from clearhold.audit.models import AuditAction, AuditEntry
from clearhold.documents.kinds import PERSONAL_MARKING, kind_get
from clearhold.documents.models import DocumentTemplate, GeneratedDocument
from clearhold.documents.operation_notices import operation_notices_make
from tests.documents.conftest import media, pdf_text, stored  # noqa: F401
from tests.powers.operations.papers import listing_of, noticed, papers_details

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(operation, estate, manager, estate_inspector):
    papers_details(estate, manager)
    noticed(operation, estate_inspector, skip=9)  # the last block on the route has none
    return operation


def _url(operation) -> str:
    return reverse("documents:operation_papers", args=[operation.pk])


def test_the_page_names_the_premises_without_a_notice(
    ready, estate_inspector, client, give_purpose
):
    client.force_login(estate_inspector)
    give_purpose(client, ready.problem)
    page = client.get(_url(ready))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Papers: Operation Dakota" in html
    assert "no notice issued" in html
    assert "Block J" in html


def test_the_notices_button_stores_the_pdf_and_the_zip_marked(
    ready,
    manager,
    client,
    give_purpose,
    tmp_path,
    media,  # noqa: F811
):
    """The council's manager, with a purpose, reads the police issuer's name on each notice:
    both files are marked as holding personal data."""
    client.force_login(manager)
    give_purpose(client, ready.problem, "court_preparation")
    made = client.post(_url(ready), {"paper": "notices"})
    assert made.status_code == 302
    assert {d.format for d in GeneratedDocument.objects.all()} == {"pdf", "zip"}
    pdf = GeneratedDocument.objects.get(format="pdf")
    assert pdf.personal_data is True  # each notice names its issuer, read with a purpose
    assert PERSONAL_MARKING in pdf_text(stored(pdf), tmp_path)
    assert GeneratedDocument.objects.get(format="zip").personal_data is True
    page = client.get(made["Location"])
    assert "No notice for Block J" in page.content.decode()
    assert "ZIP of separate PDFs" in page.content.decode()


def test_the_letters_form_names_what_is_missing(
    ready,
    estate_inspector,
    client,
    give_purpose,
    media,  # noqa: F811
):
    client.force_login(estate_inspector)
    give_purpose(client, ready.problem)
    page = client.post(_url(ready), {"paper": "letters_pdf", "letters-description": ""})
    assert page.status_code == 200
    assert "Say what the problem is, in words for residents." in page.content.decode()
    assert not GeneratedDocument.objects.exists()


def test_the_letters_zip_button_stores_one_file_per_premises(
    ready,
    estate_inspector,
    client,
    give_purpose,
    media,  # noqa: F811
):
    from clearhold.places.models import Unit

    for closure in ready.closures.all():
        Unit.objects.create(site=closure.site, name="Flat 1", address="Flat 1, Lanacre Avenue")
    client.force_login(estate_inspector)
    give_purpose(client, ready.problem)
    made = client.post(_url(ready), {"paper": "letters_zip", "letters-description": "Noise."})
    assert made.status_code == 302
    document = GeneratedDocument.objects.get()
    assert document.format == "zip"
    assert "one file per premises" in document.title
    assert "One PDF per premises (ZIP)" in client.get(made["Location"]).content.decode()


def test_a_listing_with_nothing_listed_says_so_on_the_page(
    ready,
    estate_inspector,
    client,
    give_purpose,
    media,  # noqa: F811
):
    listing = listing_of(ready, estate_inspector)
    listing.listed_at = listing.listed_at.replace(hour=14)  # no notice booked it
    listing.save()
    client.force_login(estate_inspector)
    give_purpose(client, ready.problem)
    page = client.get(_url(ready))
    assert "Make the bundle for Willesden Magistrates&#x27; Court, 4 July 2023 14:00" in (
        page.content.decode()
    )
    blocked = client.post(_url(ready), {"paper": "bundle", "listing": listing.pk})
    assert blocked.status_code == 200
    assert "No application is listed at Willesden" in blocked.content.decode()
    assert not GeneratedDocument.objects.exists()


@pytest.mark.parametrize("paper", ["notices", "schedule_csv", "letters_pdf", "letters_zip"])
def test_someone_outside_the_partnership_is_refused_and_nothing_is_stored(
    ready,
    outsider,
    outmanager,
    client,
    paper,
    media,  # noqa: F811
):
    for person in (outsider, outmanager):
        client.force_login(person)
        assert client.get(_url(ready)).status_code in (403, 404)
        refused = client.post(_url(ready), {"paper": paper, "letters-description": "Noise."})
        assert refused.status_code in (403, 404)
    assert not GeneratedDocument.objects.exists()


class _Watched(BaseHTTPRequestHandler):
    asked: list[str] = []

    def do_GET(self) -> None:
        _Watched.asked.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


def test_the_bulk_notices_read_no_file_and_fetch_no_url_outside_clearhold(
    ready,
    estate,
    manager,
    estate_inspector,
    tmp_path,
    media,  # noqa: F811
):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Watched)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"http://127.0.0.1:{server.server_port}/probe.png"
    try:
        source = kind_get("closure_notice").builtin_source() + (
            '<img src="file:///etc/passwd" alt="passwd">'
            f'<img src="{address}" alt="probe">'
            '<link rel="stylesheet" href="file:///etc/passwd">'
            '<a rel="attachment" href="file:///etc/passwd">attached</a>'
        )
        DocumentTemplate.objects.create(
            organisation=estate.lead_organisation,
            kind="closure_notice",
            version=1,
            source=source,
            uploaded_by=manager,
        )
        made = operation_notices_make(user=estate_inspector, operation=ready)
    finally:
        server.shutdown()
    assert _Watched.asked == []
    data = stored(made.pdf)
    assert b"root:x:0:0" not in data
    assert "root:x:0:0" not in pdf_text(data, tmp_path)
    assert made.pdf.template_version.startswith("closure_notice@1#")
    refused = AuditEntry.objects.get(action=AuditAction.REFUSED, object_id=str(made.pdf.pk))
    assert "file:///etc/passwd" in refused.detail
    assert address in refused.detail
