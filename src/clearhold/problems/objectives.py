"""SMART objectives: creating one, measuring it live on the incident store, and the section of
the problem page that shows each objective with its chart.

An objective counts the incidents of its categories inside its site's outline, month by
month; :func:`clearhold.analysis.objective_progress.objective_progress` (pure) turns those
counts into a status. The counts are kept in the results cache under the store's data version
(:mod:`clearhold.incidents.results_cache`), so every figure is the store's as the page is drawn
without counting again until an import or removal; a completed review keeps the figures it
froze (see ``reviews.py``).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import localize
from django.utils.text import capfirst

from clearhold.analysis.objective_progress import ObjectiveProgress
from clearhold.analysis.objective_progress import objective_progress as progress_of
from clearhold.areas import area_from_geojson
from clearhold.authz import require
from clearhold.incidents.models import Incident
from clearhold.incidents.results_cache import cached_result
from clearhold.incidents.selectors import incidents_in_area
from clearhold.ingest.taxonomy import Category
from clearhold.problems.models import Objective, Problem
from clearhold.problems.permissions import PROBLEM_CHANGE
from clearhold.readmodel import Reader
from clearhold.toolkit.charts import objective_chart_svg
from clearhold.toolkit.forms_dates import dates_refused
from clearhold.toolkit.ordering import in_order

CATEGORY_LABELS = {c.value: c.label for c in Category}
#: The visibility an objective's counts are cached under: they are counted on the whole store.
WHOLE_STORE = "whole-store"


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _refuse(errors: dict[str, list[str]], field: str, message: str) -> None:
    """Add ``message`` to ``field``'s errors: every rule broken is reported at once."""
    errors.setdefault(field, []).append(message)


def _metric_checked(
    errors: dict[str, list[str]], problem: Problem, title: str, categories: list[str], site: Any
) -> tuple[str, list[str]]:
    """The title and categories cleaned, the site checked: what the objective counts, where."""
    title = (title or "").strip()
    if not title:
        _refuse(
            errors, "title", "Give the objective a title, e.g. 75% fewer ASB reports in six months."
        )
    categories = list(dict.fromkeys(categories or []))
    if not categories:
        _refuse(errors, "categories", "Choose at least one category to count: the metric is empty.")
    unknown = [c for c in categories if c not in CATEGORY_LABELS]
    if unknown:
        _refuse(errors, "categories", f"Unknown category: {', '.join(map(str, unknown))}.")
    if site is None or not problem.sites.filter(pk=site.pk).exists():
        _refuse(errors, "site", "Choose one of this problem’s sites.")
    return title, categories


def _dates_checked(
    errors: dict[str, list[str]],
    problem: Problem,
    baseline_from: dt.date,
    baseline_to: dt.date,
    deadline: dt.date,
) -> tuple[dt.date, dt.date]:
    """The baseline as whole months; the deadline after it (progress is measured after it)."""
    if baseline_from and baseline_to:
        baseline_from, baseline_to = baseline_from.replace(day=1), baseline_to.replace(day=1)
        if baseline_from > baseline_to:
            _refuse(errors, "baseline_to", "The baseline must end in or after the month it begins.")
    if deadline is not None:
        if deadline < problem.start_date:
            _refuse(
                errors,
                "deadline",
                f"The deadline must be on or after the problem’s start "
                f"({_long_date(problem.start_date)}).",
            )
        elif baseline_to and deadline.replace(day=1) <= baseline_to.replace(day=1):
            _refuse(errors, "deadline", "The deadline must fall after the baseline ends.")
    return baseline_from, baseline_to


def _target_checked(errors: dict[str, list[str]], target_change_pct: float) -> float:
    """The target as a number, refused outside (−100, 100]: no fall can exceed all of it."""
    try:
        target = float(target_change_pct)
    except (TypeError, ValueError):
        target = math.nan
    if not (math.isfinite(target) and -100 < target <= 100):
        _refuse(
            errors,
            "target_change_pct",
            "The target must be a change above −100% and at most 100%: −75 for a 75% fall.",
        )
    return target


@transaction.atomic
def objective_create(
    *,
    user: Any,
    problem: Problem,
    title: str,
    categories: list[str],
    site: Any,
    baseline_from: dt.date,
    baseline_to: dt.date,
    target_change_pct: float,
    deadline: dt.date,
) -> Objective:
    """Add a SMART objective to the problem. Every rule broken is reported at once, by field,
    and nothing is saved: the metric needs at least one known category and one of the
    problem's sites; the baseline must not end before it begins; the deadline must be on or
    after the problem's start and after the baseline; the target is a change in (−100, 100]."""
    require(user, PROBLEM_CHANGE, problem)
    errors: dict[str, list[str]] = dates_refused(
        {
            "baseline_from": ("the baseline’s first month", baseline_from),
            "baseline_to": ("the baseline’s last month", baseline_to),
            "deadline": ("the deadline", deadline),
        }
    )
    title, categories = _metric_checked(errors, problem, title, categories, site)
    baseline_from, baseline_to = _dates_checked(
        errors, problem, baseline_from, baseline_to, deadline
    )
    target = _target_checked(errors, target_change_pct)
    if errors:
        raise ValidationError(errors)
    objective = Objective(
        problem=problem,
        title=title,
        categories=categories,
        site=site,
        baseline_from=baseline_from,
        baseline_to=baseline_to,
        target_change_pct=target,
        deadline=deadline,
    )
    objective.full_clean()
    objective.save()
    return objective


def objective_counts(objective: Objective) -> tuple[np.ndarray, np.ndarray]:
    """Monthly counts of the objective's categories inside its site, from the baseline's first
    month on, for every month the data cover (a covered month with none is a listed 0).

    A month is covered when the store holds any incident for it from the sources and forces
    that report at the site (for police.uk: the force's monthly file); when nothing at all has
    been reported at the site, every month the store holds counts as covered."""
    area = area_from_geojson(objective.site.boundary)
    at_site = incidents_in_area(Incident.objects.all(), area)
    # .order_by(): the model's default ordering would join the DISTINCT and make it per row.
    reporters = set(at_site.values_list("source", "force").order_by().distinct())
    scope = Incident.objects.all()
    if reporters:
        who = Q()
        for source, force in reporters:
            who |= Q(source=source, force=force)
        scope = scope.filter(who)
    since = objective.baseline_from.replace(day=1)
    covered = scope.filter(month__gte=since).values_list("month", flat=True).order_by().distinct()
    months = np.array(sorted(set(covered)), dtype="datetime64[M]")
    found = (
        at_site.filter(category__in=objective.categories, month__gte=since)
        .values("month")
        .annotate(n=Count("id"))
        .order_by()
    )
    per_month = {np.datetime64(row["month"], "M"): row["n"] for row in found}
    counts = np.array([per_month.get(m, 0) for m in months], dtype=np.int64)
    return months, counts


def cached_objective_counts(objective: Objective) -> tuple[np.ndarray, np.ndarray]:
    """:func:`objective_counts`, read from the results cache. The counts are of the whole store
    whoever reads them (a count of incidents at a site is not personal), so every reader
    shares them; the key holds what they are counted from: outline, categories, first month.
    The outline goes in as its canonical JSON text (sorted keys), the same outline the same
    text: normalising its every coordinate pair for the key cost the page about half a
    millisecond."""
    site, since = objective.site, objective.baseline_from.replace(day=1)
    outline = json.dumps(site.boundary, sort_keys=True, separators=(",", ":"))
    return cached_result(
        "objective-counts",
        WHOLE_STORE,
        (outline, sorted(objective.categories), since),
        lambda: objective_counts(objective),
    )


def objective_progress(objective: Objective, *, today: dt.date | None = None) -> ObjectiveProgress:
    """The objective's progress on the incident store as it is now, as at ``today``."""
    months, counts = cached_objective_counts(objective)
    return progress_of(
        months,
        counts,
        baseline_from=objective.baseline_from,
        baseline_to=objective.baseline_to,
        target_change_pct=objective.target_change_pct,
        deadline=objective.deadline,
        start=objective.problem.start_date,
        today=today or timezone.localdate(),
        last_data_month=months.max() if months.size else None,
    )


def objective_record(objective: Objective, *, today: dt.date | None = None) -> dict:
    """The objective and its progress as plain JSON-ready data (what a review freezes)."""
    return {
        "id": objective.pk,
        "title": objective.title,
        "site": objective.site.name,
        "categories": [CATEGORY_LABELS.get(c, c) for c in objective.categories],
        "baseline_from": objective.baseline_from.isoformat(),
        "baseline_to": objective.baseline_to.isoformat(),
        "target_change_pct": objective.target_change_pct,
        "deadline": objective.deadline.isoformat(),
        "progress": objective_progress(objective, today=today).to_dict(),
    }


STATUS_TAGS = {
    "met": "govuk-tag--green",
    "on track": "govuk-tag--blue",
    "off track": "govuk-tag--red",
    "not yet measurable": "govuk-tag--grey",
}


def _month_label(month: str) -> str:
    return dt.date.fromisoformat(f"{month}-01").strftime("%b %Y")


def baseline_months_without_data(record: dict) -> list[str]:
    """The baseline's months ('YYYY-MM') the store holds no data for: they are left out of the
    baseline, never read as 0 incidents, and the pages name them."""
    first, last = record["baseline_from"][:7], record["baseline_to"][:7]
    axis = np.arange(np.datetime64(first, "M"), np.datetime64(last, "M") + 1, dtype="datetime64[M]")
    covered = set(record["progress"]["baseline_months"])
    return [str(m) for m in axis if str(m) not in covered]


def months_in_words(months: list[str]) -> str:
    """'YYYY-MM' months as "March 2024, April 2024 and May 2024"."""
    names = [dt.date.fromisoformat(f"{m}-01").strftime("%B %Y") for m in months]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _count_text(count: Any) -> str:
    """A month's count as the chart's table prints it ("no data" for a month without)."""
    if count is None:
        return "no data"
    return str(count) if type(count) is int else str(localize(count))


def objective_display(record: dict) -> dict:
    """What the templates show for one objective record (live or frozen): the record, its
    status tag, the chart and the chart's figures as a table (the text alternative)."""
    progress = record["progress"]
    months, counts = progress["series_months"], progress["series_counts"]
    labels = [_month_label(m) for m in months]
    first = progress["first_measured_month"]
    measured = set(progress["measured_months"])
    baseline = set(progress["baseline_months"])
    title = (
        f"{record['title']}: incidents a month at {record['site']}, with the baseline mean"
        f" and the target level"
    )
    chart = objective_chart_svg(
        labels,
        counts,
        title=title,
        baseline_mean=progress["baseline_mean"],
        target_level=progress["target_level"],
        measure_from=months.index(first) if first in months else None,
    )
    table = [
        {
            "month": label,
            "count": count,
            "count_text": _count_text(count),
            "period": period,
            "period_text": capfirst(period),
        }
        for m, label, count in zip(months, labels, counts, strict=True)
        for period in ("baseline" if m in baseline else "measured" if m in measured else "",)
    ]
    return {
        **record,
        "deadline_date": dt.date.fromisoformat(record["deadline"]),
        "status_tag": STATUS_TAGS.get(progress["status"], "govuk-tag--grey"),
        "chart": chart,
        "table": table,
        "baseline_label": f"{_month_label(record['baseline_from'][:7])} to "
        f"{_month_label(record['baseline_to'][:7])}",
        "baseline_missing": months_in_words(missing)
        if (missing := baseline_months_without_data(record))
        else "",
    }


#: What :func:`objective_record` reads of an objective: all of it, and of its site only the
#: name it prints and the outline it counts in (not its other 12 columns, each of which costs
#: the compiling of the query and every row's conversion).
_RECORD_READS = (
    *(f.name for f in Objective._meta.concrete_fields),
    "site__name",
    "site__boundary",
)


def objective_list(*, problem: Problem) -> list[Objective]:
    """The problem's objectives with their sites (what :func:`objective_record` reads of
    them), oldest first. Each holds the ``problem`` given (the related manager sets it), so the
    problem is not joined and read again. Sorted here (``in_order``), not by the query."""
    objectives = problem.objectives.select_related("site").only(*_RECORD_READS)
    return in_order(objectives.order_by(), "created_at", "id")


def objectives_section(
    *, problem: Problem, user: Any, today: dt.date | None = None, reader: Reader | None = None
) -> dict:
    """Context for ``problems/sections/objectives.html`` and ``sections/reviews.html``:
    ``objectives`` (one display dict per objective, live figures) and ``reviews`` (see
    :func:`clearhold.problems.reviews.reviews_section`)."""
    from clearhold.problems.reviews import reviews_section

    today = today or timezone.localdate()
    return {
        "objectives": [
            objective_display(objective_record(o, today=today))
            for o in objective_list(problem=problem)
        ],
        **reviews_section(problem=problem, user=user, today=today, reader=reader),
    }
