"""The sections of the closure powers a document may cite, and a check of each citation.

Every section and subsection of ss.76–93 of the Anti-social Behaviour, Crime and Policing Act
2014 (Part 4 Chapter 3) with a short title and its lettered paragraphs, taken from the Act's
text (closure-powers.md §0, ACT), so that a paper citing a subsection that does not exist fails
a test rather than reaching a court. ``STATEMENTS`` pins the subsection of the statements the
papers make most often, where the wrong one has been cited before (issue 16: a cancellation
notice is issued under s.78(2), not s.78(1); a notice prohibits access for its period under
s.76(2), not s.76(3)). ss.94–97 (Part 5, the possession ground) are known but not itemised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Subsection:
    """One subsection: a short title and the letters of its paragraphs ("" when it has none)."""

    title: str
    paragraphs: str = ""


@dataclass(frozen=True)
class Section:
    """One section: its heading and its subsections by number (None: not itemised here)."""

    title: str
    subsections: dict[int, Subsection] | None


def _s(title: str, **subsections: tuple[str, str] | str) -> Section:
    items = {}
    for key, value in subsections.items():
        text, letters = (value, "") if isinstance(value, str) else value
        items[int(key[1:])] = Subsection(text, letters)
    return Section(title, items)


SECTIONS: dict[int, Section] = {
    76: _s(
        "Power to issue closure notices",
        n1=("Who may issue, and the test", "ab"),
        n2="A notice prohibits access for the period it specifies",
        n3=("Access barred except persons, times or circumstances specified", "abc"),
        n4=("Residents and the owner may not be barred", "ab"),
        n5=("What a closure notice must contain", "abcdefg"),
        n6=("Informing occupiers and interested persons before issue", "ab"),
        n7="Consultation before issue",
        n8="Premises excluded by regulations",
    ),
    77: _s(
        "Duration of closure notices",
        n1="24 hours at most",
        n2=("48 hours by a superintendent or the chief executive", "ab"),
        n3="Christmas Day disregarded in the period of 48 hours",
        n4=("Extension of a 24-hour notice by up to 24 hours", "ab"),
        n5=("What an extension notice is", "ab"),
        n6="Chief executive officer",
    ),
    78: _s(
        "Cancellation or variation of closure notices",
        n1=("When the grounds are no longer met", "ab"),
        n2="Cancellation notice",
        n3="Variation notice",
        n4=("Signing after a council's 48-hour notice", "ab"),
        n5=("Signing after a council's extended notice", "ab"),
        n6=("The relevant officer or authority", "abc"),
    ),
    79: _s(
        "Service of notices",
        n1=("Who serves", "ab"),
        n2=("How a notice is served", "abcde"),
        n3="Service on occupiers of other parts of the building",
        n4="Entry, with reasonable force, to fix the notice",
        n5=("A council's representative", "ab"),
    ),
    80: _s(
        "Power of court to make closure orders",
        n1="Duty to apply for a closure order",
        n2=("Who applies", "ab"),
        n3="Heard within 48 hours of service",
        n4="Christmas Day disregarded in the 48 hours",
        n5=("The test for an order", "abc"),
        n6="A closure order prohibits access for at most 3 months",
        n7=("Access barred to all, or except persons, times or circumstances", "abc"),
        n8=("The whole or part, and access to the building", "ab"),
        n9="Notifying the licensing authority",
    ),
    81: _s(
        "Temporary orders",
        n1="Where an application has been made",
        n2=("Continuing the notice for up to 48 hours", "ab"),
        n3=("Adjournment for up to 14 days", "abc"),
        n4="Continuing the notice during an adjournment",
    ),
    82: _s(
        "Extension of closure orders",
        n1="Application before the order expires",
        n2=("Who may apply", "ab"),
        n3=("The applicant's test, and consulting the consultee", "abc"),
        n4=("The appropriate consultee", "ab"),
        n5=("Summons to those served or with an interest", "ab"),
        n6="Notice of the hearing to those summoned",
        n7="Extension by up to 3 months",
        n8="6 months in all",
    ),
    83: _s(
        "Discharge of closure orders",
        n1="Application before the order expires",
        n2=("Who may apply", "abcd"),
        n3="Summons to a constable",
        n4=("Notice of the hearing", "ab"),
        n5=("Summons to the council", "ab"),
        n6=("Notice of the hearing", "ab"),
        n7=("Discharge only if no longer necessary", "abc"),
    ),
    84: _s(
        "Appeals",
        n1=("Appeal against making or extending an order", "ab"),
        n2=("Appeal by a constable", "abc"),
        n3=("Appeal by a council", "abc"),
        n4="To the Crown Court",
        n5="Within 21 days beginning with the decision",
        n6="The Crown Court's order",
        n7="Notifying the licensing authority",
    ),
    85: _s(
        "Enforcement of closure orders",
        n1=("Entering and securing the premises", "ab"),
        n2=("Authorised person", "ab"),
        n3="Reasonable force",
        n4="Evidence of identity and authority",
        n5="Essential maintenance or repairs",
    ),
    86: _s(
        "Offences",
        n1="Breaching a closure notice",
        n2="Breaching a closure order",
        n3="Obstructing service or enforcement",
        n4=("Penalty: 3 months, a fine, or both", "ab"),
        n5=("Penalty: 51 weeks, a fine, or both", "ab"),
        n6="51 weeks read as 6 months",
    ),
    87: _s(
        "Access to other premises",
        n1=("Application by occupiers or owners of other parts", "abc"),
        n2=("The appropriate court", "ab"),
        n3=("Notice of the application", "abcd"),
        n4="The court's order on access",
    ),
    88: _s(
        "Reimbursement of costs",
        n1="Application by the policing body or council",
        n2="Order for reimbursement",
        n3="Within 3 months of the order ceasing",
        n4="Only against those served",
        n5=("Service on the other body", "ab"),
    ),
    89: _s(
        "Exemption from liability",
        n1=("Police", "ab"),
        n2=("Local authorities", "ab"),
        n3="Bad faith",
        n4="Human Rights Act damages",
        n5="Other exemptions",
    ),
    90: _s(
        "Compensation",
        n1="Application for compensation",
        n2=("The appropriate court", "ab"),
        n3=("Within 3 months", "abc"),
        n4=("The day an order was refused", "ab"),
        n5=("When compensation may be paid", "abcd"),
        n6="Central funds",
    ),
    91: _s(
        "Guidance",
        n1=("Guidance to police and councils", "ab"),
        n2="Revision",
        n3="Publication",
    ),
    92: _s(
        "Interpretation of Chapter 3",
        n1="Definitions",
        n2="The local authority",
        n3="The premises",
    ),
    93: _s(
        "Saving and transitional provision",
        n1=("Earlier notices and orders", "ab"),
        n2=("The notices", "ab"),
        n3=("The orders", "abcde"),
        n4=("Earlier events for a notice", "ab"),
        n5=("Earlier events for an order", "ab"),
        n6="For 3 months from commencement",
        n7="Commencement day",
    ),
    94: Section("Absolute ground for possession: secure tenancies (Housing Act 1985)", None),
    95: Section("Notice for the absolute ground: secure tenancies", None),
    96: Section("Review of a decision to seek possession", None),
    97: Section("Absolute ground for possession: assured tenancies (Housing Act 1988)", None),
}


@dataclass(frozen=True)
class Statement:
    """A statement the papers make and the one subsection that grounds it."""

    what: str
    pattern: str
    cites: str


STATEMENTS: tuple[Statement, ...] = (
    Statement("A cancellation notice cancels the closure notice", r"\bcancel", "78(2)"),
    Statement(
        "A variation notice takes part of the premises out", r"\bvari(es|ed|ation)\b", "78(3)"
    ),
    Statement(
        "A closure notice prohibits access for its period", r"prohibits access .* for ", "76(2)"
    ),
    Statement("Residents and the owner may not be barred", r"owner are not prohibited", "76(4)"),
    Statement(
        "A 24-hour notice may be extended", r"\bnotice\b.*\bextend|\bextend.*\bnotice", "77(4)"
    ),
    Statement("An order lasts at most 6 months in all", r"6 months in all", "82(8)"),
)

_CITATION = re.compile(
    r"(?P<lead>\b(?:ss?\.\s?|[Ss]ections?\s))(?P<number>\d+)(?P<letter>[A-Z]*)"
    r"(?P<tail>(?:\((?:\d+[A-Z]?|[a-z]+)\)|\s?[–,-]\s?(?=\(|\d)|\s?and\s(?=\()|(?<=[–-])\d+)*)"
)
_OTHER_ACT = re.compile(r"(?:Act|Order|Regulations|Rules) (?!2014\b)\d{4},?\s*$")
_PART = re.compile(r"\((\d+[A-Z]?|[a-z]+)\)|[–,-]|and|\d+")


@dataclass(frozen=True)
class Citation:
    """One citation as written (``s.78(2)``) and the (section, subsection, paragraph)s it names."""

    text: str
    parts: tuple[tuple[int, int | None, str | None], ...]


def citations(text: str) -> list[Citation]:
    """Every citation of a section of the 2014 Act in ``text``.

    Citations of another Act (``Housing Act 1985 s.84A``) are left out; a bare ``section N``
    counts only when a subsection follows or it is named as the 2014 Act's, since documents
    also number their own sections (``section 9`` of the evidence bundle).
    """
    found = []
    for match in _CITATION.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()]
        if _OTHER_ACT.search(before):
            continue
        bare = match["lead"][0] in "Ss" and match["lead"][1] != "."
        named_as_the_act = re.search(r"Act 2014,?\s*$", before) or text[
            match.end() : match.end() + 30
        ].startswith(" of the Anti-social")
        if bare and not match["tail"] and not named_as_the_act:
            continue
        found.append(Citation(match.group(0).strip(), _parts(match)))
    return found


def _parts(match: re.Match) -> tuple[tuple[int, int | None, str | None], ...]:
    section = int(match["number"]) if not match["letter"] else -int(match["number"])
    parts: list[tuple[int, int | None, str | None]] = [(section, None, None)]
    subsection: int | None = None
    ranged = False
    for token in _PART.finditer(match["tail"]):
        inner = token.group(1)
        if token.group(0) in "–-":
            ranged = True
        elif inner and inner.isdigit():
            subsection = int(inner)
            parts.append((section, subsection, None))
        elif inner:
            parts.append((section, subsection, inner))
        elif token.group(0).isdigit() and ranged:
            section = int(token.group(0))
            parts.append((section, None, None))
    return tuple(parts)


def citation_problem(citation: Citation) -> str | None:
    """Why ``citation`` names nothing in the Act, or None when every part of it exists."""
    for section, subsection, paragraph in citation.parts:
        known = SECTIONS.get(section)
        if known is None:
            return f"{citation.text}: the closure powers are ss.76–93 (and Part 5, ss.94–97)."
        if subsection is None or known.subsections is None:
            continue
        entry = known.subsections.get(subsection)
        if entry is None:
            return f"{citation.text}: s.{section} ({known.title}) has no subsection ({subsection})."
        if paragraph is not None and paragraph not in entry.paragraphs:
            return (
                f"{citation.text}: s.{section}({subsection}) ({entry.title}) has no paragraph "
                f"({paragraph})."
            )
    return None


def subsection_title(section: int, subsection: int | None = None) -> str:
    """The short title of a section or subsection (KeyError when it does not exist)."""
    known = SECTIONS[section]
    if subsection is None or known.subsections is None:
        return known.title
    return known.subsections[subsection].title


def statement_problems(passage: str) -> list[str]:
    """Where ``passage`` (one sentence or heading) makes a statement of ``STATEMENTS`` and cites
    its section, it must cite the statement's subsection among them."""
    problems = []
    cited = citations(passage)
    for statement in STATEMENTS:
        if not re.search(statement.pattern, passage, re.IGNORECASE | re.DOTALL):
            continue
        section, subsection = (int(n) for n in re.findall(r"\d+", statement.cites))
        named = {p[1] for c in cited for p in c.parts if p[0] == section and p[1] is not None}
        if named and subsection not in named:
            wrong = ", ".join(f"s.{section}({n})" for n in sorted(named))
            problems.append(f"{statement.what} under s.{statement.cites}, not {wrong}.")
    return problems
