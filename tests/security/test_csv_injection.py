"""CSV exports open safely in a spreadsheet: a cell that would run as a formula is escaped with a
leading apostrophe (OWASP), in every CSV ClearHold writes."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearhold.audit.models import AuditAction
from clearhold.audit.services import audit_record
from clearhold.toolkit.csvstream import FORMULA_STARTS, csv_lines, spreadsheet_safe

HYPERLINK = '=HYPERLINK("http://x","y")'


def parsed(lines) -> list[list[str]]:
    return list(csv.reader(io.StringIO("".join(lines))))


@pytest.mark.parametrize(
    "cell",
    [HYPERLINK, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1", "=1"],
)
def test_a_formula_cell_is_escaped_with_an_apostrophe(cell):
    assert spreadsheet_safe(cell) == "'" + cell
    assert parsed(csv_lines(["a"], [[cell]]))[1] == ["'" + cell]


@pytest.mark.parametrize("cell", ["-2.5", "+44", "-1e3", 7, -3, None, "Flat 1", "a=b", ""])
def test_numbers_and_plain_text_are_left_alone(cell):
    assert spreadsheet_safe(cell) == cell


@given(st.text(max_size=40))
def test_no_text_cell_can_start_a_formula_and_nothing_is_lost(text):
    safe = spreadsheet_safe(text)
    assert safe == text or safe == "'" + text
    if safe != text:
        assert text.startswith(FORMULA_STARTS)
    else:
        assert not text.startswith(FORMULA_STARTS) or float(text) == float(text)


def test_the_header_is_escaped_too():
    assert parsed(csv_lines([HYPERLINK], []))[0] == ["'" + HYPERLINK]


def test_the_audit_export_of_a_hyperlink_comes_back_escaped(client, administrator):
    audit_record(action=AuditAction.CHANGE, object_repr=HYPERLINK, detail="@SUM(1+1)*cmd|' /C'")
    client.force_login(administrator)
    response = client.get("/audit/export.csv")
    assert response.status_code == 200
    rows = parsed(chunk.decode() for chunk in response.streaming_content)
    header = rows[0]
    cells = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    entry = next(c for c in cells if HYPERLINK in c["object_repr"])
    assert entry["object_repr"] == "'" + HYPERLINK
    assert entry["detail"] == "'@SUM(1+1)*cmd|' /C'"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


@pytest.mark.django_db
def test_the_mailing_house_csv_escapes_a_unit_named_as_a_formula(
    problem, site, manager, settings, tmp_path
):
    from clearhold.documents.kinds import kind_get
    from clearhold.documents.services import details_save, document_generate
    from clearhold.places.models import Unit

    settings.MEDIA_ROOT = tmp_path
    details_save(
        user=manager,
        problem=problem,
        residents_contact="ASB team, 01354 654321",
        housing_advice="Shelter, 0808 800 4444",
        legal_advice="Law Centre, 01223 000000",
        signatory="ASB Officer",
    )
    Unit.objects.create(site=site, name=HYPERLINK, address="Flat 1\nOnyx Court\nWisbech PE13 1AB")
    document = document_generate(
        user=manager,
        kind=kind_get("resident_letter"),
        subject=problem,
        fmt="csv",
        inputs={"description": "People gather in the stairwells at night."},
    )
    with document.file.open("rb") as stored:
        rows = list(csv.DictReader(io.StringIO(stored.read().decode("utf-8-sig"))))
    assert rows[0]["unit"] == "'" + HYPERLINK
    assert "Onyx Court" in rows[0].values()
    assert not any(cell.startswith("=") for cell in rows[0].values())
