"""An operation's other papers in bulk: the schedule of orders (PDF and CSV from the same
rows), the evidence bundle of a court listing (a section per premises listed) and the letters
to residents in street order."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pytest

from clearhold.documents.operation_papers import (
    listing_bundle_make,
    operation_letters_make,
    operation_letters_zip_make,
    order_schedule_make,
)
from clearhold.documents.services import DocumentBlocked
from clearhold.law import UK
from clearhold.places.models import Unit
from clearhold.powers.models import EngagementKind
from clearhold.powers.services import engagement_record
from clearhold.powers.services_order import extension_apply, extension_decide
from tests.documents.conftest import media, pdf_text, stored  # noqa: F401
from tests.powers.operations.papers import (
    issue_notice,
    listing_of,
    papers_details,
    serve_hear_and_order,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ordered(operation, estate, manager, estate_inspector, estate_constable):
    """The first three blocks on the route heard at one listing and ordered; the fourth has a
    notice booked for the listing and is not heard yet; the rest have no notice. Block A's
    order is extended by three months."""
    papers_details(estate, manager)
    listing = listing_of(operation, estate_inspector)
    closures = list(operation.closures.order_by("route_position"))
    orders = []
    for closure in closures[:3]:
        notice = issue_notice(closure, estate_inspector)
        orders.append(
            serve_hear_and_order(closure, notice, estate_inspector, estate_constable, listing)
        )
    issue_notice(closures[3], estate_inspector)
    engagement_record(
        user=estate_inspector,
        closure=closures[0],
        kind=EngagementKind.CONSULT_EXTENSION,
        who="Barnet Council",
        at=dt.datetime(2023, 9, 20, 9, 0, tzinfo=UK),
    )
    extension, _ = extension_apply(
        user=estate_inspector,
        order=orders[0],
        applied_on=dt.date(2023, 9, 25),
        new_ends_on=dt.date(2024, 1, 4),
    )
    extension_decide(
        user=estate_inspector, extension=extension, granted=True, on=dt.date(2023, 10, 2)
    )
    return listing


def _csv_rows(document) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(stored(document).decode("utf-8-sig"))))


def test_the_schedule_has_a_row_per_premises_in_street_order_with_the_extension(
    ordered,
    operation,
    estate_inspector,
    media,  # noqa: F811
):
    document = order_schedule_make(user=estate_inspector, operation=operation, fmt="csv")
    rows = _csv_rows(document)
    assert [row["Route"] for row in rows] == [str(n) for n in range(1, 11)]
    assert rows[0]["Premises"].startswith("The communal areas of Block A")
    assert rows[0]["Order made"] == "4 July 2023"
    assert rows[0]["Order ends (as made)"] == "4 October 2023"
    assert (
        rows[0]["Extensions"]
        == "Applied 25 September 2023 to 4 January 2024: granted 2 October 2023"
    )
    assert rows[0]["Order ends now"] == "4 January 2024"
    assert "Access to communal parts" in rows[0]["Scope"]
    assert "The emergency services" in rows[0]["Who may enter"]
    assert "Staff of Clarion Housing;" in rows[0]["Who may enter"]
    assert rows[1]["Extensions"] == ""
    assert rows[1]["Order ends now"] == "4 October 2023"
    assert rows[3]["Outcome"] == "Not yet heard"
    assert rows[9]["Notice issued"] == "No notice issued"
    assert rows[9]["Scope"].startswith("Applied for: Access to communal parts")
    assert document.personal_data is False


def test_the_schedule_pdf_prints_the_same_rows(
    ordered,
    operation,
    estate_inspector,
    tmp_path,
    media,  # noqa: F811
):
    document = order_schedule_make(user=estate_inspector, operation=operation, fmt="pdf")
    text = " ".join(pdf_text(stored(document), tmp_path).split())
    assert "Schedule of orders: Operation Dakota" in text
    assert text.index("Block A") < text.index("Block J")
    assert "4 January 2024" in text


def test_the_listing_bundle_has_a_section_per_premises_listed(
    ordered,
    estate_inspector,
    tmp_path,
    media,  # noqa: F811
):
    document = listing_bundle_make(user=estate_inspector, listing=ordered)
    text = pdf_text(stored(document), tmp_path)
    assert "Willesden Magistrates' Court" in text
    for number, block in enumerate(("Block A", "Block B", "Block C", "Block D"), start=1):
        assert f"{number}. {block}" in text
        assert f"{number}.6 Service of the notice" in text
    assert "5. Block E" not in text  # no notice: not listed
    sections = text.split("1.1 Incidents")
    assert len(sections) == 2  # the first section starts once, after the cover and the index


def test_a_listing_with_nothing_listed_stores_nothing(operation, estate_inspector, media):  # noqa: F811
    listing = listing_of(operation, estate_inspector)
    with pytest.raises(DocumentBlocked) as blocked:
        listing_bundle_make(user=estate_inspector, listing=listing)
    assert "No application is listed" in blocked.value.messages[0]


def test_the_letters_go_block_by_block_in_street_order(
    operation,
    estate,
    manager,
    estate_inspector,
    tmp_path,
    media,  # noqa: F811
):
    papers_details(estate, manager)
    closures = list(operation.closures.order_by("id"))
    for position, closure in enumerate(reversed(closures), start=1):
        closure.route_position = position
        closure.save(update_fields=["route_position"])
        for flat in (2, 10, 1):
            Unit.objects.create(
                site=closure.site,
                name=f"Flat {flat}",
                address=f"Flat {flat}, {closure.site.name}, Lanacre Avenue, London NW9 5FN",
            )
    document = operation_letters_make(
        user=estate_inspector,
        operation=operation,
        fmt="csv",
        inputs={"description": "People gather in the stairwells at night."},
    )
    rows = _csv_rows(document)
    assert len(rows) == 30
    assert [row["site"] for row in rows[:4]] == ["Block J", "Block J", "Block J", "Block I"]
    assert [row["unit"] for row in rows[:3]] == ["Flat 1", "Flat 2", "Flat 10"]
    assert rows[-1]["site"] == "Block A"
    assert document.title == "Letters to residents: Operation Dakota, in street order"


def test_the_listing_bundle_names_who_served_only_to_a_maker_allowed_to_see_it(
    ordered,
    manager,
    make_user,
    charity,
    tmp_path,
    media,  # noqa: F811
):
    from clearhold.accounts.roles import Role
    from clearhold.problems.services import partner_add

    partner_add(user=manager, problem=ordered.operation.problem, organisation=charity,
                sees_personal_data=False)  # fmt: skip
    outreach = make_user("outreach", charity, Role.OFFICER)
    theirs = listing_bundle_make(user=outreach, listing=ordered, purpose="court_preparation")
    assert "Estate_Constable" not in pdf_text(stored(theirs), tmp_path)
    assert theirs.personal_data is False
    ours = listing_bundle_make(user=manager, listing=ordered, purpose="court_preparation")
    text = pdf_text(stored(ours), tmp_path)
    assert "Estate_Constable" in text  # the constable who served, in the service log
    assert ours.personal_data is True
    assert "OFFICIAL-SENSITIVE: PERSONAL DATA" in text


def test_the_letters_zip_holds_one_pdf_per_premises_in_street_order(
    operation,
    estate,
    manager,
    estate_inspector,
    tmp_path,
    media,  # noqa: F811
):
    papers_details(estate, manager)
    closures = list(operation.closures.order_by("id"))[:3]
    for position, closure in enumerate(reversed(closures), start=1):
        closure.route_position = position
        closure.save(update_fields=["route_position"])
        for flat in (2, 1):
            Unit.objects.create(
                site=closure.site,
                name=f"Flat {flat}",
                address=f"Flat {flat}, {closure.site.name}, Lanacre Avenue, London NW9 5FN",
            )
    document = operation_letters_zip_make(
        user=estate_inspector,
        operation=operation,
        inputs={"description": "People gather in the stairwells at night."},
    )
    with zipfile.ZipFile(io.BytesIO(stored(document))) as archive:
        names = archive.namelist()
        block_c = archive.read(names[0])
    assert names == ["01-block-c-letters.pdf", "02-block-b-letters.pdf", "03-block-a-letters.pdf"]
    text = pdf_text(block_c, tmp_path)
    assert "Flat 1" in text
    assert "Block C" in text
    assert "Block A" not in text
    assert document.format == "zip"
