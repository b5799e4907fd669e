"""Letters asking every home at a site to answer the residents' survey, each with its code.

One letter per unit with a household code for the wave (``surveys.codes``): to "The Occupier"
at the unit's address, the short address to answer at, the home's one-time code and how to
answer (online, on paper at the door, or by phone to the contact), and no names. The codes are
re-derived from the server key here (the database holds only their digests), so the letters
can be printed again with the same codes. The letters hold no personal data; the codes are the
only way in to answer, so a run is made by those who may set up the survey only.

A run is blocked when the wave is not taking answers, when a home has no address, when no home
has a code, or when a code cannot be re-derived (the key was changed after the wave opened).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from clearhold.documents import kinds
from clearhold.documents.content.common import advice, day
from clearhold.documents.content.letters import ADDRESSEE, address_lines, contact_lines
from clearhold.documents.kinds import Content, DocumentKind
from clearhold.documents.templating import Obj
from clearhold.readmodel import Reader
from clearhold.surveys.answering import taking_answers
from clearhold.surveys.codes import code_of
from clearhold.surveys.models import HouseholdCode, Wave
from clearhold.toolkit.ordering import natural_key

PLACEHOLDERS = {
    "date": None,
    "closes_on": None,
    "answer_url": None,
    "contacts": None,
    "signatory": None,
    "questions": None,
    "unit": Obj.of("addressee", "address_lines", "code", "reference"),
}
REQUIRED = {
    "unit": "every letter must show its address and its household code.",
    "answer_url": "every letter must say where to answer.",
}


def answer_url() -> str:
    """Where residents answer: the short address printed on the letter (not a link fetched)."""
    base = getattr(settings, "CLEARHOLD_SITE_URL", "").rstrip("/")
    return f"{base}{reverse('residents:code')}"


def _codes(wave: Wave) -> list[HouseholdCode]:
    found = HouseholdCode.objects.filter(wave=wave).select_related("unit__site")
    return sorted(found, key=lambda c: natural_key(c.unit.name))


def _unit_item(wave: Wave, household: HouseholdCode, code: str) -> dict[str, Any]:
    lines, postcode = address_lines(household.unit)
    return {
        "addressee": ADDRESSEE,
        "address_lines": [*lines, postcode] if postcode else lines,
        "code": code,
        "reference": f"CH-S{wave.pk}-{household.unit.pk}",
    }


def _blocks(wave: Wave, households: list[HouseholdCode], codes: dict[int, str | None]):
    if not taking_answers(wave):
        return ["The wave is not taking answers: open it first (a closed wave cannot be sent)."]
    if not households:
        return [
            f"{wave.survey.site.name} has no homes recorded, so there is no one to write to: "
            "add the units on the site page."
        ]
    blocks = []
    no_address = [h.unit.name for h in households if not h.unit.address.strip()]
    if no_address:
        blocks.append(f"{', '.join(no_address)} {'has' if len(no_address) == 1 else 'have'} "
                      "no address: add it on the site page.")  # fmt: skip
    if any(code is None for code in codes.values()):
        blocks.append(
            "The household codes cannot be printed: the key they were made with has changed "
            "since the wave opened. Open a new wave."
        )
    return blocks


def survey_letter(*, subject: Wave, reader: Reader, inputs: dict) -> Content:
    wave = subject
    problem = reader.show(wave.survey.problem)
    households = _codes(wave)
    codes = {h.pk: code_of(wave.pk, h.unit_id, h.digest) for h in households}
    blocking = _blocks(wave, households, codes)
    typed = advice(wave.survey.problem, reader)
    context = {
        "date": day(timezone.localdate()),
        "closes_on": day(wave.closes_on),
        "answer_url": answer_url(),
        "contacts": contact_lines(typed["residents_contact"]),
        "signatory": typed["signatory"],
        "questions": len(wave.questions),
    }
    return Content(
        title=f"Survey letters: {problem.title}, {wave.get_label_display()}",
        context=context,
        blocking=blocking,
        marking="",
        repeat=[] if blocking else [_unit_item(wave, h, codes[h.pk]) for h in households],
        item_name="unit",
    )


def register() -> None:
    kinds.register(
        DocumentKind(
            key="survey_letter",
            title="Survey letters with household codes",
            subject="wave",
            placeholders=PLACEHOLDERS,
            build=survey_letter,
            required=REQUIRED,
            formats=("pdf",),
            personal=False,  # to "The Occupier": addresses and codes, nobody named
            background=True,  # a letter per home, like the letters to residents
            description="A letter to every home at the survey’s site with its own one-time "
            "code, the address to answer at and how to answer: one PDF to print.",
        )
    )
