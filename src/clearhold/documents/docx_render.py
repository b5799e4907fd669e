"""HTML to DOCX: the same rendered document, in the council's Word house style.

A document's wording lives once, in its HTML template; the DOCX is that same HTML laid into a
house template with docxtpl. The house template (``doc_templates/house.docx``) is an ordinary
Word file a council can restyle — letterhead, fonts, footer — using the placeholders
``{{ title }}``, ``{{ organisation }}``, ``{{ reference }}``, ``{{ generated_on }}``,
``{{ marking }}`` and ``{{p body }}``. The body is built as a docxtpl subdocument from the
HTML's small vocabulary (headings, paragraphs with bold/italic/line breaks, lists, tables,
images as data URIs, definition lists, page breaks). One wording source means the PDF and the
DOCX cannot drift apart; a second set of Word templates per document would. HTML-to-DOCX
packages on PyPI (htmldocx, html2docx) are unmaintained since 2021–23, and our HTML is our own,
so this walker is kept small instead.

Every text that reaches the DOCX is escaped: the house placeholders are rendered with docxtpl's
autoescape on, in Jinja's sandbox, so a problem title holding ``&``, ``<``, ``</w:t>`` or a
``<w:fldSimple w:instr="INCLUDEPICTURE …">`` field prints as those characters instead of
breaking the file or injecting Word XML; the body's runs are written by python-docx, which
escapes them. Characters XML cannot hold at all (control characters) are dropped.
"""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import lxml.html
from docx.enum.text import WD_BREAK
from docx.shared import Cm
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

HOUSE = Path(__file__).parent / "doc_templates" / "house.docx"
HOUSE_PLACEHOLDERS = frozenset(
    {"title", "organisation", "reference", "generated_on", "marking", "body"}
)
_BLOCKS = {"div", "section", "article", "header", "footer", "main", "figure", "nav"}
_PAGE_WIDTH_CM = 16.5
# Characters XML 1.0 cannot hold, even escaped (lxml refuses them).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters an XML document cannot hold."""
    return _NOT_XML.sub("", text)


def house_placeholders(house: Path | bytes = HOUSE) -> set[str]:
    """The placeholders a house template uses (checked against HOUSE_PLACEHOLDERS at upload)."""
    source = io.BytesIO(house) if isinstance(house, bytes) else house
    return set(DocxTemplate(source).get_undeclared_template_variables())


class _Builder:
    def __init__(self, subdoc) -> None:
        self.doc = subdoc
        self.pending_break = False
        self.started = False  # anything written yet (python-docx rebuilds .paragraphs per read)
        self.styles: dict[str, str] = {}  # style name -> style id

    def _paragraph(self, style: str | None = None):
        self.started = True
        paragraph = self.doc.add_paragraph()
        if style is not None:
            # The style's id looked up once and written to the paragraph's properties:
            # python-docx's ``style`` setter searches every style twice per paragraph, which
            # made a 2,000-line numbered schedule take seconds.
            if style not in self.styles:
                self.styles[style] = self.doc.styles[style].style_id
            paragraph._p.get_or_add_pPr().style = self.styles[style]
        if self.pending_break:
            paragraph.paragraph_format.page_break_before = True
            self.pending_break = False
        return paragraph

    def _inline(self, paragraph, element, bold=False, italic=False) -> None:
        if element.text:
            self._run(paragraph, element.text, bold, italic)
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "br":
                paragraph.add_run().add_break(WD_BREAK.LINE)
            elif tag == "img":
                self._picture(paragraph, child)
            else:
                self._inline(
                    paragraph,
                    child,
                    bold or tag in ("strong", "b", "th"),
                    italic or tag in ("em", "i"),
                )
            if child.tail:
                self._run(paragraph, child.tail, bold, italic)

    @staticmethod
    def _run(paragraph, text: str, bold: bool, italic: bool) -> None:
        text = xml_text(" ".join(text.split()) if "\n" in text else text)
        if not text:
            return
        run = paragraph.add_run(text)
        run.bold = bold or None
        run.italic = italic or None

    def _picture(self, paragraph, img) -> None:
        src = img.get("src", "")
        if not src.startswith("data:image/png;base64,"):
            return
        data = base64.b64decode(src.split(",", 1)[1])
        width = float(img.get("data-width-cm", _PAGE_WIDTH_CM))
        paragraph.add_run().add_picture(io.BytesIO(data), width=Cm(width))

    def block(self, element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        classes = (element.get("class") or "").split()
        if "ch-page-break" in classes or "ch-letter" in classes:
            self.pending_break = self.pending_break or self.started
        if tag in ("h1", "h2", "h3", "h4"):
            self.started = True
            heading = self.doc.add_heading(level=int(tag[1]))
            if self.pending_break:
                heading.paragraph_format.page_break_before = True
                self.pending_break = False
            self._inline(heading, element)
        elif tag in ("p", "figcaption", "blockquote", "address"):
            paragraph = self._paragraph()
            self._inline(paragraph, element, italic=tag in ("figcaption", "blockquote"))
        elif tag in ("ul", "ol"):
            # A plain list carries its own numbers in its text (the schedule of incidents).
            plain = "ch-plain-list" in classes
            style = None if plain else "List Bullet" if tag == "ul" else "List Number"
            for item in element.findall("li"):
                self._inline(self._paragraph(style), item)
        elif tag == "table":
            self._table(element)
        elif tag == "dl":
            for term in element.findall("dt"):
                definition = term.getnext()
                paragraph = self._paragraph()
                self._inline(paragraph, term, bold=True)
                paragraph.add_run(": ")
                if definition is not None and definition.tag == "dd":
                    self._inline(paragraph, definition)
        elif tag == "img":
            self._picture(self._paragraph(), element)
        elif tag in _BLOCKS or tag in ("body", "html"):
            if element.text and element.text.strip():
                self._run(self._paragraph(), element.text, False, False)
            for child in element:
                self.block(child)
                if child.tail and child.tail.strip():
                    self._run(self._paragraph(), child.tail, False, False)

    def _table(self, table) -> None:
        rows = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
        if not rows:
            return
        width = max(len(row.xpath("./th|./td")) for row in rows)
        caption = table.find("caption")
        if caption is not None:
            self._inline(self._paragraph(), caption, bold=True)
        self.started = True
        grid = self.doc.add_table(rows=len(rows), cols=width)
        grid.style = "Table Grid"
        # Row by row: python-docx's ``Table.cell`` rebuilds the whole grid on every call, which
        # makes a 2,000-row schedule take hours; ``_Row.cells`` reads one row.
        for row, grid_row in zip(rows, grid.rows, strict=True):
            for cell, target in zip(row.xpath("./th|./td"), grid_row.cells, strict=False):
                self._inline(target.paragraphs[0], cell, bold=cell.tag == "th")
        self.pending_break = False


def html_to_docx(body: str, *, fields: dict[str, str], house: Path | bytes = HOUSE) -> bytes:
    """A DOCX of a rendered HTML body in the house template; ``fields`` fill its placeholders."""
    template = DocxTemplate(io.BytesIO(house) if isinstance(house, bytes) else house)
    subdoc = template.new_subdoc()
    root = lxml.html.fragment_fromstring(body, create_parent="div")
    _Builder(subdoc).block(root)
    values = {name: xml_text(str(value)) for name, value in fields.items()}
    template.render(
        {**{name: "" for name in HOUSE_PLACEHOLDERS}, **values, "body": subdoc},
        jinja_env=SandboxedEnvironment(),
        autoescape=True,
    )
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def docx_text(data: bytes) -> str:
    """The text of a DOCX, paragraphs and table cells in order (for tests and checks)."""
    import docx

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    for block in document.element.body.iter():
        if block.tag.endswith("}p"):
            text = "".join(
                (node.text or "") if node.tag.endswith("}t") else "\n"
                for node in block.iter()
                if node.tag.endswith(("}t", "}br"))
            )
            if text:
                lines.append(text)
    return "\n".join(lines)
