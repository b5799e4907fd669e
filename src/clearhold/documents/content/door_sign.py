"""The "closed by order of the court" sign, fixed to the door once the order is made.

One A4 page in large type for anyone at the door: the premises, the court and the order's dates,
who may still enter (in plain words), that entering or staying is an offence (s.86(2)) with its
maximum penalty (s.86(5),(6)), and a number to call. It names nobody: it is made with no
personal data whoever makes it.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils import timezone

from clearhold.documents import kinds
from clearhold.documents.content.common import PREMISES, advice, premises, text
from clearhold.documents.content.letters import contact_lines
from clearhold.documents.content.order_terms import EXEMPT, terms_of
from clearhold.documents.kinds import Content, DocumentKind
from clearhold.documents.templating import ListOf, Obj
from clearhold.law import breach_offence
from clearhold.powers.state import order_of
from clearhold.readmodel import Reader

SIGN = {
    "premises": PREMISES,
    "order": Obj.of("court", "made_on", "starts_on", "ends_on", "part", "bars_all"),
    "exemptions": EXEMPT,
    "offence": Obj.of("section", "penalty"),
    "powers": None,
    "contacts": ListOf(None),
}
REQUIRED = {
    "order": "the sign must give the order's court and dates.",
    "offence": "the sign must say that entering is an offence (s.86(2)).",
    "contacts": "the sign must give a number to call.",
}
NO_ORDER = (
    "No closure order has been made on these premises: the sign is fixed once the court makes "
    "one (s.80). Record the order first."
)
NO_NUMBER = (
    "The sign must give a number to call: add the residents' contact, with a telephone number, "
    "under Document details."
)
#: Who may enter to secure the premises (s.85(1),(2)), in the sign's plain words.
POWERS = {
    "police": "Police officers, and people authorised by the chief officer of police",
    "council": "People authorised by the council",
}


def powers(body: str) -> str:
    """What the sign says of the powers to enforce the order (s.85) and the offence of
    obstructing them (s.86(3))."""
    who = POWERS.get(body, POWERS["council"])
    return (
        f"{who}, may enter to secure these premises and repair them (s.85). Obstructing them is "
        "also an offence (s.86(3))."
    )


#: A UK telephone number (starting 0) or a three-digit service number such as 101.
PHONE = re.compile(r"\b(?:0\d[\d ]{8,}\d|1\d\d|999)\b")


def door_sign(*, subject: Any, reader: Reader, inputs: dict) -> Content:
    closure = reader.show(subject)
    title = f"Closed by order of the court: {text(closure.premises_description)}"
    order = reader.show(order_of(subject))
    if order is None:
        return Content(title, {}, [NO_ORDER])
    contacts = contact_lines(advice(subject.problem, reader)["residents_contact"])
    blocking = [] if any(PHONE.search(line) for line in contacts) else [NO_NUMBER]
    offence = breach_offence("order", reasonable_excuse=False, on=timezone.localdate())
    terms = terms_of(order, plain=True)
    context = {
        "premises": premises(closure),
        "order": {
            "court": terms["court"],
            "made_on": terms["made_on"],
            "starts_on": terms["starts_on"],
            "ends_on": terms["ends_on"],
            "part": terms["part"],
            "bars_all": terms["bars_all"],
        },
        "exemptions": terms["exemptions"],
        "offence": {
            "section": offence.section,
            "penalty": f"up to {offence.max_imprisonment} in prison, a fine, or both "
            f"({offence.penalty_section})",
        },
        "powers": powers(closure.body),
        "contacts": contacts,
    }
    return Content(title, context, blocking, marking="")


def register() -> None:
    kinds.register(
        DocumentKind(
            key="door_sign",
            title="Closed by order of the court (sign)",
            subject="closure",
            placeholders=SIGN,
            build=door_sign,
            required=REQUIRED,
            personal=False,  # fixed to a door: nobody named
            description="The sign for the door once the order is made: its dates, who may "
            "enter, the offence of entering (s.86) and a number to call. One A4 page.",
        )
    )
