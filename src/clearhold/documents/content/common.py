"""Pieces several documents print the same way: dates, people, premises, allow-lists."""

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


def person(user: Any, body: str = "", role: str = "") -> dict[str, str]:
    if user is None:
        return {"name": "", "role": "", "organisation": ""}
    return {
        "name": user.get_full_name() or user.get_username(),
        "role": ROLE_TITLES.get((body, role or user.role), user.get_role_display()),
        "organisation": str(user.organisation or ""),
    }


def premises(closure: Any) -> dict[str, str]:
    return {
        "description": closure.premises_description,
        "address": closure.site.address,
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


def advice(problem: Any) -> dict[str, str]:
    found = DocumentDetails.objects.filter(problem=problem).first()
    if found is None:
        return {"housing": "", "legal": "", "residents_contact": "", "signatory": ""}
    return {
        "housing": found.housing_advice.strip(),
        "legal": found.legal_advice.strip(),
        "residents_contact": found.residents_contact.strip(),
        "signatory": found.signatory.strip(),
    }
