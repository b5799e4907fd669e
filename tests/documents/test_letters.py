"""Letters to residents: one letter per home on the problem's sites, as one PDF to print, one
Word file or a CSV for a mailing house; blocked, naming every home, when an address is missing."""

from __future__ import annotations

import csv
import io
import subprocess

import pytest
from django.urls import reverse

from clearhold.documents.content.letters import access_sentence, address_lines
from clearhold.documents.docx_render import docx_text
from clearhold.documents.kinds import kind_get
from clearhold.documents.models import DocumentTemplate, GeneratedDocument
from clearhold.documents.reading import reading_check
from clearhold.documents.services import DocumentBlocked, document_generate, template_check
from clearhold.places.models import Unit
from tests.documents.conftest import pdf_page_image, pdf_pages, pdf_text, stored

pytestmark = pytest.mark.django_db

CONTACT = "01354 654321"
WHAT = "People have been gathering in the stairwells at night and leaving needles."
LONG_SENTENCE = " ".join(["word"] * 39) + " end."


def homes(site, count: int, *, without_address: tuple[int, ...] = ()) -> list[Unit]:
    """``count`` flats at ``site``, numbered from 1, with a four-line address and postcode."""
    return Unit.objects.bulk_create(
        Unit(
            site=site,
            name=f"Flat {n}",
            address=""
            if n in without_address
            else f"Flat {n}\nOnyx Court\nWest Street\nWisbech PE13 1AB",
        )
        for n in range(1, count + 1)
    )


def letters(user, problem, fmt: str, **inputs) -> GeneratedDocument:
    return document_generate(
        user=user,
        kind=kind_get("resident_letter"),
        subject=problem,
        fmt=fmt,
        inputs={"description": WHAT, **inputs},
    )


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_500_homes_get_one_pdf_of_500_letters(problem, site, details, manager, tmp_path):
    homes(site, 500)
    document = letters(manager, problem, "pdf")
    data = stored(document)
    assert pdf_pages(data, tmp_path) == 500
    pages = pdf_text(data, tmp_path).split("\f")
    for n, page in enumerate(pages[:500], start=1):
        flat = _flat(page)
        assert f"The Occupier Flat {n} Onyx Court West Street Wisbech PE13 1AB" in flat, n
        assert CONTACT in flat, n
        assert "keep full access to your home" in flat, n
    assert document.template_version.startswith("resident_letter@built-in#")
    assert pdf_page_image(data, "resident-letter-page-1").stat().st_size > 5_000
    # Laid out in parts on each processor and joined: still one tag tree, a heading per letter.
    path = tmp_path / "letters.pdf"
    path.write_bytes(data)
    tree = subprocess.run(
        ["pdfinfo", "-struct", str(path)], check=True, capture_output=True, text=True
    ).stdout
    assert tree.count("Document") == 1
    assert tree.count("H1 (block)") == 500


def test_the_mailing_house_csv_has_a_row_per_home(problem, site, details, manager):
    homes(site, 500)
    Unit.objects.create(
        site=site, name="Flat 501", address="Flat 501, Onyx Court, Wisbech PE13 1AB"
    )
    data = stored(letters(manager, problem, "csv"))
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
    text = data.decode("utf-8-sig")
    assert len(text.strip().splitlines()) == 502
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == [
        "reference", "addressee", "unit", "site",
        "address_1", "address_2", "address_3", "address_4", "postcode",
    ]  # fmt: skip
    assert rows[0]["addressee"] == "The Occupier"
    assert (rows[0]["unit"], rows[0]["address_1"], rows[0]["address_4"]) == (
        "Flat 1",
        "Flat 1",
        "Wisbech",
    )
    assert {row["postcode"] for row in rows} == {"PE13 1AB"}
    assert rows[9]["unit"] == "Flat 10"  # flats in their natural order, not Flat 1, 10, 100
    assert rows[-1]["address_2"] == "Onyx Court"
    assert rows[-1]["address_4"] == ""
    assert len({row["reference"] for row in rows}) == 501


def test_the_word_file_holds_every_letter(problem, site, details, manager):
    homes(site, 500)
    text = docx_text(stored(letters(manager, problem, "docx")))
    assert text.count("The Occupier") == 500
    assert text.count("keep full access to your home") == 500
    assert text.count(CONTACT) == 500
    assert "Flat 500" in text
    assert "Flat 1\n" in text


def test_homes_without_an_address_block_the_run_each_named(problem, site, details, manager):
    homes(site, 12, without_address=(3, 9))
    for fmt in ("pdf", "csv"):
        with pytest.raises(DocumentBlocked) as blocked:
            letters(manager, problem, fmt)
        assert blocked.value.messages == [
            "Flat 3 and Flat 9 of West Street open space have no address: add it on the site page."
        ]
    assert not GeneratedDocument.objects.exists()


def test_no_homes_and_no_contact_block_the_letters(problem, site, manager):
    with pytest.raises(DocumentBlocked) as blocked:
        letters(manager, problem, "pdf")
    messages = " ".join(blocked.value.messages)
    assert "West Street open space has no homes or units recorded" in messages
    assert "whom residents can contact" in messages
    assert "Document details" in messages
    assert not GeneratedDocument.objects.exists()


def test_a_letter_explains_the_closure_in_force_and_that_residents_keep_access(
    problem, site, details, live_order, inspector, tmp_path
):
    homes(site, 2)
    document = letters(inspector, problem, "pdf", next_steps="We will patrol every evening.")
    assert pdf_pages(stored(document), tmp_path) == 2  # the longest letter still fits a page
    text = _flat(pdf_text(stored(document), tmp_path))
    assert "A closure order covers the open space off West Street" in text
    assert "Staff of Clarion Housing" in text
    assert "without a good reason is breaking the law" in text
    assert "You keep full access to your home. The closure does not stop you" in text
    assert "We will patrol every evening." in text
    assert text.count("Dear resident") == 2
    assert "Inspector" not in text
    assert inspector.last_name not in text


def test_an_order_that_bars_residents_is_said_plainly():
    barred = [{"premises": "Flat 7, Onyx Court", "bars_residents": True}]
    assert access_sentence(barred) == (
        "The closure of Flat 7, Onyx Court also applies to the people who live there. "
        "If you live anywhere else, you keep full access to your home."
    )
    assert access_sentence([]).startswith("You keep full access to your home.")


@pytest.mark.parametrize(
    ("name", "address", "lines", "postcode"),
    [
        ("Flat 3", "Flat 3\nOnyx Court\nWisbech\nPE13 1AB", ["Flat 3", "Onyx Court", "Wisbech"],
         "PE13 1AB"),
        ("Flat 3", "Onyx Court, West Street, Wisbech pe131ab", ["Flat 3", "Onyx Court",
         "West Street", "Wisbech"], "PE13 1AB"),
        ("12", "12 High Street\nMarch", ["12 High Street", "March"], ""),
    ],
)  # fmt: skip
def test_an_address_is_split_into_lines_and_postcode(name, address, lines, postcode):
    assert address_lines(Unit(name=name, address=address)) == (lines, postcode)


def test_the_built_in_letter_passes_the_reading_check():
    kind = kind_get("resident_letter")
    source = kind.builtin_source()
    check = template_check(kind, source)
    assert check.ok
    assert check.warnings == []
    assert reading_check(source).long_sentences == []
    assert '<section class="ch-letter">' in source


def _adapted(extra: str) -> str:
    return kind_get("resident_letter").builtin_source().replace("</section>", extra + "</section>")


def test_an_adapted_letter_with_a_long_sentence_is_kept_with_a_warning(
    client, problem, manager, details
):
    client.force_login(manager)
    page = reverse("documents:template", args=["resident_letter"])
    response = client.post(page, {"source": _adapted(f"<p>{LONG_SENTENCE}</p>"), "note": "x"})
    assert response.status_code == 302
    assert DocumentTemplate.objects.get(kind="resident_letter").version == 1
    shown = client.get(page).content.decode()
    assert 'data-testid="reading-warnings"' in shown
    assert "A sentence of 40 words" in shown
    generate = reverse("documents:generate", args=[problem.pk, "resident_letter"])
    shown = client.get(generate + f"?of={problem.pk}").content.decode()
    assert 'data-testid="reading-warnings"' in shown
    assert "A sentence of 40 words" in shown


def test_an_adapted_letter_with_an_unknown_placeholder_is_refused_at_upload(client, manager):
    client.force_login(manager)
    page = reverse("documents:template", args=["resident_letter"])
    response = client.post(page, {"source": _adapted("<p>{{ unit.adress }}</p>"), "note": ""})
    assert response.status_code == 200
    assert "unknown placeholder {{ unit.adress }}" in response.content.decode().lower()
    assert not DocumentTemplate.objects.exists()


def test_an_adapted_letter_may_not_leave_out_the_access_sentence(client, manager):
    client.force_login(manager)
    page = reverse("documents:template", args=["resident_letter"])
    source = kind_get("resident_letter").builtin_source().replace("{{ access }}", "")
    response = client.post(page, {"source": source, "note": ""})
    assert "The template leaves out {{ access }}" in response.content.decode()
    assert not DocumentTemplate.objects.exists()


def test_the_generate_page_makes_the_letters_and_names_homes_that_block_them(
    client, problem, site, details, manager
):
    client.force_login(manager)
    homes(site, 4, without_address=(2,))
    page = reverse("documents:generate", args=[problem.pk, "resident_letter"])
    form = {"of": problem.pk, "doc-format": "csv", "description": WHAT}
    shown = client.post(page, form).content.decode()
    assert 'data-testid="blocked"' in shown
    assert "Flat 2 of West Street open space has no address" in shown
    Unit.objects.filter(name="Flat 2").update(address="Flat 2, Onyx Court, Wisbech PE13 1AB")
    response = client.post(page, form)
    assert response.status_code == 302
    document = GeneratedDocument.objects.get()
    assert document.inputs["description"] == WHAT
    assert stored(document).decode("utf-8-sig").count("The Occupier") == 4


def test_the_letters_ask_what_the_problem_is(client, problem, site, details, manager):
    client.force_login(manager)
    homes(site, 1)
    page = reverse("documents:generate", args=[problem.pk, "resident_letter"])
    shown = client.post(page, {"of": problem.pk, "doc-format": "pdf"}).content.decode()
    assert "Say what the problem is, in words for residents." in shown
    assert not GeneratedDocument.objects.exists()


def test_contact_details_typed_on_several_lines_read_as_one(problem, site, manager):
    from clearhold.documents.content.letters import resident_letter
    from clearhold.documents.services import details_save
    from clearhold.readmodel import Reader

    homes(site, 1)
    details_save(
        user=manager,
        problem=problem,
        residents_contact="ASB team\n01354 654321,\nasb@fenland.example.",
        signatory="Jo Smith",
    )
    reader = Reader(manager, log=False)
    content = resident_letter(subject=problem, reader=reader, inputs={"description": WHAT})
    assert content.blocking == []
    assert content.context["advice"]["residents_contact"] == (
        "ASB team, 01354 654321, asb@fenland.example"
    )
