"""Fixtures for the documents tests: the powers tests' Wisbech closure, the advice contacts a
notice needs, and readers for the text of generated PDFs (pdftotext) and DOCX files."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from clearhold.documents.docx_render import docx_text
from clearhold.documents.services import details_save
from tests.powers.conftest import (  # noqa: F401  (fixtures shared with the powers tests)
    closure,
    inspector,
    live_order,
    notice,
    order,
    prepared,
    served,
    superintendent,
)

ARTEFACTS = Path(__file__).resolve().parents[2] / "test-artefacts"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Generated files go to a throw-away folder, not the developer's var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def details(problem, manager):
    return details_save(
        user=manager,
        problem=problem,
        residents_contact="Fenland District Council ASB team, 01354 654321, asb@fenland.example",
        housing_advice="Shelter Cambridgeshire, 0808 800 4444, 1 Example Road, Cambridge",
        legal_advice="Cambridge Law Centre, 01223 000000, 2 Example Street, Cambridge",
        signatory="Jo Smith, ASB Officer, Fenland District Council",
    )


def add_incidents(site, months, category: str = "asb-unclassified") -> None:
    """Incidents at the centre of ``site``, one per entry of ``months``."""
    from clearhold.incidents.models import ImportBatch, Incident

    batch = ImportBatch.objects.create(source="test")
    start = Incident.objects.count()
    Incident.objects.bulk_create(
        Incident(
            batch=batch,
            source="policeuk",
            reference=f"TEST-{start + i:05d}",
            category=category,
            month=month,
            easting=site.easting,
            northing=site.northing,
            location="On or near West Street",
            row_key=10**13 + start + i,
        )
        for i, month in enumerate(months)
    )


def pdf_text(data: bytes, tmp_path: Path) -> str:
    """The text of a PDF as Debian's pdftotext reads it (layout kept)."""
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def pdf_pages(data: bytes, tmp_path: Path) -> int:
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    return int(
        next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages"))
    )


def pdf_page_image(data: bytes, name: str, page: int = 1) -> Path:
    """Render one page as PNG into test-artefacts/ (pdftoppm), to be looked at."""
    ARTEFACTS.mkdir(exist_ok=True)
    source = ARTEFACTS / f"{name}.pdf"
    source.write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile",
         str(source), str(ARTEFACTS / name)],
        check=True,
    )  # fmt: skip
    return ARTEFACTS / f"{name}.png"


def stored(document) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def text_of(document, tmp_path: Path) -> str:
    data = stored(document)
    return pdf_text(data, tmp_path) if document.format == "pdf" else docx_text(data)


def docx_xml(data: bytes) -> str:
    """Every part of a DOCX (body, headers, footers, properties...) as one text, so nothing
    in a header or a field escapes a check."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(
            archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
        )
