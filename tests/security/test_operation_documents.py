"""An operation's papers resolve nothing outside the package, open safely in a spreadsheet, and
are made and downloaded only by those allowed (issue 20; the threats of
``test_document_fetch.py``, ``test_csv_injection.py`` and ``test_document_leaks.py``).

Reproduced as: a manager saving the closure notice's template with every file and URL payload
and making the operation's notices in bulk (one joined PDF, and a ZIP of each notice); a block,
a court and an allow-list clause named as spreadsheet formulas, then the schedule of orders as
CSV; a partner viewer posting to the Papers page, an outsider opening it, a listing of another
operation's posted for its bundle, and a partner downloading the ZIP of notices that name
their issuers.

What must hold: no attachment, file text, picture or request from outside in the joined PDF or
any notice in the ZIP (the refusals audited); every CSV cell that would run as a formula is
escaped with an apostrophe; the viewer and the outsider are refused and nothing is made; the
other operation's listing is not found; the ZIP marked personal is refused to the partner.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pytest
from django.urls import reverse

from clearhold.audit.models import AuditAction, AuditEntry
from clearhold.documents.models import GeneratedDocument
from clearhold.documents.operation_notices import operation_notices_make
from clearhold.documents.operation_papers import order_schedule_make
from clearhold.places.models import Site
from clearhold.powers.models import ClosureNotice, ClosureOrder, Hearing, Listing, Operation
from clearhold.powers.selectors import operation_closures
from clearhold.problems.services import partner_add
from tests.api.conftest import call, token_of  # noqa: F401  (the API's own test client)
from tests.documents.conftest import media, stored  # noqa: F401
from tests.powers.operations.papers import (
    issue_notice,
    listing_of,
    papers_details,
    serve_hear_and_order,
)
from tests.security.test_document_fetch import (  # noqa: F401  (fixtures)
    assert_nothing_carried,
    canary,
    payloads,
    save_template,
    server,
)

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://x","y")'


@pytest.fixture
def noticed(operation, estate, manager, estate_inspector, media):  # noqa: F811
    """The first two blocks with their notices issued (the papers' details saved)."""
    papers_details(estate, manager)
    closures = operation_closures(operation)
    for closure in closures[:2]:
        issue_notice(closure, estate_inspector)
    return operation


def test_the_notices_in_bulk_read_no_file_and_fetch_no_url(
    client,
    noticed,
    manager,
    estate_inspector,
    canary,  # noqa: F811
    server,  # noqa: F811
    tmp_path,
):
    save_template(client, manager, "closure_notice", payloads(canary, server["url"]))
    made = operation_notices_make(user=estate_inspector, operation=noticed)
    assert len(made.made) == 2
    assert_nothing_carried(stored(made.pdf), canary, tmp_path)
    with zipfile.ZipFile(io.BytesIO(stored(made.archive))) as archive:
        assert all(".." not in name and not name.startswith("/") for name in archive.namelist())
        for name in archive.namelist():
            assert_nothing_carried(archive.read(name), canary, tmp_path)
    assert server["hits"] == []
    audited = AuditEntry.objects.filter(action=AuditAction.REFUSED, object_id=str(made.pdf.pk))
    assert canary["png"] in audited.get().detail


@pytest.fixture
def formulas(noticed, estate_inspector, estate_constable):
    """Block A named, its court listed and its allow-list worded as spreadsheet formulas."""
    first = operation_closures(noticed)[0]
    listing = listing_of(noticed, estate_inspector)
    serve_hear_and_order(first, first.notice, estate_inspector, estate_constable, listing)
    Site.objects.filter(pk=first.site_id).update(name=HYPERLINK, address="+1+cmd|' /C calc'!A0")
    first.premises_description = "-2+3 the stairwells"
    first.save(update_fields=["premises_description"])
    order = ClosureOrder.objects.get(closure=first)
    order.exemptions = [{"code": "other", "clause": "@SUM(1+1)*cmd|' /C'", "organisation": ""}]
    order.save(update_fields=["exemptions"])
    ClosureNotice.objects.filter(closure__operation=noticed).update(hearing_court="=1+1 Court")
    Listing.objects.filter(pk=listing.pk).update(court="=1+1 Court")
    Hearing.objects.filter(closure=first).update(court="@Court")
    return noticed


def test_the_schedule_csv_escapes_every_cell_that_would_run_as_a_formula(
    formulas, estate_inspector
):
    document = order_schedule_make(user=estate_inspector, operation=formulas, fmt="csv")
    rows = list(csv.reader(io.StringIO(stored(document).decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    header = rows[0]
    first = dict(zip(header, rows[1], strict=True))
    assert first["Premises"] == "'-2+3 the stairwells"
    assert first["Hearing"].endswith(", @Court")  # inside the cell, after the time: harmless
    assert first["Who may enter"] == "'@SUM(1+1)*cmd|' /C'"
    second = dict(zip(header, rows[2], strict=True))
    assert second["Hearing"].endswith(", =1+1 Court")


def papers(operation) -> str:
    return reverse("documents:operation_papers", args=[operation.pk])


def test_a_viewer_may_not_make_papers_and_an_outsider_not_see_them(
    client, noticed, partner_viewer, outmanager, manager, charity
):
    partner_add(user=manager, problem=noticed.problem, organisation=charity)
    client.force_login(partner_viewer)
    for paper in ("notices", "schedule_csv", "letters_pdf", "bundle"):
        assert client.post(papers(noticed), {"paper": paper}).status_code == 403
    client.force_login(outmanager)  # a partnership manager of another organisation
    assert client.get(papers(noticed)).status_code in (403, 404)
    assert client.post(papers(noticed), {"paper": "schedule_csv"}).status_code in (403, 404)
    assert not GeneratedDocument.objects.exists()


def test_a_bundle_for_another_operations_listing_is_not_found(
    client, noticed, estate, estate_inspector, give_purpose
):
    other = Operation.objects.create(
        problem=estate, name="Operation Other", body="police", created_by=estate_inspector,
        premises_kind="communal_areas",
    )  # fmt: skip
    theirs = Listing.objects.create(
        operation=other, court="Hendon", created_by=estate_inspector,
        listed_at=dt.datetime(2023, 7, 4, 10, 0, tzinfo=dt.UTC),
    )  # fmt: skip
    client.force_login(estate_inspector)
    give_purpose(client, estate, "court_preparation")
    response = client.post(papers(noticed), {"paper": "bundle", "listing": theirs.pk})
    assert response.status_code == 404
    assert not GeneratedDocument.objects.filter(kind="listing_bundle").exists()


def test_the_zip_of_notices_naming_their_issuers_is_refused_to_a_partner(
    client,
    noticed,
    manager,
    partner_viewer,
    charity,
    call,  # noqa: F811
    token_of,  # noqa: F811
):
    partner_add(user=manager, problem=noticed.problem, organisation=charity)
    made = operation_notices_make(user=manager, operation=noticed, purpose="court_preparation")
    assert made.archive.personal_data is True
    client.force_login(partner_viewer)
    assert client.get(reverse("documents:download", args=[made.archive.pk])).status_code == 403
    api = f"/api/documents/{made.archive.pk}/download"
    assert call("GET", api, token=token_of(partner_viewer)).status_code == 403
    assert call("GET", api, token=token_of(manager)).status_code == 422  # no purpose given
    given = call("GET", api, token=token_of(manager), purpose="court_preparation")
    assert given.status_code == 200
    assert given["Content-Type"] == "application/zip"  # as the web download says
    assert b"".join(given.streaming_content) == stored(made.archive)
