"""`clearhold evaluate`: before/after with a buffer and a control, from the store or files, run
as a named user (``--as``) whose right to evaluate is checked and whose run is audited."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from clearhold.accounts.cli import AS_HELP, acting_user
from clearhold.analysis.figure_text import MISSING, interval, number, p_text
from clearhold.toolkit.bootstrap import django_setup

console = Console()
EXIT_REFUSED = 3


def _area(path: Path, option: str):
    from clearhold.areas import AreaError, area_from_geojson

    try:
        return area_from_geojson(path.read_text())
    except (OSError, AreaError) as problem:
        raise typer.BadParameter(f"{option} {path}: {problem}") from None


def _comparisons(names: list[str]) -> tuple[str, ...]:
    from clearhold.analysis.comparison import METHODS

    unknown = [n for n in names if n not in METHODS]
    if unknown:
        raise typer.BadParameter(f"--comparison {unknown[0]!r}: use one of {', '.join(METHODS)}")
    return tuple(dict.fromkeys(names))


def _intervention(text: str) -> dt.date:
    """The intervention day: a real date on or after police.uk's first month and not in the
    future (a year-1 date took 23 seconds of empty months before it failed)."""
    from clearhold.ingest.policeuk import POLICEUK_FIRST_MONTH, POLICEUK_SINCE
    from clearhold.law.dates import day_refusal

    try:
        start = dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"--intervention must be a real date as YYYY-MM-DD, not {text!r}"
        ) from None
    refusal = day_refusal(
        start,
        today=dt.date.today(),
        what="--intervention",
        since=POLICEUK_FIRST_MONTH,
        why=POLICEUK_SINCE,
    )
    if refusal:
        raise typer.BadParameter(refusal)
    return start


def _choice(category: list[str], wdd_control: str):
    """The categories' choice, once the displacement control is known to be one offered."""
    from clearhold.analysis.wdd import CONTROL_KINDS
    from clearhold.evaluation.inputs import CategoryError, resolve_categories

    if wdd_control not in CONTROL_KINDS:
        raise typer.BadParameter(
            f"--wdd-control must be one of {', '.join(CONTROL_KINDS)}, not {wdd_control!r}"
        )
    try:
        return resolve_categories(category)
    except CategoryError as problem:
        raise typer.BadParameter(str(problem)) from None


def evaluate_command(
    target: Path = typer.Option(..., "--target", help="GeoJSON polygon of the site (WGS84)"),
    intervention: str = typer.Option(
        ..., "--intervention", help="Date the intervention began, YYYY-MM-DD"
    ),
    category: list[str] = typer.Option(
        ..., "--category", help="ClearHold code or police.uk crime type; repeat for more"
    ),
    buffer_m: float = typer.Option(
        250.0, "--buffer-m", help="Width of the displacement buffer in metres"
    ),
    control: Path | None = typer.Option(
        None,
        "--control",
        help="GeoJSON polygon of the control area (default: the rest of the data)",
    ),
    control_lsoa: str = typer.Option(
        "", "--control-lsoa", help="Control: LSOAs whose name starts with this (store only)"
    ),
    before_months: int = typer.Option(12, "--before-months", min=1, max=60),
    after_months: int = typer.Option(12, "--after-months", min=1, max=60),
    daily: bool = typer.Option(
        False, "--daily", help="Count by exact dates (partner data) instead of months"
    ),
    from_files: list[Path] = typer.Option(
        [], "--from-files", help="Read police.uk files or folders instead of the store"
    ),
    target_reduction: float | None = typer.Option(
        None, "--target-reduction", help="Objective: % fall wanted (what was set out to achieve)"
    ),
    claim: float | None = typer.Option(
        None,
        "--claim",
        min=0,
        max=100,
        help="The partnership's claimed % fall (what it says happened), checked against the data",
    ),
    within_months: int | None = typer.Option(
        None, "--within-months", help="Objective: within this many months"
    ),
    comparison: list[str] = typer.Option(
        [],
        "--comparison",
        help="Also compare with matched areas, a synthetic control or the area control: "
        "matched, synthetic or area; repeat for more",
    ),
    wdd_control: str = typer.Option(
        "same-size",
        "--wdd-control",
        help="Control of the WDD test and the controlled time series: same-size (the site's "
        "outline moved to the 5 nearby positions nearest its before count, averaged) or "
        "control (the control area)",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
    username: str = typer.Option(..., "--as", help=AS_HELP),
) -> None:
    """Did incidents fall at the site more than around it and elsewhere? With intervals."""
    # The analysis (scipy.stats among it) is imported when a command runs, not when `clearhold`
    # starts: `clearhold --help` and every other command would pay half a second for it.
    from clearhold.evaluation.run import EvaluationRequest

    start = _intervention(intervention)
    choice = _choice(category, wdd_control)
    request = EvaluationRequest(
        target=_area(target, "--target"),
        intervention=start,
        choice=choice,
        buffer_m=buffer_m,
        control=_area(control, "--control") if control else None,
        months_before=before_months,
        months_after=after_months,
        daily=daily,
        target_reduction_pct=target_reduction,
        within_months=within_months,
        comparison=_comparisons(comparison),
        wdd_control=wdd_control,
        claimed_reduction_pct=claim,
    )
    django_setup()
    from clearhold.audit.context import acting_as
    from clearhold.evaluation.permissions import EVALUATION_RUN

    user = acting_user(
        username, EVALUATION_RUN, command="clearhold evaluate", refused_exit=EXIT_REFUSED
    )
    with acting_as(user, path="clearhold evaluate"):
        output, force = _evaluate(user, request, from_files=from_files, control_lsoa=control_lsoa)
    if as_json:
        typer.echo(json.dumps(output, indent=2))
        return
    _print(output, force)


def _evaluate(
    user, request, *, from_files: list[Path], control_lsoa: str
) -> tuple[dict, str | None]:
    """Run the evaluation as ``user`` (from the files or the store) and audit it; return its
    figures and the force."""
    from clearhold.analysis.evaluate import EvaluationInputError
    from clearhold.audit.models import AuditAction
    from clearhold.audit.services import audit_record
    from clearhold.evaluation.figures import evaluation_output
    from clearhold.evaluation.inputs import data_from_table
    from clearhold.evaluation.run import run_evaluation

    if from_files:
        from clearhold.incidents.cli import expand
        from clearhold.ingest import read_policeuk

        read = read_policeuk(expand(from_files))
        if read.file_errors:
            raise typer.BadParameter("; ".join(str(e) for e in read.file_errors[:5]))
        data = data_from_table(
            read.table,
            request.choice,
            control_lsoa=control_lsoa,
            near=request.target.buffer(request.buffer_m),
        )
    else:
        from clearhold.evaluation.selectors import evaluation_data

        data = evaluation_data(
            user=user,
            choice=request.choice,
            target=request.target,
            control_lsoa=control_lsoa,
            buffer_m=request.buffer_m,
        )
    try:
        result, check = run_evaluation(data, request)
    except (EvaluationInputError, ValueError) as problem:
        console.print(f"[red]{problem}[/red]")
        raise typer.Exit(2) from None
    output = evaluation_output(result, check, claimed_pct=request.claimed_reduction_pct)
    audit_record(
        action=AuditAction.EXPORT,
        object_repr="evaluation from the command line",
        detail=f"intervention {request.intervention}, {'files' if from_files else 'the store'}",
    )
    return output, data.force


def _print(output: dict, force: str | None) -> None:
    from clearhold.evaluation.comparison_print import print_matched_and_weights
    from clearhold.evaluation.figures import area_rows, figure_rows

    console.print(f"[bold]{output['headline']}[/bold]")
    table = Table(
        title=f"Before/after{f' ({force})' if force else ''}: "
        f"{output['months_before']} months before, {output['months_after']} after"
    )
    for column in ("Area", "Before", "After", "Change per month", "Rate ratio (95% CI)", "p"):
        table.add_column(column, justify="left" if column == "Area" else "right")
    for name, a in area_rows(output):
        table.add_row(
            name,
            f"{a['before']:,}",
            f"{a['after']:,}",
            MISSING if a["change_pct"] is None else f"{a['change_pct']:+.0f}%",
            f"{number(a['rate_ratio'])} ({interval(a['rate_ratio_ci95'], sep='–')})",
            p_text(a["p_value"], "<0.001"),
        )
    console.print(table)
    figures = Table(title="The figures", show_header=False)
    figures.add_column("Figure")
    figures.add_column("Value")
    for label, text in figure_rows(output):
        figures.add_row(label, text)
    console.print(figures)
    print_matched_and_weights(console, output)
    from clearhold.analysis.reading import FOLDED

    for warning in output["warnings"]:
        if warning["code"] not in FOLDED:
            console.print(f"[yellow]![/yellow] {warning['message']}")
