"""Dates outside what a record can be about (security probe, issue 21).

Reproduced: a court clerk typed 2013 for the day an order was made, and an officer typed 9999
for the time of service; the forms accepted both and the clocks behind them failed (the legal
parameters have no row before 20 October 2014, and adding a day to 31 December 9999 overflows),
so the page answered with a server error. The CLI's `clearhold closure deadlines` did the same.

What must hold: every date of the closure forms (notice, service, hearing, order, extension,
breach) is refused on its field before the closure powers came into force and beyond the
horizon, with a message naming what is wrong; nothing is stored; the CLI exits with a one-line
reason; ``clearhold.law.before_the_powers`` says which days come before the powers.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from typer.testing import CliRunner

from clearhold.powers.models import ClosureOrder, Hearing, ServiceEvent

pytestmark = pytest.mark.django_db

TOO_EARLY = "20 October 2014"
TOO_LATE = "years ahead cannot be right"


def test_before_the_powers_is_the_day_before_commencement():
    from clearhold.law import before_the_powers, beyond_the_horizon, day_refusal

    assert before_the_powers(dt.date(2014, 10, 19))
    assert not before_the_powers(dt.date(2014, 10, 20))
    assert beyond_the_horizon(dt.date(9999, 12, 31), today=dt.date(2025, 5, 7))
    assert not beyond_the_horizon(dt.date(2030, 1, 1), today=dt.date(2025, 5, 7))
    assert "no later than" in day_refusal(
        dt.datetime(9999, 12, 31, 23, 0), today=dt.date(2025, 5, 7), what="the time"
    )


def _service(client, closure, served_at: str):
    return client.post(
        reverse("powers:service-new", args=[closure.pk]),
        {"document": "closure_notice", "act": "a", "served_at": served_at, "detail": "Gate"},
    )


@pytest.mark.parametrize(
    ("served_at", "reason"),
    [
        ("9999-12-31T23:30", TOO_LATE),
        ("0001-01-01T00:30", TOO_EARLY),
        ("2013-05-05T15:30", TOO_EARLY),
    ],
)
def test_service_time_out_of_range_refused_on_its_field(
    client, notice, constable, served_at, reason
):
    client.force_login(constable)
    response = _service(client, notice.closure, served_at)
    assert response.status_code == 200
    assert reason in " ".join(response.context["form"].errors["served_at"])
    assert not ServiceEvent.objects.exists()


def test_service_time_in_the_boxes_out_of_range_refused(client, notice, constable):
    client.force_login(constable)
    response = client.post(
        reverse("powers:service-new", args=[notice.closure.pk]),
        {
            "document": "closure_notice",
            "act": "a",
            "served_at-day": "31",
            "served_at-month": "12",
            "served_at-year": "9999",
            "served_at-hour": "23",
            "served_at-minute": "30",
        },
    )
    assert response.status_code == 200
    assert TOO_LATE in " ".join(response.context["form"].errors["served_at"])
    assert not ServiceEvent.objects.exists()


def _order(client, closure, made_on: str):
    return client.post(
        reverse("powers:order-new", args=[closure.pk]),
        {
            "made_on": made_on,
            "ends_on": "",
            "court": "Cambridge Magistrates' Court",
            "partial": "full",
            "scope": "whole",
        },
    )


@pytest.mark.parametrize(
    ("made_on", "reason"), [("2013-05-07", TOO_EARLY), ("9999-12-01", TOO_LATE)]
)
def test_order_day_out_of_range_refused(client, served, inspector, made_on, reason):
    from clearhold.powers.models import HearingOutcome
    from clearhold.powers.services import hearing_record
    from tests.powers.conftest import HEARD

    hearing_record(
        user=inspector,
        closure=served.closure,
        court="Cambridge Magistrates' Court",
        heard_at=HEARD,
        outcome=HearingOutcome.ORDER_MADE,
    )
    client.force_login(inspector)
    response = _order(client, served.closure, made_on)
    assert response.status_code == 200
    assert reason in " ".join(response.context["form"].errors["made_on"])
    assert not ClosureOrder.objects.exists()


def test_hearing_time_out_of_range_refused(client, served, inspector):
    client.force_login(inspector)
    response = client.post(
        reverse("powers:hearing-new", args=[served.closure.pk]),
        {"court": "Cambridge Magistrates", "heard_at": "9999-12-31T10:00", "outcome": "made"},
    )
    assert response.status_code == 200
    assert TOO_LATE in " ".join(response.context["form"].errors["heard_at"])
    assert not Hearing.objects.exists()


@pytest.mark.parametrize(
    ("name", "field", "value", "reason"),
    [
        ("engagement-new", "at", "2014-10-19T23:00", TOO_EARLY),
        ("notice-issue", "issued_at", "9999-12-31T10:00", TOO_LATE),
        ("notice-issue", "hearing_at", "2001-01-01T10:00", TOO_EARLY),
        ("notice-extend", "at", "9999-12-31T10:00", TOO_LATE),
        ("extension-new", "new_ends_on", "9999-12-31", TOO_LATE),
        ("extension-new", "applied_on", "2012-01-01", TOO_EARLY),
        ("order-discharge", "on", "0001-01-01", TOO_EARLY),
        ("appeal-new", "lodged_on", "9999-12-31", TOO_LATE),
        ("cost-new", "on", "1999-01-01", TOO_EARLY),
    ],
)
def test_every_closure_date_field_refuses_out_of_range(
    client, order, superintendent, name, field, value, reason
):
    client.force_login(superintendent)
    response = client.post(reverse(f"powers:{name}", args=[order.closure.pk]), {field: value})
    assert response.status_code == 200
    assert reason in " ".join(response.context["form"].errors[field])


def test_breach_time_out_of_range_refused(client, live_order, constable):
    from clearhold.powers.models import Breach

    client.force_login(constable)
    url = reverse("powers:breach-new", args=[live_order.closure.pk])
    response = client.post(url, {"occurred_at": "9999-12-31T10:00", "description": "Entered"})
    assert response.status_code == 200
    assert TOO_LATE in " ".join(response.context["form"].errors["occurred_at"])
    assert not Breach.objects.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["--served", "9999-12-31T10:00"],
        ["--served", "2001-01-01T10:00"],
        ["--order-made", "9999-12-01", "--order-months", "3"],
        ["--order-made", "1900-01-01", "--order-months", "3"],
        ["--decision", "9999-12-31"],
        ["--order-ended", "9999-12-31"],
    ],
)
def test_cli_closure_deadlines_refuses_out_of_range_dates(args):
    from clearhold.cli import app

    result = CliRunner().invoke(app, ["closure", "deadlines", *args], env={"COLUMNS": "300"})
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    said = " ".join(re.sub("[│╭╮╰╯─]", " ", result.output).split())
    assert TOO_EARLY in said or TOO_LATE in said


@pytest.mark.parametrize(
    ("module", "form", "field"),
    [
        ("compensation", "CompensationForm", "lodged_on"),
        ("court", "OrderApplicationForm", "proposed_ends_on"),
        ("draft_order", "DraftOrderForm", "ends_on"),
    ],
)
@pytest.mark.parametrize(("value", "reason"), [("2001-01-01", TOO_EARLY), ("9999-12-31", TOO_LATE)])
def test_closure_papers_refuse_out_of_range_days(module, form, field, value, reason):
    """The papers' own days (a claim lodged, an order's proposed end) are closure dates too."""
    import importlib

    kind = getattr(importlib.import_module(f"clearhold.documents.content.{module}"), form)
    filled = kind(data={field: value})
    filled.is_valid()
    assert reason in " ".join(filled.errors[field])


def test_a_breach_position_off_the_globe_is_refused(client, live_order, constable):
    """The breach form's hidden latitude and longitude took any number (latitude 500)."""
    from django.utils import timezone

    from clearhold.powers.models import Breach

    client.force_login(constable)
    when = (timezone.localtime() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("powers:breach-new", args=[live_order.closure.pk]),
        {"occurred_at": when, "seen": "Entered", "latitude": "500", "longitude": "0.16",
         "arrest": "no"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "latitude from −90 to 90" in response.content.decode()
    assert not Breach.objects.exists()
