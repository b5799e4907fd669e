"""HTML to PDF with WeasyPrint: A4, page numbers, tagged headings for screen readers.

WeasyPrint (BSD, kept by CourtBouillon) lays out HTML and CSS for print with Debian's pango and
needs no browser or server; ``pdf_tags=True`` writes a tagged PDF, so headings, lists and
tables reach assistive technology as structure. The page frame (running title, "Page n of m",
protective marking) is the stylesheet ``doc_templates/print.css``, which a council may adapt.

A template is HTML a manager edits, so layout reads nothing but ClearHold's own packaged files
and the images drawn for the request (:class:`~clearhold.documents.fetch.PackagedFetcher`) and
embeds no attachment; what it refused is logged here and handed back for the audit log.
"""

from __future__ import annotations

import html
import logging
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import pydyf
import weasyprint

from clearhold.documents.fetch import PackagedFetcher, without_attachments
from clearhold.documents.pdf_merge import merge_tagged

logger = logging.getLogger(__name__)

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
_CSS = weasyprint.CSS(filename=str(TEMPLATES / "print.css"), url_fetcher=PackagedFetcher())


@dataclass(frozen=True)
class Rendered:
    """A document's bytes and the addresses its HTML asked for that were refused (none read)."""

    data: bytes
    refused: tuple[str, ...] = ()


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
    return lay_out([document]).data


def _lay_out_one(document: str) -> Rendered:
    """One page laid out in this process, reading only packaged files, with no attachment."""
    fetcher = PackagedFetcher()
    source = weasyprint.HTML(string=document, base_url=str(TEMPLATES), url_fetcher=fetcher)
    without_attachments(source.etree_element)
    pdf = source.write_pdf(stylesheets=[_CSS], pdf_tags=True)
    return Rendered(pdf, tuple(fetcher.refused))


def parts_for(items: int) -> int:
    """How many parts to lay out a run of ``items`` separate items in: one per processor this
    process may use, when each part still has at least ``ITEMS_PER_PART`` items."""
    return max(1, min(len(os.sched_getaffinity(0)), MAX_PARTS, items // ITEMS_PER_PART))


def html_parts_to_pdf(documents: list[str]) -> bytes:
    """One tagged PDF of several whole HTML pages (see :func:`lay_out`)."""
    return lay_out(documents).data


def _lay_out_run(documents: list[str]) -> list[Rendered]:
    """Several pages laid out one after another in this process, each its own PDF."""
    return [_lay_out_one(document) for document in documents]


def lay_out_each(documents: list[str]) -> list[Rendered]:
    """Each whole HTML page laid out as its own tagged PDF, in order: the pages are cut into
    :func:`parts_for` runs, the first laid out here and the others in fresh processes (see
    :func:`lay_out`). For papers that are both joined and handed over one by one (an
    operation's notices: 49 are laid out in one part, 80 or more in two on two processors)."""
    size = -(-len(documents) // parts_for(len(documents))) or 1
    runs = [documents[start : start + size] for start in range(0, len(documents), size)]
    if len(runs) <= 1:
        laid_out = _lay_out_run(documents)
    else:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=len(runs) - 1, mp_context=context) as pool:
            later = [pool.submit(_lay_out_run, run) for run in runs[1:]]
            laid_out = _lay_out_run(runs[0])
            for part in later:
                laid_out += part.result()
    for url in (url for part in laid_out for url in part.refused):
        logger.warning("A document template asked for %s; it was not read or fetched.", url)
    return laid_out


def lay_out(documents: list[str], parts_done: Callable[[int, int], None] | None = None) -> Rendered:
    """One tagged PDF of several whole HTML pages, laid out side by side and joined in order.

    WeasyPrint lays out on one processor, so a 500-letter run is cut into parts (see
    :func:`parts_for`): this process lays out the first while fresh processes ("spawn", so no
    database connection or lock is inherited) lay out the others; the parts are then joined with
    their tags and bookmarks (:func:`merge_tagged`). The parts must not link to each other and
    must not number their pages across the whole run: each part counts its own pages. Every
    part reads through its own :class:`PackagedFetcher`; what any part refused is logged here.
    ``parts_done(done, total)`` is told as each part is laid out (a run's progress bar).
    """
    told = parts_done or (lambda done, total: None)
    if len(documents) == 1:
        laid_out = [_lay_out_one(documents[0])]
        told(1, 1)
    else:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=len(documents) - 1, mp_context=context) as pool:
            later = [pool.submit(_lay_out_one, document) for document in documents[1:]]
            first = _lay_out_one(documents[0])
            told(1, len(documents))
            for done, _ in enumerate(as_completed(later), start=2):
                told(done, len(documents))
            laid_out = [first, *(part.result() for part in later)]
    refused = tuple(url for part in laid_out for url in part.refused)
    for url in refused:
        logger.warning("A document template asked for %s; it was not read or fetched.", url)
    return Rendered(merge_tagged([part.data for part in laid_out]), refused)
