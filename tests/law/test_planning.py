"""`closure_deadlines` and `clearhold closure deadlines`: the clocks the facts fix, and refusals."""

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from clearhold.cli import app
from clearhold.law.clocks import UK
from clearhold.law.planning import closure_deadlines


def cli(*args):
    return CliRunner().invoke(app, ["closure", "deadlines", *args], env={"COLUMNS": "200"})


def test_the_wisbech_order_as_it_happened():
    plan = closure_deadlines(
        order_made=dt.date(2025, 5, 7),
        order_months=3,
        extension_months=[3],
        decision=dt.date(2025, 5, 7),
        order_ended=dt.date(2025, 11, 7),
    )
    assert plan.lawful
    assert plan.order_expires_on == dt.date(2025, 11, 7)
    assert plan.order_latest_possible_expiry_on == dt.date(2025, 11, 7)
    assert plan.appeal_by == dt.date(2025, 5, 27)
    assert plan.possession_notice_by == dt.date(2025, 8, 6)
    assert plan.cost_recovery_by == plan.compensation_by == dt.date(2026, 2, 6)


def test_nothing_given_means_every_clock_is_null():
    out = closure_deadlines().to_dict()
    assert {k for k, v in out.items() if v is not None and k != "findings"} == set()
    assert out["findings"] == []


def test_christmas_day_is_left_out_of_the_hearing_window():
    plan = closure_deadlines(served_at=dt.datetime(2025, 12, 24, 10, 0, tzinfo=UK))
    assert plan.hearing_by == dt.datetime(2025, 12, 27, 10, 0, tzinfo=UK)


def test_the_hearing_window_is_elapsed_time_across_the_clock_change():
    plan = closure_deadlines(served_at=dt.datetime(2025, 3, 29, 12, 0, tzinfo=UK))
    assert plan.hearing_by.isoformat() == "2025-03-31T13:00:00+01:00"


@pytest.mark.parametrize(
    ("facts", "rule", "section"),
    [
        ({"order_made": dt.date(2025, 5, 7), "order_months": 4}, "CO-05", "s.80(6)"),
        (
            {"order_made": dt.date(2025, 5, 7), "order_months": 3, "extension_months": [3, 3]},
            "CO-23",
            "s.82(8)",
        ),
        (
            {
                "issuer": "inspector",
                "notice_hours": 48,
                "served_at": dt.datetime(2025, 5, 5, 9, tzinfo=UK),
            },
            "CN-10",
            "s.77(1),(2)",
        ),
    ],
)
def test_unlawful_steps_are_refused_with_their_rule_and_section(facts, rule, section):
    plan = closure_deadlines(**facts)
    assert not plan.lawful
    assert (plan.findings[0].code, plan.findings[0].section) == (rule, section)


def test_a_superintendent_may_give_48_hours():
    plan = closure_deadlines(
        issuer="superintendent", notice_hours=48, served_at=dt.datetime(2025, 5, 5, 9, tzinfo=UK)
    )
    assert plan.lawful
    assert plan.notice_max_hours == 48


def test_cli_json_keys_and_offsets():
    result = cli(
        "--served",
        "2025-12-24T10:00",
        "--issuer",
        "inspector",
        "--order-made",
        "2025-05-07",
        "--order-months",
        "3",
        "--extension-months",
        "3",
        "--json",
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["hearing_by"] == "2025-12-27T10:00:00+00:00"
    assert out["notice_max_hours"] == 24
    assert out["order_expires_on"] == "2025-11-07"
    assert set(out) == {
        "hearing_by",
        "notice_max_hours",
        "order_expires_on",
        "order_latest_possible_expiry_on",
        "appeal_by",
        "cost_recovery_by",
        "compensation_by",
        "possession_notice_by",
        "findings",
    }


def test_cli_exits_non_zero_naming_the_section():
    result = cli(
        "--order-made",
        "2025-05-07",
        "--order-months",
        "3",
        "--extension-months",
        "3",
        "--extension-months",
        "1",
    )
    assert result.exit_code == 2
    assert "s.82(8)" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--order-made", "2025-02-30", "--order-months", "3"], "real date"),
        (["--issuer", "sergeant"], "--issuer must be one of"),
        (["--order-made", "2025-05-07"], "go together"),
        (["--served", "yesterday"], "ISO date and time"),
    ],
)
def test_cli_bad_options_are_usage_errors(args, message):
    result = cli(*args)
    assert result.exit_code == 2
    assert message in result.output


def test_a_served_time_that_happened_twice_needs_its_offset():
    result = cli("--served", "2025-10-26T01:30")
    assert result.exit_code == 2
    assert "2025-10-26T01:30+01:00 or 2025-10-26T01:30+00:00" in " ".join(result.output.split())
    later = cli("--served", "2025-10-26T01:30+00:00", "--json")
    assert later.exit_code == 0
    assert '"hearing_by": "2025-10-28T01:30:00+00:00"' in later.output
