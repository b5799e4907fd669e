"""The practice write-up: prefilled from the problem, checked and saved by a person, then
exported in the College of Policing practice-bank layout.

:func:`writeup_prefill` drafts every section from what ClearHold holds — the lead and partner
organisations, dates, the sites, the problem analysis triangle and risks, the objectives, the
action plan by layer with its costs, the before-and-after evaluation of the main site with its
95% intervals, and what completed reviews found. A draft is only a starting point: nothing is
exported until someone has read it and saved it with :func:`writeup_save`, so the published
account is the partnership's own words.

The draft is read through the person's reader (``clearhold.readmodel``): the problem's notes on
the people causing it (special category) and those affected (restricted) reach the draft only
for someone the sharing record allows who gave a purpose, and that read is audited.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clearhold.authz import require
from clearhold.documents.models import PracticeWriteUp
from clearhold.documents.permissions import DOCUMENT_GENERATE
from clearhold.documents.writeup_impact import overall_impact
from clearhold.documents.writeup_words import and_join, category_words, long_day
from clearhold.places.models import Unit
from clearhold.problems.actions import CostTotal, cost_display
from clearhold.problems.models import Action, Layer, Objective, Problem, ReviewDecision, Stage
from clearhold.readmodel import Reader

WRITEUP_FIELDS = (
    "organisation",
    "partners",
    "start_date",
    "end_date",
    "scale",
    "target_group",
    "aim",
    "intended_outcome",
    "description",
    "overall_impact",
    "went_well",
    "challenges",
    "recommendations",
)
#: The practice bank's page for the write-up, as its blocking message names it.
PAGE_NAME = "Practice write-up"


def writeup_of(problem: Problem) -> PracticeWriteUp | None:
    """The saved write-up of the problem, or ``None`` when nobody has saved one yet."""
    return PracticeWriteUp.objects.filter(problem=problem).select_related("updated_by").first()


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _first_line(value: str) -> str:
    return next((line.strip() for line in (value or "").splitlines() if line.strip()), "")


def text(value: Any) -> str:
    """A shown value as text (nothing for a withheld one)."""
    return "" if value is None else str(value)


def _end_date(problem: Problem) -> dt.date | None:
    if problem.stage != Stage.CLOSED:
        return None
    closing = (
        problem.reviews.filter(decision=ReviewDecision.CLOSE)
        .exclude(completed_at=None)
        .order_by("-completed_at")
        .first()
    )
    return timezone.localtime(closing.completed_at).date() if closing else None


def _scale(problem: Problem) -> str:
    sites = list(problem.sites.order_by("name"))
    if not sites:
        return ""
    area = sum(s.area_m2 for s in sites)
    size = f"{area:,.0f} m²" if area < 10_000 else f"{area / 10_000:.1f} hectares"
    units = Unit.objects.filter(site__in=sites).count()
    names = and_join([s.name for s in sites])
    text = f"{len(sites)} site{'s' if len(sites) != 1 else ''} ({names}), {size}"
    if units:
        text += f", {units} home{'s' if units != 1 else ''} or other units"
    return _clip(text, 200)


RISKS = (
    ("risk_firearms", "firearms discharges"),
    ("risk_intimidation", "intimidation of residents or witnesses"),
    ("risk_exploitation", "exploitation or cuckooing"),
    ("risk_vulnerable_residents", "vulnerable residents"),
)


def _target_group(problem: Problem, reader: Reader) -> str:
    """Whom the problem is about, drafted from the victims notes (restricted, as the saved
    field is) and never from the allegations about offenders: special-category data is not
    copied into a write-up meant for the practice bank."""
    shown = reader.show(problem)
    victims = _first_line(text(shown.victim_notes))
    parts = []
    if victims:
        parts.append(f"Those affected: {victims}")
    risks = [words for name, words in RISKS if getattr(problem, name)]
    if risks:
        parts.append(f"Risks: {and_join(risks)}")
    if not parts:  # no triangle notes yet: the summary says whom the problem is about
        return _clip(_first_line(problem.summary) or problem.title, 300)
    return _clip(". ".join(p.rstrip(".") for p in parts) + ".", 300)


def _objectives(problem: Problem) -> list[Objective]:
    return list(problem.objectives.select_related("site").order_by("created_at", "id"))


def _outcome(objective: Objective) -> str:
    pct = objective.target_change_pct
    change = "No rise in" if pct == 0 else f"{abs(pct):g}% {'fewer' if pct < 0 else 'more'}"
    baseline = f"{objective.baseline_from:%B %Y} to {objective.baseline_to:%B %Y}"
    return (
        f"{change} {category_words(objective.categories)} incidents at {objective.site.name} "
        f"by {long_day(objective.deadline)}, against the monthly average from {baseline}."
    )


def _action_words(action: Action) -> str:
    details = [str(action.owner_organisation), action.get_status_display().lower()]
    details += [cost_display(action)] if action.cost is not None else []
    return f"{action.title} ({', '.join(details)})"


def _description(problem: Problem) -> list[str]:
    lines = [line.strip() for line in problem.summary.splitlines() if line.strip()]
    actions = list(problem.actions.select_related("owner_organisation").order_by("due_date", "id"))
    for value, label in Layer.choices:
        layer = [a for a in actions if a.layer == value]
        if not layer:
            continue
        total = CostTotal()
        for action in layer:
            total.add(action)
        listed = "; ".join(_action_words(a) for a in layer)
        cost = f" ({total.display})" if total.count else ""
        lines.append(f"{label}{cost}: {listed}.")
    if not actions:
        lines.append("No actions are recorded in the plan yet.")
    return lines


def _learning(problem: Problem) -> tuple[list[str], list[str]]:
    """(what went well, challenges) from the completed reviews: a review that changed the plan
    is a challenge, the others went well; objectives off track at the latest review are
    challenges too."""
    went_well: list[str] = []
    challenges: list[str] = []
    reviews = list(problem.reviews.exclude(completed_at=None).order_by("months"))
    for review in reviews:
        found = " ".join(line.strip() for line in review.narrative.splitlines() if line.strip())
        when = long_day(timezone.localtime(review.completed_at).date())
        line = f"{review.months}-month review ({when}): {found}"
        (challenges if review.decision == ReviewDecision.CHANGE else went_well).append(line)
    if reviews:
        latest = reviews[-1]
        for record in latest.snapshot.get("objectives", []):
            status = record["progress"]["status"]
            if status in ("off track", "not yet measurable"):
                challenges.append(
                    f"{record['title']}: {status} at the {latest.months}-month review. "
                    f"{record['progress']['reason']}"
                )
    return went_well, challenges


def writeup_prefill(*, problem: Problem, reader: Reader) -> dict[str, Any]:
    """Initial values of every write-up field, drafted from the problem's record as the
    reader may see it."""
    partners = (
        problem.partners.exclude(organisation_id=problem.lead_organisation_id)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    objectives = _objectives(problem)
    went_well, challenges = _learning(problem)
    return {
        "organisation": str(problem.lead_organisation),
        "partners": "\n".join(str(p.organisation) for p in partners),
        "start_date": problem.start_date,
        "end_date": _end_date(problem),
        "scale": _scale(problem),
        "target_group": _target_group(problem, reader),
        "aim": "\n".join(f"{o.title.rstrip('.')}." for o in objectives)
        or _first_line(problem.summary)
        or problem.title,
        "intended_outcome": "\n".join(_outcome(o) for o in objectives),
        "description": "\n".join(_description(problem)),
        "overall_impact": "\n".join(
            overall_impact(problem=problem, objectives=objectives, user=reader.user)
        ),
        "went_well": "\n".join(went_well),
        "challenges": "\n".join(challenges),
        "recommendations": "",
    }


@transaction.atomic
def writeup_save(*, user: Any, problem: Problem, **fields: Any) -> PracticeWriteUp:
    """Save the checked write-up (every field at once). An end date before the start date is
    refused, as is any required section left empty."""
    require(user, DOCUMENT_GENERATE, problem)
    unknown = set(fields) - set(WRITEUP_FIELDS)
    if unknown:
        raise ValueError(f"Not write-up fields: {', '.join(sorted(unknown))}")
    start, end = fields.get("start_date"), fields.get("end_date")
    if start and end and end < start:
        raise ValidationError(
            {"end_date": f"The end date must be on or after the start date ({long_day(start)})."}
        )
    writeup = PracticeWriteUp.objects.select_for_update().filter(
        problem=problem
    ).first() or PracticeWriteUp(problem=problem)
    for name, value in fields.items():
        setattr(writeup, name, value.strip() if isinstance(value, str) else value)
    writeup.updated_by = user
    writeup.full_clean(exclude=["problem"])
    writeup.save()
    return writeup
