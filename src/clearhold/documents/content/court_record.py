"""What the court papers take from the case record: the parties, the evidence and the exhibits.

A complaint for a closure order (s.80) or its extension (s.82) names who it is against and who
has an interest; ClearHold takes them from what was recorded before the notice (the people
informed under s.76(6)), the site's landlord and the service log (s.79), never from a guess.
The incidents are described as police.uk describes them ("On or near West Street", by month),
grouped under the grounds of s.80(5) they can support. Vulnerable occupiers are special-category
data: described only to a maker the read model lets see them, otherwise only said to be recorded
and considered. Every record is read through the maker's reader.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from clearhold.documents.content.bundle_incidents import incidents_at
from clearhold.documents.content.common import day, person, seen, text, when
from clearhold.law import UK
from clearhold.powers.models import EngagementKind
from clearhold.problems.objectives import CATEGORY_LABELS

#: The incident categories that can support each ground of s.80(5) (and s.82(3)): ClearHold's
#: grouping for the court's convenience; the officer chooses the grounds and the court weighs.
GROUND_CATEGORIES: dict[str, frozenset[str]] = {
    "a": frozenset(
        {
            "asb-personal",
            "drugs",
            "public-order",
            "burglary",
            "violence",
            "weapons",
            "criminal-damage-arson",
            "theft",
            "vehicle-crime",
            "robbery",
        }
    ),
    "b": frozenset(
        {
            "asb-personal",
            "asb-nuisance",
            "asb-environmental",
            "asb-unclassified",
            "drugs",
            "criminal-damage-arson",
        }
    ),
    "c": frozenset(
        {"public-order", "violence", "weapons", "asb-personal", "asb-nuisance", "asb-unclassified"}
    ),
}
#: Incidents listed one by one in a court paper; the rest are counted and in the bundle.
LISTED = 60


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def parties(closure: Any) -> dict[str, list[dict[str, str]]]:
    """The respondents (the occupiers and the landlord or owner as recorded) and the other
    people with an interest (informed under s.76(6)(b)), from a shown closure."""
    engagements = list(closure.engagements.all())
    occupiers = [text(e.who) for e in engagements if e.kind == EngagementKind.INFORM_OCCUPIERS]
    respondents = [
        {"name": who, "capacity": "The people who live on the premises (informed, s.76(6)(a))"}
        for who in dict.fromkeys(o for o in occupiers if o)
    ] or [{"name": "The occupiers of the premises", "capacity": "Occupiers"}]
    landlord = text(closure.site.managing_landlord).strip()
    if landlord:
        respondents.append(
            {"name": landlord, "capacity": "Landlord or owner, as recorded for the site"}
        )
    named = {_key(r["name"]) for r in respondents}
    interested = []
    for engagement in engagements:
        who = text(engagement.who).strip()
        if engagement.kind == EngagementKind.INFORM_INTERESTED and who and _key(who) not in named:
            named.add(_key(who))
            interested.append(
                {"name": who, "capacity": "Control of, responsibility for or an interest in the "
                 "premises (informed, s.76(6)(b))"}
            )  # fmt: skip
    return {"respondents": respondents, "interested": interested}


def served(notice: Any) -> list[dict[str, str]]:
    """The service log of a shown notice: each act of service (s.79), by whom, when, where."""
    return [
        {
            "what": s.get_act_display(),
            "who": person(s.served_by)["name"],
            "at": when(s.served_at),
            "detail": text(s.detail),
            "photo": "Photograph" if s.photo else "",
        }
        for s in (notice.service.select_related("served_by") if notice else [])
    ]


#: Acts of service that fix the notice to the premises (s.79(2)(a)-(c)): served on whoever
#: occupies them, never on the door or gate the notice was fixed to.
FIXED_ACTS = frozenset({"a", "b", "c"})
OCCUPYING = "Anyone occupying the premises (the notice was fixed there)"


def summoned(closure: Any, notice: Any) -> list[dict[str, str]]:
    """Whom the justice may summon (s.82(5)): those served with the notice under s.79 (a
    notice fixed to the premises serves whoever occupies them), then the others with an
    interest whom no act of service names."""
    people = []
    for event in notice.service.all() if notice else []:
        act, detail = event.get_act_display(), text(event.detail).strip()
        fixed = event.act in FIXED_ACTS
        why = f"Served: {act}, {when(event.served_at)}" + (
            f" ({detail})" if fixed and detail else ""
        )
        people.append({"name": OCCUPYING if fixed else detail or act, "why": why})
    given = " | ".join(_key(p["name"]) for p in people if p["name"] != OCCUPYING)
    parts = parties(closure)
    for other in parts["respondents"] + parts["interested"]:
        if _key(other["name"]) not in given:
            people.append(
                {"name": other["name"], "why": f"An interest, not served: {other['capacity']}"}
            )
    return people


def consultation_before(closure: Any, moment: dt.datetime) -> list[dict[str, str]]:
    """The informing and consulting recorded before ``moment`` (the hearing), oldest first:
    nothing done after the hearing, and no consultation about an extension."""
    return [
        {"what": e.get_kind_display(), "who": text(e.who), "at": when(e.at), "detail": text(e.how)}
        for e in closure.engagements.all()
        if e.kind != EngagementKind.CONSULT_EXTENSION and e.at < moment
    ]


def _place(location: str) -> str:
    """A location as police.uk words it: "On or near West Street" (the point is approximate)."""
    location = " ".join(location.split())
    if not location:
        return "At the premises (no street given)"
    if location.casefold().startswith("on or near"):
        return "On or near" + location[len("on or near") :]
    return f"On or near {location}"


def incidents(site: Any, first: dt.date, last: dt.date, exhibit: str) -> dict[str, Any]:
    """The incidents inside the site's outline from ``first`` to ``last`` (by month, as
    police.uk publishes them): counted by category and listed, latest first."""
    rows = incidents_at([site], dt.date(first.year, first.month, 1), last)
    by_category = Counter(CATEGORY_LABELS.get(r.category, r.category) for r in rows)
    listed = [
        {
            "month": f"{r.month:%B %Y}",
            "category": CATEGORY_LABELS.get(r.category, r.category),
            "where": _place(r.location),
            "source": "police.uk" if r.source == "policeuk" else text(r.source),
        }
        for r in reversed(rows[-LISTED:])
    ]
    return {
        "period": f"{day(first)} to {day(last)}",
        "total": len(rows),
        "by_category": [{"category": c, "count": n} for c, n in by_category.most_common()],
        "listed": listed,
        "more": max(len(rows) - LISTED, 0),
        "exhibit": exhibit,
        "codes": [r.category for r in rows],
    }


def breaches(closure: Any, first: dt.datetime, last: dt.datetime, of: str) -> list[dict]:
    """Breaches of the notice or order seen between ``first`` and ``last``: when, where and what
    was seen, or that it is recorded when the maker may not see it (whoever was seen is
    restricted and is not printed here)."""
    return [
        {
            "when": when(b.occurred_at),
            "where": text(b.place) or "On the premises",
            "seen": seen(b),
            "offence": text(b.offence_section),
        }
        for b in closure.breaches.filter(breach_of=of).order_by("occurred_at", "id")
        if first <= b.occurred_at <= last
    ]


def ground_evidence(
    chosen: list[str], evidence: dict, inputs: dict, breaches_seen: list[dict], words: dict
) -> tuple[list[dict[str, str]], list[str]]:
    """Each chosen ground with the officer's evidence for it and the recorded incidents (and
    breaches, for (a)) that can support it; a warning for a ground with nothing behind it."""
    codes = Counter(evidence["codes"])
    grounds, warnings = [], []
    for key in chosen:
        supporting = {c: n for c, n in codes.items() if c in GROUND_CATEGORIES[key]}
        count = sum(supporting.values())
        parts = [
            f"{n} of {CATEGORY_LABELS.get(c, c)}" for c, n in Counter(supporting).most_common()
        ]
        records = (
            f"{count} recorded incidents can support it ({', '.join(parts)}), listed in exhibit "
            f"{evidence['exhibit']}."
            if count
            else "No recorded incident of a kind that supports it."
        )
        if key == "a" and breaches_seen:
            records += f" {len(breaches_seen)} breaches were seen (criminal behaviour)."
        own = str(inputs.get(f"evidence_{key}") or "").strip()
        if not own and not count and not (key == "a" and breaches_seen):
            warnings.append(
                f"Nothing in the record supports ground ({key}): add its evidence or drop it."
            )
        grounds.append(
            {"paragraph": words["paragraph"].format(key), "text": words[key],
             "evidence": own, "records": records}
        )  # fmt: skip
    return grounds, warnings


def vulnerability(problem: Any) -> dict[str, Any]:
    """Vulnerable occupiers as the maker may see them: described to a maker the read model
    allows special-category data, otherwise only said to be recorded (no details)."""
    people = list(problem.vulnerable_people.all())
    shown = [text(p.description) for p in people if p.visible("description")]
    return {
        "recorded": bool(people) or bool(problem.risk_vulnerable_residents),
        "described": [{"description": d} for d in shown if d],
    }


def exhibits(reference_of: str, notice: Any, evidence: dict, extra: list[str]) -> list[dict]:
    """The exhibit list: the notice, its service, the incidents, then ``extra``."""
    photos = sum(1 for s in notice.service.all() if s.photo) if notice else 0
    items = [
        f"The closure notice issued {when(notice.issued_at)}" if notice else "",
        "The record of service of the closure notice (s.79)"
        + (f", with {photos} photographs" if photos else ""),
        f"Schedule of the {evidence['total']} incidents recorded at the premises, "
        f"{evidence['period']} (police.uk and partner records)",
        *extra,
    ]
    return [
        {"reference": f"{reference_of}/{n}", "description": item}
        for n, item in enumerate((i for i in items if i), start=1)
    ]


def initials(name: str) -> str:
    """The exhibit prefix: the applicant's initials (“JS”), or “EX” with no name to show."""
    letters = "".join(part[0] for part in name.split() if part[:1].isalpha()).upper()
    return letters or "EX"


def hearing_day(notice: Any) -> dt.date | None:
    return notice.hearing_at.astimezone(UK).date() if notice and notice.hearing_at else None
