"""Letters to residents: one letter to every home on the problem's sites, mail-merged.

Each letter goes to "The Occupier" at one unit (never to a named person: the partnership writes
to every household, whoever lives there). It says what the problem is (in the officer's words
for residents, asked for when the letters are made), what any closure in force means, that
residents keep full access to their homes, how to get help and whom to contact. The template is
rendered once per unit into one document: one PDF to print (a page per letter) or one Word file,
and a CSV of the same addresses for a mailing house.

A run is blocked, naming every unit at fault, when a unit has no address (a letter that cannot
be delivered is worse than none) or when the document details do not say whom to contact.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import Any

from django import forms
from django.utils import timezone

from clearhold.documents import kinds
from clearhold.documents.content.common import (
    ADVICE,
    advice,
    day,
    exemptions,
    text,
    when,
)
from clearhold.documents.kinds import Content, DocumentKind
from clearhold.documents.templating import ListOf, Obj
from clearhold.places.models import Unit
from clearhold.powers.state import notice_in_force, notice_of, order_of
from clearhold.readmodel import Reader
from clearhold.toolkit.forms import Form
from clearhold.toolkit.ordering import natural_key

ADDRESSEE = "The Occupier"
UNIT = Obj.of("name", "site", "addressee", "address_lines", "near", "reference")
CLOSURE = Obj.of("instrument", "premises", "starts", "ends", "allowed")
PLACEHOLDERS = {
    "reference": None,
    "date": None,
    "problem": Obj.of("title", "description", "next_steps"),
    "unit": UNIT,
    "closures": ListOf(CLOSURE),
    "access": None,
    "advice": ADVICE,
    "contacts": None,
    "housing": None,
}
REQUIRED = {
    "unit": "every letter must show the address it is going to.",
    "access": "residents must be told they keep access to their homes.",
    "advice": "every letter must say whom residents can contact.",
}

_POSTCODE = re.compile(r"\s*,?\s*\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})\s*$", re.I)


class LetterForm(Form):
    """What only the officer can say: the problem in words for residents."""

    description = forms.CharField(
        label="What is the problem, in words for residents?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=500,
        help_text="One or two short sentences, so the letter fits on one page. Do not name "
        "anyone. For example: “People have been gathering in the stairwells at night, dealing "
        "drugs and leaving needles.”",
        error_messages={"required": "Say what the problem is, in words for residents."},
    )
    next_steps = forms.CharField(
        label="What happens next (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=300,
        required=False,
        help_text="For example: “We will patrol the block every evening for the next month.”",
    )

    def __init__(self, *args, subject: Any = None, user: Any = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)


def units_of(problem: Any) -> list[Unit]:
    """Every unit of the problem's sites, site by site, flats in their natural order."""
    found = Unit.objects.filter(site__in=problem.sites.all()).select_related("site")
    return sorted(found, key=lambda u: (natural_key(u.site.name), natural_key(u.name)))


def address_lines(unit: Unit) -> tuple[list[str], str]:
    """The unit's address as lines, without the postcode, and the postcode (or "").

    A one-line address is split at its commas; the unit's name is put first when the address
    does not already say it, so "Flat 3" is never lost."""
    text = unit.address.strip()
    lines = [line.strip(" ,") for line in text.splitlines() if line.strip(" ,")]
    if len(lines) == 1:
        lines = [part.strip() for part in lines[0].split(",") if part.strip()]
    postcode = ""
    if lines:
        found = _POSTCODE.search(lines[-1])
        if found:
            postcode = f"{found.group(1)} {found.group(2)}".upper()
            lines[-1] = lines[-1][: found.start()].strip(" ,")
            if not lines[-1]:
                lines.pop()
    if unit.name.strip().lower() not in text.lower():
        lines.insert(0, unit.name.strip())
    return lines, postcode


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def unit_blocks(units: list[Unit], problem: Any) -> list[str]:
    """Why letters cannot go: no units at all, or units with no address (all named)."""
    if not units:
        sites = [s.name for s in problem.sites.all()]
        where = _listed(sites) if sites else "This problem"
        return [
            f"{where} {'has' if len(sites) <= 1 else 'have'} no homes or units recorded, so "
            "there is no one to write to: add the units on the site page."
        ]
    missing: dict[str, list[str]] = defaultdict(list)
    for unit in units:
        if not unit.address.strip():
            missing[unit.site.name].append(unit.name)
    return [
        f"{_listed(names)} of {site} {'has' if len(names) == 1 else 'have'} no address: "
        "add it on the site page."
        for site, names in missing.items()
    ]


def _who(exemption: dict[str, str]) -> str:
    words = exemption["clause"]
    if exemption["organisation"] and exemption["organisation"] not in words:
        words += f" ({exemption['organisation']})"
    return words + (f", {exemption['times']}" if exemption["times"] else "")


def _allowed(stored: list[dict]) -> list[str]:
    return [_who(e) for e in exemptions(stored, plain=True)]


def _in_sentence(text: str) -> str:
    """“The open space …” as it reads after “covers”: “the open space …”."""
    text = text.strip().rstrip(".")
    return "the" + text[3:] if text.startswith("The ") else text


def closure_facts(subject: Any, now: dt.datetime, reader: Reader) -> dict[str, Any] | None:
    """What residents need to know of a closure in force or still to come; None once over."""
    closure = reader.show(subject)
    order = order_of(closure)
    if order is not None:
        if order.current_ends_on() < timezone.localdate(now):
            return None
        return {
            "instrument": "closure order",
            "premises": _in_sentence(closure.premises_description),
            "starts": day(order.starts_on),
            "ends": day(order.current_ends_on()),
            "allowed": _allowed(order.exemptions),
            "bars_residents": order.bars_residents,
        }
    notice = notice_of(closure)
    window = notice_in_force(subject) if notice is not None else None
    if window is None or window[1] < now:
        return None
    return {
        "instrument": "closure notice",
        "premises": _in_sentence(closure.premises_description),
        "starts": when(window[0]),
        "ends": when(window[1]),
        "allowed": _allowed(notice.exemptions),
        "bars_residents": False,
    }


def access_sentence(closures: list[dict[str, Any]]) -> str:
    """The sentence every letter must carry: residents keep full access to their homes."""
    barred = [c["premises"] for c in closures if c["bars_residents"]]
    if barred:
        return (
            f"The closure of {_listed(barred)} also applies to the people who live there. "
            "If you live anywhere else, you keep full access to your home."
        )
    if closures:
        return (
            "You keep full access to your home. The closure does not stop you going in and "
            "out of your home."
        )
    return "You keep full access to your home. Nothing in this letter changes that."


def place_of(site: Any) -> str:
    """Where the problem is, as a letter says it: the premises' address on one line, or ""
    when none is recorded. Never the site's name: a site is named for the partnership's file
    ("West Street open space"), and a resident's home is not "at" it."""
    return _one_line(text(site.address))


def _unit_item(unit: Unit, problem: Any) -> dict[str, Any]:
    lines, postcode = address_lines(unit)
    return {
        "name": unit.name,
        "site": unit.site.name,
        "addressee": ADDRESSEE,
        "address_lines": [*lines, postcode] if postcode else lines,
        "near": place_of(unit.site),
        "reference": f"CH-{problem.pk}-{unit.pk}",
    }


def mailing_rows(units: list[Unit], problem: Any) -> list[dict[str, str]]:
    """The CSV a mailing house needs: one row per letter, the same columns on every row."""
    split = [(unit, *address_lines(unit)) for unit in units]
    width = max((len(lines) for _, lines, _ in split), default=1)
    rows = []
    for unit, lines, postcode in split:
        row = {"reference": f"CH-{problem.pk}-{unit.pk}", "addressee": ADDRESSEE}
        row |= {"unit": unit.name, "site": unit.site.name}
        row |= {f"address_{n + 1}": (lines[n] if n < len(lines) else "") for n in range(width)}
        row["postcode"] = postcode
        rows.append(row)
    return rows


def _advice_blocks(found: dict[str, str]) -> list[str]:
    blocks = []
    if not found["residents_contact"]:
        blocks.append(
            "A letter must say whom residents can contact: add the residents’ contact under "
            "Document details."
        )
    if not found["signatory"]:
        blocks.append("A letter must say who sends it: add the signatory under Document details.")
    return blocks


def _one_line(text: str) -> str:
    """Contact details typed on several lines, as one line of a sentence (no full stop)."""
    return ", ".join(part.strip(" ,") for part in text.splitlines() if part.strip(" ,")).rstrip(".")


def contact_lines(typed: str) -> list[str]:
    """Whom to contact, a line per way of reaching them (lines typed, or parts split at “;”),
    so a letter lists them instead of running them into one long sentence."""
    parts = (part.strip(" ,.") for part in re.split(r"[\n;]", typed))
    return [re.sub(r"^or\s+", "", part, flags=re.I) for part in parts if part]


def resident_letter(*, subject: Any, reader: Reader, inputs: dict) -> Content:
    problem = reader.show(subject)
    now = timezone.now()
    units = reader.show_all(units_of(subject))
    typed = advice(subject, reader)
    found = {name: _one_line(value) for name, value in typed.items()}
    closures = [
        facts
        for closure in subject.closures.select_related("site")
        if (facts := closure_facts(closure, now, reader)) is not None
    ]
    description = str(inputs.get("description") or "").strip()
    blocking = unit_blocks(units, problem) + _advice_blocks(found)
    if not description:
        blocking.append("Say what the problem is, in words for residents.")
    context = {
        "reference": f"CH-{problem.pk}",
        "date": day(timezone.localdate(now)),
        "problem": {
            "title": problem.title,
            "description": description,
            "next_steps": str(inputs.get("next_steps") or "").strip(),
        },
        "closures": closures,
        "access": access_sentence(closures),
        "advice": found,
        "contacts": contact_lines(typed["residents_contact"]),
        "housing": contact_lines(typed["housing"]),
    }
    return Content(
        title=f"Letters to residents: {problem.title}",
        context=context,
        blocking=blocking,
        marking="",
        repeat=[_unit_item(unit, problem) for unit in units] if not blocking else [],
        item_name="unit",
        rows=mailing_rows(units, problem) if not blocking else [],
    )


def register() -> None:
    kinds.register(
        DocumentKind(
            key="resident_letter",
            title="Letters to residents",
            subject="problem",
            placeholders=PLACEHOLDERS,
            build=resident_letter,
            required=REQUIRED,
            reading_check=True,
            formats=("pdf", "docx", "csv"),
            form=LetterForm,
            personal=False,  # to "The Occupier": units, closures and contacts, nobody named
            background=True,  # 500 homes take 13-18 s to lay out
            description="A letter to every home on the problem’s sites: one PDF to print, or a "
            "CSV of addresses for a mailing house.",
        )
    )
