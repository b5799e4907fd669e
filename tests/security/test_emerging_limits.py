"""An emerging hot spot analysis over centuries of months (security probe, issue 21).

Reproduced: an analyst asked the hotspot page (or ``clearhold hotspots --emerging``) for the
months from 0001-01 (the form then took any year; it now takes 1900 onwards): the space-time
cube is months × grid cells, so 24,000 months of a district's grid allocated gigabytes before a
single incident was counted.

What must hold: the months × cells size is worked out before the cube is made and refused past
``MAX_EMERGING_MONTH_CELLS`` with a message naming the limit and what would fit, on the page,
in the CLI and in the pure core; a request under it runs.
"""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

from clearhold.accounts.roles import Role
from clearhold.analysis.emerging_report import emerging_report
from clearhold.analysis.grid import Grid
from clearhold.analysis.hotspot_limits import HotspotInputError
from clearhold.cli import app

GRID = Grid(x0=0.0, y0=0.0, cell_size=100.0, nx=50, ny=20)  # 1,000 cells


def _report(start: str, end: str):
    x = np.array([150.0, 250.0, 350.0])
    return emerging_report(
        grid=GRID,
        radius=300.0,
        easting=x,
        northing=x / 10,
        months=np.array(["2024-01", "2024-02", "2024-03"], dtype="datetime64[M]"),
        month_start=start,
        month_end=end,
    )


def test_months_times_cells_past_the_cap_refused_by_name():
    with pytest.raises(HotspotInputError, match="MAX_EMERGING_MONTH_CELLS") as refused:
        _report("1400-01", "2025-12")  # 7,512 months × 1,000 cells
    assert "choose at most 6,000 months" in str(refused.value)


def test_a_request_under_the_cap_runs():
    assert len(_report("2023-01", "2024-12").months) == 24


@pytest.fixture
def analyst(make_user, police):
    return make_user("analyst", police, Role.ANALYST)


def test_the_page_names_the_cap_on_the_months(client, analyst, fenland, settings):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    client.force_login(analyst)
    page = client.get(
        "/hotspots/?cell=100&radius=300&month_from=1900-01&month_to=2025-12"
        "&category=asb-unclassified"
    )
    assert page.status_code == 200
    assert "MAX_EMERGING_MONTH_CELLS" in " ".join(page.context["form"].errors["month_from"])


def test_the_cli_names_the_cap(analyst, fenland):
    result = CliRunner().invoke(
        app,
        [
            "hotspots",
            "--as",
            analyst.username,
            "--category",
            "asb-unclassified",
            "--from",
            "1900-01",
            "--to",
            "2025-12",
            "--emerging",
        ],
        env={"COLUMNS": "300"},
    )
    assert result.exit_code == 2, result.output
    assert "MAX_EMERGING_MONTH_CELLS" in result.output
