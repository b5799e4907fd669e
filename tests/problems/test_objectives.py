"""Objectives: the create service's rules, live progress on the real Wisbech incidents, the
problem page's section and the add-objective page."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import numpy as np
import pytest
import shapely
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse

from clearhold.authz import Refused
from clearhold.places.services import site_create
from clearhold.problems.models import Objective
from clearhold.problems.objectives import (
    objective_create,
    objective_progress,
    objectives_section,
)
from tests.analysis.evaluate_wisbech import load_geojson_target, read_rows
from tests.problems.conftest import TARGET

CATEGORIES = ["asb-unclassified", "drugs", "public-order"]
POLICEUK_TYPES = ("Anti-social behaviour", "Drugs", "Public order")
TODAY = dt.date(2026, 1, 15)


def fields(site, **changes):
    return {
        "title": "75% fewer ASB, drugs and public order reports in six months",
        "categories": CATEGORIES,
        "site": site,
        "baseline_from": dt.date(2024, 5, 1),
        "baseline_to": dt.date(2025, 4, 1),
        "target_change_pct": -75,
        "deadline": dt.date(2025, 11, 7),
        **changes,
    }


@pytest.fixture
def objective(problem, manager, site):
    return objective_create(user=manager, problem=problem, **fields(site))


def expected_monthly_counts() -> Counter:
    """Counted straight from the police.uk CSVs (gzip + csv + pyproj, not the store)."""
    rows = read_rows()
    polygon = load_geojson_target()
    located = np.isfinite(rows.easting)
    inside = np.zeros(rows.easting.size, dtype=bool)
    inside[located] = shapely.contains_xy(polygon, rows.easting[located], rows.northing[located])
    chosen = inside & np.isin(rows.crime_type, POLICEUK_TYPES)
    return Counter(str(m) for m in rows.month[chosen])


def months(first: str, last: str) -> list[str]:
    return [str(m) for m in np.arange(first, np.datetime64(last) + 1, dtype="datetime64[M]")]


# The service ----------------------------------------------------------------------------


def test_objective_create_stores_the_metric_with_month_starts(problem, manager, site):
    made = objective_create(
        user=manager, problem=problem, **fields(site, baseline_to=dt.date(2025, 4, 30))
    )
    assert made.baseline_to == dt.date(2025, 4, 1)
    assert made.categories == CATEGORIES
    assert list(problem.objectives.all()) == [made]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"categories": []}, "categories", "the metric is empty"),
        ({"categories": ["asb-unclassified", "littering"]}, "categories", "Unknown category"),
        ({"baseline_from": dt.date(2025, 5, 1)}, "baseline_to", "must end in or after"),
        ({"deadline": dt.date(2025, 5, 6)}, "deadline", "on or after the problem’s start"),
        ({"target_change_pct": -100}, "target_change_pct", "above −100%"),
        ({"target_change_pct": 100.5}, "target_change_pct", "at most 100%"),
        ({"target_change_pct": float("nan")}, "target_change_pct", "above −100%"),
        ({"title": "  "}, "title", "Give the objective a title"),
    ],
)
def test_bad_objective_input_is_refused_by_field_and_nothing_saved(
    problem, manager, site, changes, field, words
):
    with pytest.raises(ValidationError) as refused:
        objective_create(user=manager, problem=problem, **fields(site, **changes))
    assert words in " ".join(refused.value.message_dict[field])
    assert not Objective.objects.exists()


def test_a_site_not_on_the_problem_is_refused(problem, manager):
    elsewhere = site_create(
        user=manager, name="Elsewhere", kind="open_space", boundary=TARGET.read_text()
    )
    with pytest.raises(ValidationError) as refused:
        objective_create(user=manager, problem=problem, **fields(elsewhere))
    assert "one of this problem’s sites" in refused.value.message_dict["site"][0]
    assert not Objective.objects.exists()


def test_every_broken_rule_is_reported_at_once(problem, manager, site):
    with pytest.raises(ValidationError) as refused:
        objective_create(
            user=manager, problem=problem, **fields(site, categories=[], target_change_pct=-120)
        )
    assert set(refused.value.message_dict) == {"categories", "target_change_pct"}


def test_a_user_outside_the_problem_cannot_add_an_objective(problem, officer, partner_viewer, site):
    for outsider in (officer, partner_viewer):
        with pytest.raises(Refused):
            objective_create(user=outsider, problem=problem, **fields(site))
    assert not Objective.objects.exists()


# Live progress on the real Fenland incidents -----------------------------------------------


def test_progress_at_the_wisbech_site_matches_counts_taken_from_the_csvs(fenland, objective):
    expected = expected_monthly_counts()
    baseline = months("2024-05", "2025-04")
    measured = months("2025-06", "2025-11")
    p = objective_progress(objective, today=TODAY)
    assert p.baseline_months == tuple(baseline)
    assert p.measured_months == tuple(measured)
    assert p.baseline_total == sum(expected[m] for m in baseline)
    assert p.measured_total == sum(expected[m] for m in measured)
    assert p.series_counts == tuple(expected[m] for m in p.series_months)
    b = sum(expected[m] for m in baseline) / 12
    a = sum(expected[m] for m in measured) / 6
    assert p.change_pct == pytest.approx(100 * (a / b - 1))
    # The deadline's month is measured; a fall of 75% was not reached.
    assert p.deadline_reached
    assert p.status == ("met" if a <= 0.25 * b else "off track")


def test_progress_counts_only_the_chosen_categories(fenland, problem, manager, site):
    asb = objective_create(
        user=manager, problem=problem, **fields(site, categories=["asb-unclassified"])
    )
    expected_rows = read_rows()
    polygon = load_geojson_target()
    ok = np.isfinite(expected_rows.easting)
    inside = np.zeros(ok.size, dtype=bool)
    inside[ok] = shapely.contains_xy(polygon, expected_rows.easting[ok], expected_rows.northing[ok])
    wanted = inside & (expected_rows.crime_type == "Anti-social behaviour")
    in_baseline = np.isin(expected_rows.month, months("2024-05", "2025-04"))
    assert objective_progress(asb, today=TODAY).baseline_total == int((wanted & in_baseline).sum())


def test_progress_with_an_empty_store_is_not_yet_measurable(objective):
    p = objective_progress(objective, today=TODAY)
    assert p.status == "not yet measurable"


def test_progress_is_live_before_the_deadline(fenland, objective):
    p = objective_progress(objective, today=dt.date(2025, 8, 20))
    assert p.measured_months == ("2025-06", "2025-07")
    assert p.status in ("on track", "off track")
    assert not p.deadline_reached


# The section and the page ---------------------------------------------------------------


def test_the_section_shows_each_objective_with_its_status_chart_and_figures(
    fenland, objective, problem, manager
):
    context = objectives_section(problem=problem, user=manager, today=TODAY)
    (shown,) = context["objectives"]
    p = objective_progress(objective, today=TODAY)
    assert shown["progress"] == p.to_dict()
    assert "<svg" in shown["chart"]
    assert "<title>" in shown["chart"]
    assert [r["count"] for r in shown["table"]] == list(p.series_counts)
    html = render_to_string(
        "problems/sections/objectives.html", {**context, "problem": problem, "may_change": True}
    )
    assert objective.title in html
    assert p.status.capitalize() in html
    assert reverse("problems:objective-new", args=[problem.pk]) in html
    assert "reviews" in context
    assert len(context["reviews"]) == 3


def test_the_add_objective_page_creates_one(client, problem, manager, site):
    client.force_login(manager)
    url = reverse("problems:objective-new", args=[problem.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert site.name in page.content.decode()
    response = client.post(
        url,
        {
            "title": "Fewer ASB reports",
            "categories": ["asb-unclassified"],
            "site": site.pk,
            "baseline_from": "2024-05",
            "baseline_to": "2025-04",
            "target_change_pct": "−75",
            "deadline": "2025-11-07",
        },
    )
    assert response.status_code == 302
    made = problem.objectives.get()
    assert made.target_change_pct == -75
    assert made.baseline_from == dt.date(2024, 5, 1)


def test_the_add_objective_page_shows_an_error_summary_and_saves_nothing(
    client, problem, manager, site
):
    client.force_login(manager)
    response = client.post(
        reverse("problems:objective-new", args=[problem.pk]),
        {
            "title": "Fewer ASB reports",
            "site": site.pk,
            "baseline_from": "2024-13",
            "baseline_to": "2025-04",
            "target_change_pct": "-75",
            "deadline": "2025-04-01",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Enter the baseline’s first month as a real month" in html
    assert not Objective.objects.exists()
    response = client.post(
        reverse("problems:objective-new", args=[problem.pk]),
        {
            "title": "Fewer ASB reports",
            "site": site.pk,
            "baseline_from": "2024-05",
            "baseline_to": "2025-04",
            "target_change_pct": "-75",
            "deadline": "2025-04-01",
        },
    )
    html = response.content.decode()
    assert "the metric is empty" in html
    assert "on or after the problem’s start" in html
    assert 'href="#id_categories"' in html
    assert not Objective.objects.exists()


def test_outsiders_get_403_on_the_add_objective_page(client, problem, officer, site):
    client.force_login(officer)
    url = reverse("problems:objective-new", args=[problem.pk])
    assert client.get(url).status_code == 403
    assert (
        client.post(url, {"title": "x", "categories": ["drugs"], "site": site.pk}).status_code
        == 403
    )
    assert not Objective.objects.exists()


def test_the_problem_page_shows_objectives_and_reviews(
    client, fenland, objective, problem, manager
):
    client.force_login(manager)
    html = client.get(problem.get_absolute_url()).content.decode()
    status = objective_progress(objective).status
    assert 'data-testid="objectives-section"' in html
    assert objective.title in html
    assert status.capitalize() in html
    assert 'data-testid="reviews-section"' in html
    assert html.count('data-testid="review-row"') == 3
    review = problem.reviews.get(months=3)
    assert reverse("problems:review", args=[problem.pk, review.pk]) in html


def test_a_baseline_in_months_with_no_data_is_named_not_read_as_zero(
    client, fenland, problem, manager, site
):
    """The store holds 2024-01 to 2025-12: a baseline from October 2023 has three months with
    no data, which the page names on adding it and beside the baseline ever after."""
    client.force_login(manager)
    url = reverse("problems:objective-new", args=[problem.pk])
    form = {
        "title": "Fewer ASB reports",
        "categories": ["asb-unclassified"],
        "site": site.pk,
        "baseline_from": "2023-10",
        "baseline_to": "2024-03",
        "target_change_pct": "-50",
        "deadline": "2025-11-07",
    }
    page = client.post(url, form, follow=True)
    body = page.content.decode()
    assert "no incident data for October 2023, November 2023 and December 2023" in body
    assert "rather than counting them as 0" in body
    assert "No data held for October 2023, November 2023 and December 2023" in body
    page = client.post(url, {**form, "baseline_from": "2024-01"}, follow=True)
    assert page.content.decode().count("No data held for") == 1
