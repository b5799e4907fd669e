"""An objective's monthly counts are counted once per store version and outline: the problem
page drawn again counts nothing, and an import or a removal is seen at once."""

from __future__ import annotations

import datetime as dt

import pytest

from clearhold.incidents.models import Incident
from clearhold.problems import objectives
from clearhold.problems.models import Objective
from clearhold.problems.objectives import objective_create, objective_progress
from tests.problems.test_objectives import TODAY, fields


@pytest.fixture
def objective(problem, manager, site) -> Objective:
    return objective_create(user=manager, problem=problem, **fields(site))


@pytest.fixture
def counted(monkeypatch) -> list[int]:
    """How many times the store was counted for an objective."""
    calls: list[int] = []
    original = objectives.objective_counts

    def counting(measured):
        calls.append(measured.pk)
        return original(measured)

    monkeypatch.setattr(objectives, "objective_counts", counting)
    return calls


def test_counts_are_read_again_not_counted_until_the_store_changes(fenland, objective, counted):
    first = objective_progress(objective, today=TODAY)
    again = objective_progress(objective, today=TODAY)
    assert len(counted) == 1
    assert again.baseline_total == first.baseline_total > 0
    Incident.objects.filter(month=dt.date(2024, 6, 1)).delete()
    fewer = objective_progress(objective, today=TODAY)
    assert len(counted) == 2
    assert fewer.baseline_total < first.baseline_total


def test_a_new_outline_or_metric_is_counted_afresh(fenland, objective, counted):
    whole = objective_progress(objective, today=TODAY).baseline_total
    objective.categories = ["drugs"]
    objective.save()
    assert objective_progress(objective, today=TODAY).baseline_total < whole
    site = objective.site
    site.boundary = {
        **site.boundary,
        "coordinates": [[[x + 0.01, y] for x, y in ring] for ring in site.boundary["coordinates"]],
    }
    site.save()
    objective_progress(objective, today=TODAY)
    assert len(counted) == 3


def test_the_problem_page_drawn_again_counts_nothing(client, manager, fenland, objective, counted):
    client.force_login(manager)
    first = client.get(objective.problem.get_absolute_url())
    again = client.get(objective.problem.get_absolute_url())
    assert first.status_code == again.status_code == 200
    assert len(counted) == 1
    assert again.context["objectives"][0]["progress"] == first.context["objectives"][0]["progress"]
