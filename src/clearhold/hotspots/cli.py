"""`clearhold hotspots`: the same report as the Hotspots page, as a table, JSON or GeoJSON, run
as a named user (``--as``) whose right to see incident data is checked and whose run is audited.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from clearhold.accounts.cli import AS_HELP, acting_user
from clearhold.toolkit.bootstrap import django_setup

console = Console()
EXIT_REFUSED = 3


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    geojson = "geojson"


class StudyAreaChoice(StrEnum):
    lsoas = "lsoas"
    box = "box"


class Inference(StrEnum):
    analytic = "analytic"
    permutation = "permutation"


def _month(value: str, option: str) -> dt.date:
    match = re.fullmatch(r"(\d{4})-(\d{2})", value)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise typer.BadParameter(f"{option} must be a month as YYYY-MM, not {value!r}")
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def _categories(values: list[str]) -> tuple[str, ...]:
    from clearhold.ingest import Category

    valid = {c.value for c in Category}
    unknown = [v for v in values if v not in valid]
    if unknown:
        raise typer.BadParameter(
            f"unknown categor{'y' if len(unknown) == 1 else 'ies'} {', '.join(unknown)}; "
            f"valid: {', '.join(sorted(valid))}"
        )
    return tuple(values)


def hotspots(
    category: list[str] = typer.Option(
        ..., "--category", help="ClearHold category code (repeat for more), e.g. asb-unclassified"
    ),
    month_from: str = typer.Option(..., "--from", help="First month, YYYY-MM"),
    month_to: str = typer.Option(..., "--to", help="Last month, YYYY-MM"),
    lsoa: str = typer.Option(
        "", "--lsoa", help="Only LSOAs whose name starts with this, e.g. 'Fenland 003'"
    ),
    area: Path | None = typer.Option(
        None, "--area", help="GeoJSON polygon (WGS84) to limit the analysis to"
    ),
    cell: float = typer.Option(100.0, "--cell", help="Cell size in metres"),
    bandwidth: float | None = typer.Option(
        None, "--bandwidth", help="KDE bandwidth in metres (default 2.5 cells)"
    ),
    radius: float = typer.Option(300.0, "--radius", help="Gi* distance band in metres"),
    study_area: StudyAreaChoice = typer.Option(
        StudyAreaChoice.lsoas,
        "--study-area",
        help="Without --area, clip the grid to the LSOAs in the data (lsoas) or keep the box",
    ),
    inference: Inference = typer.Option(
        Inference.analytic,
        "--inference",
        help="Gi* significance: analytic z, or permutation (999 shuffles, small grids only)",
    ),
    seed: int | None = typer.Option(
        None, "--seed", help="Seed for --inference permutation (default: a fresh one, reported)"
    ),
    output: OutputFormat = typer.Option(
        OutputFormat.table, "--format", help="table, json or geojson"
    ),
    username: str = typer.Option(..., "--as", help=AS_HELP),
    emerging: bool = typer.Option(
        False, "--emerging", help="Also the emerging hot spots, month by month (10+ months)"
    ),
) -> None:
    """Hot spots (Gi* with false-discovery control), densities and repeat places from the store."""
    django_setup()
    from clearhold.analysis.hotspots import HotspotSettings
    from clearhold.hotspots.emerging_cli import print_emerging, with_emerging
    from clearhold.hotspots.mapping import report_features
    from clearhold.hotspots.permissions import HOTSPOTS_VIEW

    settings = HotspotSettings(
        cell_size=cell,
        bandwidth=bandwidth,
        radius=radius,
        study_area=study_area.value,
        inference=inference.value,
        seed=seed,
    )
    query = _query(category, month_from, month_to, lsoa, area, settings)
    user = acting_user(
        username, HOTSPOTS_VIEW, command="clearhold hotspots", refused_exit=EXIT_REFUSED
    )
    report, places, trends = _analysis(user, query, emerging=emerging)
    if output is OutputFormat.json:
        typer.echo(json.dumps(with_emerging(report.to_dict(), trends), indent=2))
    elif output is OutputFormat.geojson:
        typer.echo(json.dumps(report_features(report, places)))
    else:
        _print(report)
        print_emerging(console, trends)


def _query(
    category: list[str],
    month_from: str,
    month_to: str,
    lsoa: str,
    area: Path | None,
    settings: Any,
) -> Any:
    """The page's query from the command's options; a bad month, period or outline stops the
    command naming the option, before anyone is signed in or anything is read."""
    from clearhold.areas import AreaError, area_from_geojson
    from clearhold.hotspots.selectors import HotspotQuery

    start, end = _month(month_from, "--from"), _month(month_to, "--to")
    if start > end:
        raise typer.BadParameter("--from must not be after --to")
    polygon = None
    if area is not None:
        try:
            polygon = area_from_geojson(area.read_text())
        except (OSError, AreaError) as problem:
            raise typer.BadParameter(f"--area {area}: {problem}") from None
    return HotspotQuery(
        categories=_categories(category),
        month_from=start,
        lsoa_prefix=lsoa,
        month_to=end,
        area=polygon,
        settings=settings,
    )


def _analysis(user: Any, query: Any, *, emerging: bool) -> tuple[Any, Any, Any]:
    """The report, its places and (with ``emerging``) the month-by-month trends, read as
    ``user`` and audited as an export; input the analysis refuses ends the command with 2."""
    from clearhold.analysis.hotspots import HotspotInputError
    from clearhold.audit.context import acting_as
    from clearhold.audit.models import AuditAction
    from clearhold.audit.services import audit_record
    from clearhold.hotspots.emerging_selectors import emerging_analysis
    from clearhold.hotspots.selectors import hotspot_analysis

    months = f"{query.month_from:%Y-%m} to {query.month_to:%Y-%m}"
    with acting_as(user, path="clearhold hotspots"):
        try:
            report, places = hotspot_analysis(user=user, query=query)
        except HotspotInputError as problem:
            console.print(f"[red]{problem}[/red]")
            raise typer.Exit(2) from None
        audit_record(
            action=AuditAction.EXPORT,
            object_repr="hotspot report from the command line",
            detail=f"{', '.join(query.categories)}, {months}",
        )
        try:
            trends = emerging_analysis(user=user, query=query, report=report) if emerging else None
        except HotspotInputError as problem:
            console.print(f"[red]{problem}[/red]")
            raise typer.Exit(2) from None
    return report, places, trends


def _print(report) -> None:
    if report.empty:
        console.print("No incidents match: try more categories, a longer period or a wider area.")
        return
    console.print(f"{report.n_located:,} incidents mapped; {len(report.clusters)} hot spots.")
    how = "permutation" if report.settings.inference == "permutation" else "analytic z"
    clusters = Table(title=f"Hot spots (Gi*, {how}, false discovery rate 10%)")
    for column in ("Rank", "Around", "Incidents", "Cells", "Highest z"):
        clusters.add_column(column, justify="right" if column != "Around" else "left")
    for c in report.clusters[:15]:
        clusters.add_row(
            str(c.rank), c.top_place, f"{c.incidents:,}", str(c.cells), f"{c.max_z:.1f}"
        )
    console.print(clusters)
    cells = Table(title="Hottest cells")
    for column in ("Row", "Col", "Incidents", "z", "p", "Class"):
        cells.add_column(column)
    for cell in report.cells[:15]:
        p = f"{cell.p:.3f}" if cell.p >= 0.001 else "<0.001"
        cells.add_row(str(cell.row), str(cell.col), str(cell.count), f"{cell.z:.2f}", p, cell.label)
    console.print(cells)
    places = Table(title="Repeat places")
    for column in ("Rank", "Place", "Incidents", "Cumulative share"):
        places.add_column(column)
    for p in report.places[:15]:
        places.add_row(str(p.rank), p.label, str(p.count), f"{p.cumulative_share:.0%}")
    console.print(places)
    for note in report.notes:
        console.print(note)
