"""`clearhold import`: load police.uk or partner files into the store from the command line, as a
named user (``--as``) whose right to import is checked and to whom the import is attributed."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from clearhold.accounts.cli import AS_HELP, acting_user
from clearhold.toolkit.bootstrap import django_setup

app = typer.Typer(help="Import incident files into the store.", no_args_is_help=True)
console = Console(stderr=True)

EXIT_REFUSED = 2
EXIT_NEEDS_CONFIRMATION = 3


def expand(paths: list[Path]) -> list[Path]:
    """Files named, and the .csv/.csv.gz/.xlsx files under any folder named, in order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(p for p in path.rglob("*") if p.name.endswith((".csv", ".csv.gz", ".xlsx")))
            )
        elif path.exists():
            found.append(path)
        else:
            raise typer.BadParameter(f"{path} does not exist")
    return found


def _import_run(
    *, user: Any, source: str, files: list[Path], keep_valid: bool, replace: bool, as_json: bool
) -> Any:
    """Create and read the batch as ``user`` (audited as the CLI), with a bar; refused: exit 2."""
    from clearhold.audit.context import acting_as
    from clearhold.incidents.services import (
        ImportRefused,
        IncomingFile,
        import_batch_create,
        import_batch_run,
    )

    with acting_as(user, path="clearhold import"):
        try:
            batch = import_batch_create(
                user=user,
                source=source,
                files=[IncomingFile(path=p.resolve(), name=p.name) for p in files],
                keep_valid_rows=keep_valid,
                replace_force_months=replace,
            )
        except ImportRefused as refused:
            console.print(f"[red]{refused}[/red]")
            raise typer.Exit(EXIT_REFUSED) from refused
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%"),
            TimeElapsedColumn(),
            console=console,
            disable=as_json,
            transient=True,
        ) as bar:
            task = bar.add_task("Reading", total=100)
            return import_batch_run(
                batch=batch,
                progress=lambda percent, message: bar.update(
                    task, completed=percent, description=message
                ),
            )


def _summary(batch: Any, files: list[Path], replace: bool, seconds: float) -> dict[str, Any]:
    """What the import did, for the table or --json: counts, speed, the replacement plan."""
    return {
        "batch": batch.pk,
        "status": batch.status,
        "message": batch.message,
        "files": len(files),
        "rows_read": batch.rows_read,
        "rows_stored": batch.rows_stored,
        "rows_rejected": batch.rows_rejected,
        "rows_replaced": batch.rows_replaced,
        "seconds": round(seconds, 3),
        "rows_per_second": round(batch.rows_read / seconds) if seconds else None,
        "replacement_plan": batch.replacement_plan,
        "replace_asked": replace,
        "errors": batch.error_report[:1000],
    }


def run_import(
    *,
    source: str,
    paths: list[Path],
    keep_valid: bool,
    replace: bool,
    as_json: bool,
    username: str,
) -> None:
    django_setup()
    from clearhold.incidents.models import ImportStatus
    from clearhold.incidents.permissions import INCIDENTS_IMPORT

    files = expand(paths)
    user = acting_user(
        username, INCIDENTS_IMPORT, command="clearhold import", refused_exit=EXIT_REFUSED
    )
    started = time.perf_counter()
    batch = _import_run(
        user=user,
        source=source,
        files=files,
        keep_valid=keep_valid,
        replace=replace,
        as_json=as_json,
    )
    summary = _summary(batch, files, replace, time.perf_counter() - started)
    if as_json:
        typer.echo(json.dumps(summary, indent=2))
    else:
        _print_summary(summary)
    if batch.status in (ImportStatus.REJECTED, ImportStatus.FAILED):
        raise typer.Exit(1)
    if batch.status == ImportStatus.NEEDS_CONFIRMATION:
        raise typer.Exit(EXIT_NEEDS_CONFIRMATION)


def _print_summary(summary: dict) -> None:
    out = Console()
    table = Table(title=f"Import {summary['batch']}: {summary['status']}", show_header=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    for label, key in (
        ("Files", "files"),
        ("Rows read", "rows_read"),
        ("Stored", "rows_stored"),
        ("Rejected", "rows_rejected"),
        ("Replaced", "rows_replaced"),
        ("Rows per second", "rows_per_second"),
    ):
        table.add_row(label, f"{summary[key]:,}" if summary[key] is not None else "–")
    out.print(table)
    out.print(summary["message"])
    if summary["replacement_plan"]:
        plan = Table(title="Difference from the download already held")
        for column in ("Force", "Month", "Held", "New file", "Added", "Removed"):
            plan.add_column(column)
        for p in summary["replacement_plan"]:
            plan.add_row(
                p["force"],
                p["month"],
                str(p["stored_rows"]),
                str(p["new_rows"]),
                str(p["added"]),
                str(p["removed"]),
            )
        out.print(plan)
        if summary["replace_asked"]:  # still held back: it removes most of a force-month
            out.print(
                "It removes more than half of a force-month: someone of the importing "
                f"organisation confirms it on the import's page (/incidents/imports/"
                f"{summary['batch']}/), which names the counts."
            )
        else:
            out.print("Run again with --force-month-replace to replace it.")
    if summary["errors"]:
        errors = Table(title="Problems (first 20; the full list is on the import's page)")
        for column in ("File", "Row", "Column", "Value", "Reason"):
            errors.add_column(column)
        for e in summary["errors"][:20]:
            errors.add_row(
                e["file"],
                str(e["row"] or "file"),
                e["column"] or "",
                str(e["value"] or "")[:30],
                e["reason"],
            )
        out.print(errors)


@app.command("policeuk")
def policeuk(
    paths: list[Path] = typer.Argument(
        ..., help="police.uk street CSV files (.csv/.csv.gz) or folders"
    ),
    force_month_replace: bool = typer.Option(
        False,
        "--force-month-replace",
        help="Replace an earlier download of the same force and month.",
    ),
    keep_valid: bool = typer.Option(
        False, "--keep-valid", help="Store the valid rows and report the rest."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
    user: str = typer.Option(..., "--as", help=AS_HELP),
) -> None:
    """Import police.uk street-level crime and ASB files."""
    run_import(
        source="policeuk",
        paths=paths,
        keep_valid=keep_valid,
        replace=force_month_replace,
        as_json=as_json,
        username=user,
    )


@app.command("mapped")
def mapped(
    paths: list[Path] = typer.Argument(..., help="Partner CSV or XLSX files, or folders"),
    profile: str = typer.Option(
        ..., "--profile", help="The column-mapping profile's name, e.g. generic-cad"
    ),
    keep_valid: bool = typer.Option(
        False, "--keep-valid", help="Store the valid rows and report the rest."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
    user: str = typer.Option(..., "--as", help=AS_HELP),
) -> None:
    """Import partner files (CAD exports, housing or council ASB logs) with a mapping profile."""
    run_import(
        source=profile,
        paths=paths,
        keep_valid=keep_valid,
        replace=False,
        as_json=as_json,
        username=user,
    )
