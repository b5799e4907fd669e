"""Letters laid out in parts on several processors and joined: the joined PDF keeps every page in
order, the tag tree a screen reader reads (headings, lists) and the bookmarks."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pikepdf
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearhold.documents.kinds import Content
from clearhold.documents.pdf import html_parts_to_pdf, html_to_pdf, page, parts_for
from clearhold.documents.pdf_merge import merge_tagged
from clearhold.documents.selectors import TemplateInUse
from clearhold.documents.services import render_body, render_parts


def letters(first: int, last: int) -> str:
    return "".join(
        f'<section class="ch-letter"><h1>Letter {n}</h1><p>To flat {n}.</p>'
        f"<h2>Help for flat {n}</h2><ul><li>Call 101 about flat {n}</li></ul></section>"
        for n in range(first, last)
    )


def pdf(first: int, last: int) -> bytes:
    return html_to_pdf(page(letters(first, last), title="Letters", organisation="Council"))


def structure(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "joined.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdfinfo", "-struct-text", str(path)], check=True, capture_output=True, text=True
    ).stdout


def page_texts(data: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "joined.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.split("\f")[:-1]


def test_joined_parts_keep_every_page_in_order(tmp_path):
    joined = merge_tagged([pdf(0, 3), pdf(3, 5), pdf(5, 6)])
    texts = page_texts(joined, tmp_path)
    assert len(texts) == 6
    for n, text in enumerate(texts):
        assert f"Letter {n}" in text
        assert f"To flat {n}." in text


def test_the_tag_tree_of_every_part_is_kept_under_one_document(tmp_path):
    joined = merge_tagged([pdf(0, 2), pdf(2, 4)])
    tree = structure(joined, tmp_path)
    assert tree.count("Document") == 1
    assert tree.count("H1 (block)") == 4
    assert tree.count("LI (block)") == 4
    # The text under each heading is read through its page and marked-content id: a wrong page
    # reference after the join would show another letter's text (or none) here.
    headings = [
        line.strip().strip('"') for line in tree.splitlines() if line.strip().startswith('"Letter')
    ]
    assert headings == [f"Letter {n}" for n in range(4)]
    with pikepdf.open(io.BytesIO(joined)) as document:
        assert document.check_pdf_syntax() == []
        keys = [int(page.obj.StructParents) for page in document.pages]
        nums = document.Root.StructTreeRoot.ParentTree.Nums
        assert keys == sorted(set(keys))
        assert [int(nums[i]) for i in range(0, len(nums), 2)] == keys
        assert int(document.Root.StructTreeRoot.ParentTreeNextKey) == keys[-1] + 1


def test_bookmarks_point_at_the_joined_pages():
    joined = merge_tagged([pdf(0, 2), pdf(2, 3)])
    with pikepdf.open(io.BytesIO(joined)) as document:
        pages = [p.objgen for p in document.pages]
        with document.open_outline() as outline:
            found = [
                (item.title, pages.index(item.destination[0].objgen), item.children[0].title)
                for item in outline.root
            ]
    assert found == [(f"Letter {n}", n, f"Help for flat {n}") for n in range(3)]


def test_one_part_is_returned_as_it_is():
    data = pdf(0, 1)
    assert merge_tagged([data]) == data


def test_parts_laid_out_in_other_processes_join_in_order(tmp_path):
    documents = [
        page(letters(a, b), title="Letters", organisation="C") for a, b in ((0, 2), (2, 5))
    ]
    texts = page_texts(html_parts_to_pdf(documents), tmp_path)
    assert [f"Letter {n}" in text for n, text in enumerate(texts)] == [True] * 5


@pytest.mark.parametrize(("items", "most"), [(0, 1), (39, 1), (80, 2), (10_000, 8)])
def test_a_run_is_cut_only_when_each_part_is_worth_a_process(items, most, monkeypatch):
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: set(range(16)))
    assert parts_for(items) == most


@given(items=st.lists(st.integers(0, 999), max_size=60), parts=st.integers(1, 9))
def test_cutting_the_body_into_parts_keeps_every_item_once_in_order(items, parts):
    content = Content(
        title="Letters", context={"greeting": "Hello"}, repeat=items, item_name="item"
    )
    template = TemplateInUse(source="<p>{{ greeting }} {{ item }}</p>", version="test", label="")
    cut = render_parts(content, template, parts)
    assert len(cut) <= max(parts, 1)
    assert "".join(cut) == render_body(content, template)
    assert render_body(content, template) == "".join(f"<p>Hello {i}</p>" for i in items)
