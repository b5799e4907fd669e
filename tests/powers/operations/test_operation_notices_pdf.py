"""An operation's closure notices in bulk: one PDF in street order after a contents page, a
ZIP of the separate notices, and a premises without a notice named, not fatal."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from clearhold.audit.models import AuditAction, AuditEntry
from clearhold.documents.models import GeneratedDocument
from clearhold.documents.operation_notices import operation_notices_make
from clearhold.documents.services import DocumentBlocked
from tests.documents.conftest import media, pdf_text, stored  # noqa: F401
from tests.powers.operations.papers import noticed, papers_details

pytestmark = pytest.mark.django_db


@pytest.fixture
def route(operation, estate, manager):
    """Walk the blocks east to west: the route, not the names, sets the order."""
    closures = list(operation.closures.order_by("id"))
    for position, closure in enumerate(reversed(closures), start=1):
        closure.route_position = position
        closure.save(update_fields=["route_position"])
    papers_details(estate, manager)
    return operation


def _block_order(text: str) -> list[str]:
    """The block each notice page names, in page order (the running title of every page)."""
    pages = text.split("\f")
    found = []
    for page in pages[1:]:  # after the contents page
        names = re.findall(r"communal areas of (Block [A-J])", page)
        if names and (not found or found[-1] != names[0]):
            found.append(names[0])
    return found


def test_the_notices_come_in_street_order_after_a_contents_page(
    route,
    estate_inspector,
    tmp_path,
    media,  # noqa: F811
):
    noticed(route, estate_inspector)
    made = operation_notices_make(user=estate_inspector, operation=route)
    text = pdf_text(stored(made.pdf), tmp_path)
    walked = [f"Block {letter}" for letter in "JIHGFEDCBA"]
    assert _block_order(text) == walked
    contents = text.split("\f")[0]
    assert contents.index("Block J") < contents.index("Block A")
    assert [n.premises for n in made.made] == walked
    assert made.made[0].first_page == 2  # after the one contents page
    for notice in made.made:  # each keeps the reference the single notice has
        closure = route.closures.get(site__name=notice.premises)
        assert notice.reference == f"CH-{route.problem_id}-{closure.pk}"
        assert notice.reference in text
    assert not made.missing
    assert made.pdf.personal_data is False  # no purpose given: the issuer is not named
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, object_id=str(made.pdf.pk)).exists()


def test_the_zip_holds_one_notice_per_premises_named_by_route(
    route,
    estate_inspector,
    media,  # noqa: F811
):
    noticed(route, estate_inspector)
    made = operation_notices_make(user=estate_inspector, operation=route)
    assert made.archive.format == "zip"
    with zipfile.ZipFile(io.BytesIO(stored(made.archive))) as archive:
        names = archive.namelist()
        first = archive.read(names[0])
    assert len(names) == 10
    assert names[0] == "01-block-j-closure-notice.pdf"
    assert names[-1] == "10-block-a-closure-notice.pdf"
    assert first.startswith(b"%PDF")


def test_a_premises_without_a_notice_is_named_and_the_others_are_made(
    route,
    estate_inspector,
    tmp_path,
    media,  # noqa: F811
):
    noticed(route, estate_inspector, skip=3)  # the fourth on the route: Block G
    made = operation_notices_make(user=estate_inspector, operation=route)
    assert [m.premises for m in made.missing] == ["Block G"]
    assert "No closure notice has been issued" in made.missing[0].reasons[0]
    assert len(made.made) == 9
    contents = pdf_text(stored(made.pdf), tmp_path).split("\f")[0]
    assert "no notice here" in contents
    assert "Block G" in contents
    assert made.pdf.inputs["missing"] == ["Block G"]


def test_no_notice_at_all_stores_nothing_and_names_every_premises(
    route,
    estate_inspector,
    media,  # noqa: F811
):
    with pytest.raises(DocumentBlocked) as blocked:
        operation_notices_make(user=estate_inspector, operation=route)
    assert len(blocked.value.messages) == 10
    assert "Block J" in blocked.value.messages[0]
    assert not GeneratedDocument.objects.exists()
