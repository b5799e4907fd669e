"""Pieces several documents print the same way: dates, people, premises, allow-lists.

Each takes records already shown through the document's reader (``clearhold.readmodel``): a
value the maker may not see comes back as ``WITHHELD`` and prints as nothing."""

from __future__ import annotations

import datetime as dt
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


def exemptions(stored: list[dict]) -> list[dict[str, str]]:
    return [
        {
            "clause": e.get("clause", ""),
            "organisation": e.get("organisation") or "",
            "times": e.get("times") or "",
            "units": ", ".join(e.get("units") or ()),
        }
        for e in stored
    ]


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
