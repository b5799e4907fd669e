"""HTML to PDF with WeasyPrint: A4, page numbers, tagged headings for screen readers.

WeasyPrint (BSD, kept by CourtBouillon) lays out HTML and CSS for print with Debian's pango and
needs no browser or server; ``pdf_tags=True`` writes a tagged PDF, so headings, lists and
tables reach assistive technology as structure. The page frame (running title, "Page n of m",
protective marking) is the stylesheet ``doc_templates/print.css``, which a council may adapt.
"""

from __future__ import annotations

import html
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pydyf
import weasyprint

from clearhold.documents.pdf_merge import merge_tagged

TEMPLATES = Path(__file__).parent / "doc_templates"
# A part is worth its own process from about this many one-page items: starting a process and
# loading WeasyPrint costs about a second, laying out a letter about 45 ms.
ITEMS_PER_PART = 40
MAX_PARTS = 8


def _cache_page_references() -> None:
    """Make tagging a long PDF linear instead of quadratic.

    WeasyPrint reads pydyf's ``PDF.page_references`` for every tagged element, and pydyf
    rebuilds the tuple of every page's reference on each read: 500 tagged letters spent ~20 s
    there (bench/bench_letters.py). The tuple only changes when a page is added, so it is cached
    against the page count. Checked by the tests that count pages and read tagged PDFs.
    """
    original = pydyf.PDF.page_references

    def page_references(pdf: pydyf.PDF) -> tuple[bytes, ...]:
        kids = pdf.pages["Kids"]
        cached = getattr(pdf, "_clearhold_page_references", None)
        if cached is None or cached[0] != len(kids):
            cached = (len(kids), original.fget(pdf))
            pdf._clearhold_page_references = cached
        return cached[1]

    pydyf.PDF.page_references = property(page_references)


_cache_page_references()
_CSS = weasyprint.CSS(filename=str(TEMPLATES / "print.css"))


def page(body: str, *, title: str, organisation: str, marking: str = "") -> str:
    """The whole HTML page around a rendered document body."""
    marking_html = f'<p class="ch-marking">{html.escape(marking)}</p>' if marking else ""
    return (
        '<!doctype html><html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        f'<meta name="author" content="{html.escape(organisation)}">'
        '<meta name="generator" content="ClearHold">'
        f'</head><body><p class="ch-running-title">{html.escape(title)}</p>{marking_html}'
        f"{body}</body></html>"
    )


def html_to_pdf(document: str) -> bytes:
    """A tagged A4 PDF of a whole HTML page."""
    return weasyprint.HTML(string=document, base_url=str(TEMPLATES)).write_pdf(
        stylesheets=[_CSS], pdf_tags=True
    )


def parts_for(items: int) -> int:
    """How many parts to lay out a run of ``items`` separate items in: one per processor this
    process may use, when each part still has at least ``ITEMS_PER_PART`` items."""
    return max(1, min(len(os.sched_getaffinity(0)), MAX_PARTS, items // ITEMS_PER_PART))


def html_parts_to_pdf(documents: list[str]) -> bytes:
    """One tagged PDF of several whole HTML pages, laid out side by side and joined in order.

    WeasyPrint lays out on one processor, so a 500-letter run is cut into parts (see
    :func:`parts_for`): this process lays out the first while fresh processes ("spawn", so no
    database connection or lock is inherited) lay out the others; the parts are then joined with
    their tags and bookmarks (:func:`merge_tagged`). The parts must not link to each other and
    must not number their pages across the whole run: each part counts its own pages.
    """
    if len(documents) == 1:
        return html_to_pdf(documents[0])
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=len(documents) - 1, mp_context=context) as pool:
        later = [pool.submit(html_to_pdf, document) for document in documents[1:]]
        first = html_to_pdf(documents[0])
        return merge_tagged([first, *(part.result() for part in later)])
