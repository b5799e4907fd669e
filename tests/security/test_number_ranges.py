"""Numbers too big for a clock (security probe, issue 21).

Reproduced: ``clearhold closure deadlines --order-made 2025-05-07 --order-months 99999999999``
(or ``--extension-months``) ended in an OverflowError traceback. (The web forms' hours, "Extend
by" and "Notice continued for", held: the law refuses them before any clock runs.)

What must hold: each is refused with a one-line reason naming the option before any clock
runs; a number the law forbids but the clocks can hold (a 4-month order) still reaches the law
and gets its section.
"""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from clearhold.cli import app

HUGE = "999999999999"


def _said(result) -> str:
    return " ".join(re.sub("[│╭╮╰╯─]", " ", result.output).split())


@pytest.mark.parametrize(
    "args",
    [
        ["--order-made", "2025-05-07", "--order-months", HUGE],
        ["--order-made", "2025-05-07", "--order-months", "3", "--extension-months", HUGE],
    ],
)
def test_cli_refuses_months_and_hours_no_clock_holds(args):
    result = CliRunner().invoke(app, ["closure", "deadlines", *args], env={"COLUMNS": "300"})
    assert result.exit_code == 2, result.output
    assert not isinstance(result.exception, OverflowError)
    assert "Invalid value" in _said(result)


def test_cli_still_gives_the_law_for_a_four_month_order():
    result = CliRunner().invoke(
        app,
        ["closure", "deadlines", "--order-made", "2025-05-07", "--order-months", "4"],
        env={"COLUMNS": "300"},
    )
    assert result.exit_code == 2
    assert "s.80" in _said(result)
