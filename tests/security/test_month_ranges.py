"""Months and days before police.uk's data could start (security probe, issue 21).

Reproduced: an analyst asked the evidence bundle for incidents from month 0001-01; the form
stored "0001-01" with the document and the bundle then drew 24,000 empty months. The Evaluate
page and ``clearhold evaluate`` took an intervention on 1 January 0001 and spent 23 seconds on
empty months before failing; ``--before-months`` had no ceiling on the command line.

What must hold: the bundle's months and the intervention day are refused before December 2010
(police.uk's first month) with a message naming why, on the page and in the CLI; a month stored
before the refusal no longer makes the bundle draw centuries; the CLI's months stop at 60 like
the page's.
"""

from __future__ import annotations

import datetime as dt

import pytest
from typer.testing import CliRunner

from clearhold.cli import app
from clearhold.documents.content.bundle import BundleForm
from clearhold.documents.content.bundle_incidents import months_shown
from tests.evaluation.test_evaluation import TARGET, WISBECH, analyst, site  # noqa: F401
from tests.incidents.policeuk_files import FENLAND

pytestmark = pytest.mark.django_db
WHY = "December 2010"


@pytest.mark.parametrize("name", ["month_from", "month_to"])
def test_bundle_months_before_policeuk_refused_by_name(name):
    form = BundleForm(data={name: "0001-01"})
    assert not form.is_valid()
    assert WHY in " ".join(form.errors[name])


def test_a_month_stored_before_the_refusal_draws_no_centuries():
    months = months_shown([], dt.date(1, 1, 1), dt.date(2025, 12, 1))
    assert months[0] == dt.date(2010, 12, 1)
    assert len(months) == 181


def test_evaluate_page_refuses_an_intervention_in_year_one(client, analyst, site):  # noqa: F811
    client.force_login(analyst)
    page = client.get(f"/sites/{site.pk}/evaluate/", {**WISBECH, "intervention": "0001-01-01"})
    assert page.status_code == 200
    assert page.context["result"] is None
    assert WHY in " ".join(page.context["form"].errors["intervention"])


def _evaluate(*args: str):
    return CliRunner().invoke(
        app,
        ["evaluate", "--as", "analyst", "--target", str(TARGET), "--category", "Drugs",
         "--from-files", str(FENLAND), *args],
        env={"COLUMNS": "300"},
    )  # fmt: skip


def test_evaluate_cli_refuses_an_intervention_in_year_one(analyst):  # noqa: F811
    result = _evaluate("--intervention", "0001-01-01")
    assert result.exit_code == 2
    assert WHY in " ".join(result.output.replace("│", " ").split())


def test_evaluate_cli_months_stop_at_60(analyst):  # noqa: F811
    result = _evaluate("--intervention", "2025-05-07", "--before-months", "1000000")
    assert result.exit_code == 2
    assert "60" in result.output
