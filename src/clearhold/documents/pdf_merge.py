"""Join tagged PDFs laid out apart into one PDF, keeping the tags and the bookmarks.

Letters to every home are laid out in chunks on several processors (WeasyPrint lays out one page
at a time on one processor, ~45 ms a letter) and joined here. A plain page merge (pypdf, or
``qpdf --pages``) keeps the pages but drops each part's structure tree, so the joined letters
would lose the headings and lists a screen reader announces. This join carries them over:

* every later part's pages are copied after the first part's (pikepdf, the Python binding of
  qpdf: MPL-2.0, kept by the qpdf maintainers; its foreign-object copier maps each part's
  references to the copied pages, so structure elements still point at the right page);
* each page's ``/StructParents`` key (and any annotation's ``/StructParent``) is moved past the
  keys already used, and the part's entries of the ``/ParentTree`` number tree are added under
  the moved keys — marked-content ids are per page, so they stay as they are;
* the children of the part's ``/Document`` element become children of the first part's;
* the bookmarks (the outline WeasyPrint makes from headings) are rebuilt for the joined pages.

Meant for parts that do not link to each other (letters); internal links across parts are not
rewritten.
"""

from __future__ import annotations

import io

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem


def _parent_tree_entries(part: pikepdf.Pdf) -> list[tuple[int, pikepdf.Object]]:
    """The (key, value) pairs of the part's /ParentTree, from its flat or nested number tree."""
    entries: list[tuple[int, pikepdf.Object]] = []

    def walk(node: pikepdf.Object) -> None:
        nums = node.get("/Nums")
        if nums is not None:
            entries.extend((int(nums[i]), nums[i + 1]) for i in range(0, len(nums), 2))
        for kid in node.get("/Kids", []):
            walk(kid)

    walk(part.Root.StructTreeRoot.ParentTree)
    return entries


def _document_element(pdf: pikepdf.Pdf) -> pikepdf.Object:
    tops = pdf.Root.StructTreeRoot.K
    top = tops[0] if isinstance(tops, Array) else tops
    if top.get("/S") != Name.Document:
        raise ValueError("A part's structure tree does not start with a /Document element.")
    return top


def _outline(pdf: pikepdf.Pdf, offset: int) -> list[tuple[str, int, list]]:
    """The bookmarks as (title, page index + ``offset``, children), read before pages move."""
    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}

    def read(items: list[OutlineItem]) -> list[tuple[str, int, list]]:
        found = []
        for item in items:
            destination = item.destination
            target = destination[0].objgen if isinstance(destination, Array) else None
            found.append((item.title, pages.get(target, 0) + offset, read(item.children)))
        return found

    with pdf.open_outline() as outline:
        return read(outline.root)


def _bookmarks(tree: list[tuple[str, int, list]]) -> list[OutlineItem]:
    items = []
    for title, index, children in tree:
        item = OutlineItem(title, index)
        item.children.extend(_bookmarks(children))
        items.append(item)
    return items


def merge_tagged(parts: list[bytes]) -> bytes:
    """One tagged PDF of ``parts`` in order (each a tagged PDF made by WeasyPrint)."""
    if len(parts) == 1:
        return parts[0]
    joined = pikepdf.open(io.BytesIO(parts[0]))
    document = _document_element(joined)
    entries = _parent_tree_entries(joined)
    next_key = max((key for key, _ in entries), default=-1) + 1
    outline = _outline(joined, 0)
    for data in parts[1:]:
        part = pikepdf.open(io.BytesIO(data))
        first_new = len(joined.pages)
        outline += _outline(part, first_new)
        joined.pages.extend(part.pages)
        for page in joined.pages[first_new:]:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + next_key
            for annotation in page.obj.get("/Annots", []):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + next_key
        part_entries = _parent_tree_entries(part)
        # One copy of everything at once, so the copier maps shared elements only once.
        carried = joined.copy_foreign(
            part.make_indirect(
                Array([_document_element(part), Array([value for _, value in part_entries])])
            )
        )
        values = carried[1]
        entries += [(key + next_key, values[i]) for i, (key, _) in enumerate(part_entries)]
        next_key += max((key for key, _ in part_entries), default=-1) + 1
        for kid in carried[0].K:
            if isinstance(kid, Dictionary):
                kid.P = document
            document.K.append(kid)
    nums = Array()
    for key, value in entries:
        nums.append(key)
        nums.append(value)
    root = joined.Root.StructTreeRoot
    root.ParentTree = joined.make_indirect(Dictionary(Nums=nums))
    root.ParentTreeNextKey = next_key
    with joined.open_outline() as bookmarks:
        bookmarks.root.clear()
        bookmarks.root.extend(_bookmarks(outline))
    out = io.BytesIO()
    joined.save(out)
    return out.getvalue()
