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
from clearhold.readmodel import WITHHELD, Shown, staff_name

PREMISES = Obj.of("description", "address", "kind")
PERSON = Obj.of("name", "role", "organisation")
EXEMPTIONS = ListOf(Obj.of("clause", "organisation", "times", "units"))
ADVICE = Obj.of("housing", "legal", "residents_contact", "signatory")
# A breach's account is an officer's description that can name people (restricted): a copy made
# by someone who may not see it says it exists rather than print a gap a court would query.
SEEN_WITHHELD = "What was seen is recorded (personal data, not in this copy)"

ROLE_TITLES = {
    ("police", "officer"): "Police officer",
    ("police", "supervisor"): "Inspector",
    ("police", "senior"): "Superintendent",
    ("council", "officer"): "Officer of the local authority",
    ("council", "supervisor"): "Officer of the local authority",
    ("council", "senior"): "Chief executive officer or designate",
}


def zone(moment: dt.datetime) -> str:
    """“BST” or “GMT”: the clock UK time kept at ``moment`` (Europe/London). A paper names it
    with every time it prints, so a time in the hour the clocks go back is never ambiguous and
    a reader abroad (or a court a season later) knows which it was."""
    local = moment.astimezone(UK)
    return "BST" if local.utcoffset() == dt.timedelta(hours=1) else "GMT"


def clock(moment: dt.datetime) -> str:
    """“2:00pm BST” (or “midday GMT”, “midnight BST”) in UK time: the time every paper prints,
    always with its zone (:func:`zone`)."""
    local = moment.astimezone(UK)
    if (local.hour, local.minute) in ((0, 0), (12, 0)):
        shown = "midnight" if local.hour == 0 else "midday"  # GOV.UK style: never 12pm/12am
    else:
        shown = f"{local:%-I:%M%p}".lower()
    return f"{shown} {zone(moment)}"


def when(moment: dt.datetime | None) -> str:
    """“2:00pm BST on Monday 5 May 2025” (or “midday GMT on …”) in UK time, as a notice says
    it."""
    if moment is None:
        return ""
    return f"{clock(moment)} on {moment.astimezone(UK):%A %-d %B %Y}"


def day(value: dt.date | None) -> str:
    return f"{value:%-d %B %Y}" if value else ""


def text(value: Any) -> str:
    """A shown value as text: nothing for None or a withheld value."""
    return "" if value is None else str(value)


def seen(breach: Any) -> str:
    """What was seen at a (shown) breach, or :data:`SEEN_WITHHELD` when the maker may not see
    it."""
    value = breach.seen
    return SEEN_WITHHELD if value is WITHHELD else text(value)


def person(user: Any, body: str = "", role: str = "") -> dict[str, str]:
    """A member of staff (shown): their name only when the reader may see it, else their role
    and organisation alone (which are public to the partnership)."""
    if not user:
        return {"name": "", "role": "", "organisation": ""}
    if isinstance(user, Shown):  # the pages' one rule for staff names (readmodel.staff_name)
        name = text(staff_name(object.__getattribute__(user, "_reader"), user))
    else:
        full = " ".join(part for part in (text(user.first_name), text(user.last_name)) if part)
        name = full.strip() or text(user.username)
    return {
        "name": name,
        "role": ROLE_TITLES.get((body, role or user.role), user.get_role_display()),
        "organisation": str(user.organisation or ""),
    }


def _parts(words: str) -> list[str]:
    """An address's parts (split at commas and line ends), compared whatever the case and
    spacing."""
    return [" ".join(p.split()).casefold() for p in re.split(r"[,\n]", words) if p.strip()]


def address_after(said: str, address: str) -> str:
    """What ``address`` adds to ``said`` (the premises as described, or a site's name), on
    one line: its leading parts that ``said`` already gives are left out, and nothing is left
    when ``said`` gives them all. “Flat 4, Larkspur House, 12 Larkspur Road” after the
    description “Flat 4, Larkspur House” is “12 Larkspur Road”, and after a description that
    is the whole address, nothing: a paper never prints the address twice."""
    given = set(_parts(said))
    lines = [p.strip() for p in re.split(r"[,\n]", address) if p.strip()]
    keys = _parts(address)
    start = 0
    while start < len(keys) and keys[start] in given:
        start += 1
    return ", ".join(" ".join(line.split()) for line in lines[start:])


def court_address(court: str, notice: Any) -> str:
    """The address of ``court`` as the closure notice gives it (s.76(5)(e)), when it is the
    court the notice named for the hearing; "" for another court (the Crown Court, say), whose
    address the record does not hold."""
    if notice is None:
        return ""
    booked = " ".join(text(notice.hearing_court).split()).casefold()
    if not booked or " ".join(court.split()).casefold() != booked:
        return ""
    return ", ".join(
        line.strip(" ,") for line in text(notice.hearing_court_address).splitlines() if line.strip()
    )


def premises(closure: Any) -> dict[str, str]:
    """The premises as the closure describes them (exactly as entered, s.76(5)(a)) and the
    rest of the site's address, if the description does not already give it."""
    description = text(closure.premises_description)
    return {
        "description": description,
        "address": address_after(description, text(closure.site.address)),
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
