"""Papers citing the wrong subsection of the 2014 Act (issue 16, item 7).

Finding: the cancellation notice cited s.78(1) (the condition) where the duty to issue a
cancellation notice is s.78(2), and the closure notice said it prohibits access for its period
under s.76(3) (the persons, times and circumstances) where that is s.76(2). Reproduced by
reading the shipped templates: ``cancellation_notice.html`` headed "section 78(1)" and
``content/notices.py`` wrote "(s.76(3))" after the period. A defence solicitor reads these.

What must hold: every citation of the Act in the document templates and content builders names
a section, subsection and paragraph that exist (``clearhold.law.parameters.SECTIONS``, from the
Act's text), and the statements the papers make most often cite the subsection that grounds
them (``STATEMENTS``).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import clearhold.documents
from clearhold.law.parameters import SECTIONS, citation_problem, citations, statement_problems

DOCUMENTS = Path(clearhold.documents.__file__).resolve().parent
SHIPPED = sorted(
    [*DOCUMENTS.glob("doc_templates/*.html"), *DOCUMENTS.glob("content/*.py")],
    key=lambda p: p.name,
)
# A passage ends at a sentence end, a paragraph or list item, or a blank line.
PASSAGE_END = re.compile(r"(?<=[.;])\s+(?=\S)|</p>|</li>|</h2>|</dd>|\n\s*\n")


def _texts(path: Path) -> list[str]:
    """A template's text, or each string (f-strings with ``{}`` for their fields) of a builder."""
    source = path.read_text(encoding="utf-8")
    if path.suffix != ".py":
        return [source]
    texts = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr):
            texts.append(
                "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
            )
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            texts.append(node.value)
    return texts


def _passages(path: Path) -> list[str]:
    return [p for text in _texts(path) for p in PASSAGE_END.split(text) if p.strip()]


def test_the_papers_are_found_and_cite_the_act():
    assert {"cancellation_notice.html", "closure_notice.html", "notices.py"} <= {
        p.name for p in SHIPPED
    }
    assert sum(len(citations(t)) for p in SHIPPED for t in _texts(p)) > 40


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_citation_names_a_part_of_the_act_that_exists(path):
    problems = [
        problem
        for text in _texts(path)
        for citation in citations(text)
        if (problem := citation_problem(citation))
    ]
    assert problems == []


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_statements_cite_the_subsection_that_grounds_them(path):
    problems = [(passage.strip()[:120], statement_problems(passage)) for passage in _passages(path)]
    assert [p for p in problems if p[1]] == []


def test_the_cancellation_notice_is_headed_section_78_2():
    text = (DOCUMENTS / "doc_templates" / "cancellation_notice.html").read_text(encoding="utf-8")
    assert [c.text for c in citations(text)] == ["section 78(2)"]


@pytest.mark.parametrize(
    ("written", "wrong"),
    [
        ("Cancels the closure notice (s.78(1)).", True),
        ("Cancels the closure notice (s.78(2)).", False),
        ("prohibits access to the premises for 24 hours from when it is served (s.76(3)).", True),
        ("prohibits access to the premises for 24 hours from when it is served (s.76(2)).", False),
    ],
)
def test_the_check_tells_the_old_wording_from_the_new(written, wrong):
    assert bool(statement_problems(written)) is wrong


@pytest.mark.parametrize(
    "written", ["s.79(6)", "s.80(5)(d)", "s.76(5)(h)", "section 78(7)", "s.75(1)", "s.77(3)(a)"]
)
def test_a_citation_of_something_the_act_does_not_have_is_caught(written):
    (citation,) = citations(f"as required ({written}).")
    assert citation_problem(citation)


def test_other_acts_and_the_bundle_s_own_sections_are_not_read_as_the_2014_act():
    text = "Housing Act 1985 s.84A(6); Criminal Justice Act 1967 s.9; in section 9 of this bundle"
    assert citations(text) == []


def test_the_table_holds_every_section_of_chapter_3_with_a_title():
    assert set(range(76, 94)) <= set(SECTIONS)
    for number in range(76, 94):
        section = SECTIONS[number]
        assert section.title
        assert section.subsections
        assert sorted(section.subsections) == list(range(1, len(section.subsections) + 1))
    assert SECTIONS[76].subsections[5].paragraphs == "abcdefg"
    assert SECTIONS[78].subsections[2].title == "Cancellation notice"
