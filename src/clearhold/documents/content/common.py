"""Pieces several documents print the same way: dates, people, premises, allow-lists.

Each takes records already shown through the document's reader (``clearhold.readmodel``): a
value the maker may not see comes back as ``WITHHELD`` and prints as nothing."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from clearhold.documents.models import DocumentDetails
from clearhold.documents.templating import ListOf, Obj
from clearhold.law import UK

PREMISES = Obj.of("description", "address", "kind")
PERSON = Obj.of("name", "role", "organisation")
EXEMPTIONS = ListOf(Obj.of("clause", "organisation", "times", "units"))
ADVICE = Obj.of("housing", "legal", "residents_contact", "signatory")

ROLE_TITLES = {
    ("police", "officer"): "Police officer",
    ("police", "supervisor"): "Inspector",
    ("police", "senior"): "Superintendent",
    ("council", "officer"): "Officer of the local authority",
    ("council", "supervisor"): "Officer of the local authority",
    ("council", "senior"): "Chief executive officer or designate",
}


def when(moment: dt.datetime | None) -> str:
    """“2:00pm on Monday 5 May 2025” (or “midday on …”) in UK time, as a notice says it."""
    if moment is None:
        return ""
    local = moment.astimezone(UK)
    if (local.hour, local.minute) in ((0, 0), (12, 0)):
        clock = "midnight" if local.hour == 0 else "midday"  # GOV.UK style: never 12pm/12am
    else:
        clock = f"{local:%-I:%M%p}".lower()
    return f"{clock} on {local:%A %-d %B %Y}"


def day(value: dt.date | None) -> str:
    return f"{value:%-d %B %Y}" if value else ""


def text(value: Any) -> str:
    """A shown value as text: nothing for None or a withheld value."""
    return "" if value is None else str(value)


def person(user: Any, body: str = "", role: str = "") -> dict[str, str]:
    """A member of staff (shown): their name only when the reader may see it, else their role
    and organisation alone (which are public to the partnership)."""
    if not user:
        return {"name": "", "role": "", "organisation": ""}
    full = " ".join(part for part in (text(user.first_name), text(user.last_name)) if part)
    return {
        "name": full.strip() or text(user.username),
        "role": ROLE_TITLES.get((body, role or user.role), user.get_role_display()),
        "organisation": str(user.organisation or ""),
    }


def premises(closure: Any) -> dict[str, str]:
    return {
        "description": text(closure.premises_description),
        "address": text(closure.site.address),
        "kind": closure.get_premises_kind_display(),
    }


#: Statutory words a resident should not have to decode, and what they mean in plain English.
#: s.76(4)(a) protects "people who habitually live on the premises": people whose home it is.
PLAIN_WORDS = (
    (re.compile(r"\bhabitually (?:live|reside)s? on the premises\b", re.I), "usually live there"),
    (re.compile(r"\bhabitually (live|reside)s?\b", re.I), "usually live"),
    (re.compile(r"\bhabitually\b", re.I), "usually"),
)


def plain_clause(clause: str) -> str:
    """An allow-list clause in plain words: “People who usually live there”, not “People who
    habitually live on the premises” (same meaning, s.76(4)(a))."""
    for pattern, plain in PLAIN_WORDS:
        clause = pattern.sub(plain, clause)
    return clause


def exemptions(stored: list[dict], *, plain: bool = False) -> list[dict[str, str]]:
    """An allow-list as a document prints it; ``plain`` for papers residents read (letters and
    the notices fixed to their door): each clause in plain words (:func:`plain_clause`)."""
    return [
        {
            "clause": plain_clause(e.get("clause", "")) if plain else e.get("clause", ""),
            "organisation": e.get("organisation") or "",
            "times": e.get("times") or "",
            "units": ", ".join(e.get("units") or ()),
        }
        for e in stored
    ]


def advice_contacts(problem: Any, reader: Any) -> tuple[str, str]:
    """The housing and legal advice contacts the closure notice prints (s.76(5)(g))."""
    found = advice(problem, reader)
    return found["housing"], found["legal"]


def advice(problem: Any, reader: Any) -> dict[str, str]:
    found = reader.show(DocumentDetails.objects.filter(problem=problem).first())
    if found is None:
        return {"housing": "", "legal": "", "residents_contact": "", "signatory": ""}
    return {
        "housing": text(found.housing_advice).strip(),
        "legal": text(found.legal_advice).strip(),
        "residents_contact": text(found.residents_contact).strip(),
        "signatory": text(found.signatory).strip(),
    }
