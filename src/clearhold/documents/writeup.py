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

from clearhold.analysis.periods import EvaluationInputError
from clearhold.areas import area_from_geojson
from clearhold.authz import require
from clearhold.documents.models import PracticeWriteUp
from clearhold.documents.permissions import DOCUMENT_GENERATE
from clearhold.evaluation.forms import DEFAULT_CATEGORIES
from clearhold.evaluation.inputs import resolve_categories
from clearhold.evaluation.selectors import evaluation_data
from clearhold.places.models import Unit
from clearhold.problems.actions import CostTotal, cost_display
from clearhold.problems.models import Action, Layer, Objective, Problem, ReviewDecision, Stage
from clearhold.problems.objectives import CATEGORY_LABELS
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
MINUS = "\u2212"


def writeup_of(problem: Problem) -> PracticeWriteUp | None:
    """The saved write-up of the problem, or ``None`` when nobody has saved one yet."""
    return PracticeWriteUp.objects.filter(problem=problem).select_related("updated_by").first()


def _long(day: dt.date) -> str:
    return f"{day:%-d %B %Y}"


def _month(label: str) -> str:
    return f"{dt.date.fromisoformat(f'{label}-01'):%B %Y}"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _and(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _first_line(value: str) -> str:
    return next((line.strip() for line in (value or "").splitlines() if line.strip()), "")


def text(value: Any) -> str:
    """A shown value as text (nothing for a withheld one)."""
    return "" if value is None else str(value)


def _category_words(codes: list[str]) -> str:
    labels = [CATEGORY_LABELS.get(c, c) for c in codes]
    return _and([label if label[:3].isupper() else label.lower() for label in labels])


def _months_between(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


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
    names = _and([s.name for s in sites])
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
        parts.append(f"Risks: {_and(risks)}")
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
        f"{change} {_category_words(objective.categories)} incidents at {objective.site.name} "
        f"by {_long(objective.deadline)}, against the monthly average from {baseline}."
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


def _ratio(summary: dict) -> str:
    if summary["rate_ratio"] is None:
        return "no rate ratio (there were no incidents before)"
    low, high = summary["rate_ratio_ci95"]
    p = summary["p_value"]
    estimate = f"rate ratio {summary['rate_ratio']:.2f} (95% CI {low:.2f}–{high:.2f})"
    if p is None:
        return estimate
    return f"{estimate}, {'p < 0.001' if p < 0.001 else f'p = {p:.2f}'}"


def _signed(pct: float | None) -> str:
    if pct is None:
        return "no change can be taken"
    return f"{'+' if pct > 0 else MINUS if pct < 0 else ''}{abs(pct):.0f}%"


def _rate(per_month: float) -> str:
    """Incidents a month to three significant figures or so: 1.58, 11.3, 165."""
    return (
        f"{per_month:.0f}" if per_month >= 100 else f"{per_month:.{1 if per_month >= 10 else 2}f}"
    )


def _area_line(name: str, summary: dict, months_before: float, months_after: float) -> str:
    before, after = summary["before"], summary["after"]
    return (
        f"{name}: {before:,} incidents before and {after:,} after "
        f"({_rate(before / months_before)} → {_rate(after / months_after)} a month), "
        f"{_signed(summary['change_pct'])}: {_ratio(summary)}."
    )


def _res_line(result: dict) -> str:
    if result["res"] is None:
        return f"Relative effect size: not available ({result['detail']['res']['reason']})."
    low, high = result["res_ci95"]
    if low > 1:
        reading = "the whole interval is above 1: the site did better than the control"
    elif high < 1:
        reading = "the whole interval is below 1: the site did worse than the control"
    else:
        reading = "the interval includes 1, so the data show no effect either way"
    return (
        f"Relative effect size {result['res']:.2f} (95% CI {low:.2f}–{high:.2f}): above 1 "
        f"would mean the site did better than the control; {reading}."
    )


def _span(labels: list[str]) -> str:
    if not labels:
        return "no month"
    return _month(labels[0]) if len(labels) == 1 else f"{_month(labels[0])} to {_month(labels[-1])}"


def overall_impact(*, problem: Problem, user: Any = None) -> list[str]:
    """The before-and-after evaluation of the problem's main site, as sentences with their 95%
    intervals; one sentence saying why when it cannot be run."""
    objectives = _objectives(problem)
    main = objectives[0] if objectives else None
    site = main.site if main else problem.sites.order_by("id").first()
    if site is None:
        return ["The problem has no site, so no before-and-after evaluation could be run."]
    codes = list(main.categories) if main else list(DEFAULT_CATEGORIES)
    months_before = (
        max(_months_between(main.baseline_from, main.baseline_to) + 1, 1) if main else 12
    )
    # The evaluation (scipy.stats, pandas, pysyncon with matplotlib: over a second to import)
    # is imported here, not at start-up: the documents' registry imports this module in every
    # process.
    from clearhold.evaluation.run import EvaluationRequest, run_evaluation

    target = -main.target_change_pct if main and main.target_change_pct < 0 else None
    within = max(_months_between(problem.start_date, main.deadline), 1) if main else None
    try:
        choice = resolve_categories(codes)
        area = area_from_geojson(site.boundary)
        data = evaluation_data(user=user, choice=choice, target=area)
        if not data.data_months.size:
            raise EvaluationInputError("ClearHold holds no incident data yet")
        evaluation, check = run_evaluation(
            data,
            EvaluationRequest(
                target=area,
                intervention=problem.start_date,
                choice=choice,
                months_before=months_before,
                months_after=12,
                target_reduction_pct=target,
                within_months=within if target else None,
            ),
        )
    except (EvaluationInputError, ValueError, IndexError) as reason:
        return [
            f"The before-and-after evaluation of {site.name} could not be run: "
            f"{str(reason).rstrip('.')}. Describe the impact from the partnership’s own "
            "records instead."
        ]
    result = evaluation.to_dict(detail=True)
    windows = result["detail"]["windows"]
    t_b, t_a = evaluation.months_before, evaluation.months_after
    source = f"{data.force} data" if data.force else "the incident data held"
    lines = [
        f"Incidents of {_category_words(codes)} at {site.name}, from {source}: "
        f"{t_b:g} months before the work began on {_long(problem.start_date)} "
        f"({_span(windows['before'])}) against {t_a:g} months after "
        f"({_span(windows['after'])})."
        + (
            f" {_month(windows['excluded_month'])} is left out: the data give the month, not "
            "the date, so its incidents cannot be placed before or after the start."
            if windows["excluded_month"]
            else ""
        ),
        _area_line("At the site", result["target"], t_b, t_a),
        _area_line(f"In the {evaluation.buffer_m:g} m ring around it", result["buffer"], t_b, t_a),
        _area_line(f"In the rest of the {source} (the control)", result["control"], t_b, t_a),
        _res_line(result),
    ]
    if check is not None:
        lines.append(
            f"Objective ({check.target_reduction_pct:g}% fall within {check.within_months} "
            f"months): {check.status}. {check.reason[0].upper()}{check.reason[1:]}"
        )
    mdr = evaluation.minimum_detectable_reduction
    before = result["target"]["before"]
    if mdr is None:
        lines.append(
            f"With {before} incident{'s' if before != 1 else ''} at the site before, no fall "
            "could have been detected reliably."
        )
    else:
        lines.append(
            f"With {before} incident{'s' if before != 1 else ''} at the site before, only a fall "
            f"of about {100 * mdr:.0f}% or more could have been detected reliably: a result "
            "that is not significant is not evidence that the work did nothing."
        )
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
        when = _long(timezone.localtime(review.completed_at).date())
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
        "overall_impact": "\n".join(overall_impact(problem=problem, user=reader.user)),
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
            {"end_date": f"The end date must be on or after the start date ({_long(start)})."}
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
