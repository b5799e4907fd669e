"""The `clearhold` command: `clearhold demo`, `clearhold --version`, and later subcommands.

Typer gives typed options, help text and shell completion for free; Rich gives readable tables
and progress bars. Every subcommand starts Django through :func:`django_setup`, so the CLI
calls the same services and selectors (and the same authorisation) as the web pages.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from clearhold import __version__
from clearhold.backup.cli import backup_command, backup_key_command, restore_command
from clearhold.closure_cli import app as closure_app
from clearhold.documents.cli import document_command
from clearhold.evaluation.cli import evaluate_command
from clearhold.hotspots.cli import hotspots
from clearhold.incidents.cli import app as import_app
from clearhold.retention.cli import retention_command
from clearhold.toolkit.bootstrap import django_setup

app = typer.Typer(
    help="ClearHold: find ASB hotspots, run the partnership's case, use closure powers, "
    "and show what changed.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
app.add_typer(import_app, name="import")
app.command("hotspots")(hotspots)
app.command("evaluate")(evaluate_command)
app.add_typer(closure_app, name="closure")
app.command("document")(document_command)
app.command("retention")(retention_command)
app.command("backup")(backup_command)
app.command("restore")(restore_command)
app.command("backup-key")(backup_key_command)


@app.command("send-digests")
def send_digests() -> None:
    """Send the email digests due today (run daily from cron or a systemd timer)."""
    django_setup()
    from clearhold.notifications.report import report_lines
    from clearhold.notifications.services import digests_send

    report = digests_send()
    for line in report_lines(report):
        console.print(line)
    if report.failed:
        raise typer.Exit(1)


def _version(value: bool) -> None:
    if value:
        console.print(f"clearhold {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """ClearHold command line."""


@app.command()
def demo(
    host: str = typer.Option("127.0.0.1", help="Address to serve on."),
    port: int = typer.Option(8000, help="Port to serve on."),
    serve: bool = typer.Option(True, help="Serve the web site after loading (--no-serve to stop)."),
) -> None:
    """Migrate the embedded database, load the demo partnership, print the logins and serve."""
    os.environ.setdefault("CLEARHOLD_VAR", str(Path.cwd() / "var"))
    Path(os.environ["CLEARHOLD_VAR"]).mkdir(parents=True, exist_ok=True)
    django_setup(demo=True)
    from django.core.management import call_command

    from clearhold.web.demo import demo_incidents_load, demo_partnership_load, demo_problem_load
    from clearhold.web.demo_barnet import PEOPLE as BARNET_PEOPLE
    from clearhold.web.demo_barnet import demo_barnet_load

    console.print("Preparing the database…")
    call_command("migrate", interactive=False, verbosity=0)
    people = demo_partnership_load()
    console.print("Loading police.uk incidents for Fenland, 2024-01 to 2025-12…")
    console.print(demo_incidents_load())
    console.print(demo_problem_load())
    console.print("Loading Barnet: police.uk burglary 2022-01 to 2024-12 and Operation Dakota…")
    console.print(demo_barnet_load())
    people = (*people, *BARNET_PEOPLE)
    table = Table(title="Demo sign-ins (demo mode only — never use these passwords elsewhere)")
    table.add_column("Username", no_wrap=True)
    table.add_column("Password", no_wrap=True)
    table.add_column("Organisation")
    table.add_column("Job title")
    for person in people:
        table.add_row(person.username, person.password, person.organisation, person.job_title)
    console.print(table)
    if not serve:
        return
    console.print(f"ClearHold is at [bold]http://{host}:{port}/[/bold] — press Ctrl+C to stop.")
    worker = subprocess.Popen(
        [sys.executable, "-m", "clearhold.cli", "worker", "--interval", "1"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "clearhold.web.settings"},
    )
    try:
        call_command("runserver", f"{host}:{port}", use_reloader=False, use_threading=True)
    finally:
        worker.terminate()


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    bind: str = typer.Option(
        "", help="Listen here instead of host:port, e.g. unix:/run/clearhold/web.sock."
    ),
    workers: int = typer.Option(0, help="Worker processes (0: 2 × CPUs + 1, at most 9)."),
    threads: int = typer.Option(1, help="Threads per worker process."),
    timeout: int = typer.Option(120, help="Seconds a request may take before it is stopped."),
    collectstatic: bool = typer.Option(
        False, "--collectstatic", help="Collect the static files even if they look current."
    ),
) -> None:
    """Serve ClearHold in production (gunicorn); collects the static files when they changed."""
    from clearhold.serving.server import keep_connections

    keep_connections()
    django_setup()
    from clearhold.serving.guard import serve_refusals
    from clearhold.serving.server import ServeOptions
    from clearhold.serving.server import serve as server_run
    from clearhold.serving.static import static_collect

    refusals = serve_refusals()
    if refusals:
        for sentence in refusals:
            console.print(sentence, style="red", markup=False)  # a path may hold [ ]
        raise typer.Exit(2)
    if static_collect(force=collectstatic):
        console.print("Static files collected.")
    options = ServeOptions(
        bind=bind or f"{host}:{port}", workers=workers or None, threads=threads, timeout=timeout
    )
    server_run(options)


@app.command("collectstatic")
def collect_static(
    force: bool = typer.Option(False, "--force", help="Collect even if they look current."),
) -> None:
    """Collect the static files under hashed, compressed names, if their sources changed."""
    django_setup()
    from clearhold.serving.static import static_collect, static_state

    collected = static_collect(force=force)
    console.print(
        "Static files collected."
        if collected
        else f"Static files up to date: {static_state().words}."
    )


@app.command()
def worker(
    queue: str = typer.Option("default", help="Queues to run, comma-separated ('*': all)."),
    interval: float = typer.Option(1.0, help="Seconds between looks at an empty queue."),
    batch: bool = typer.Option(False, "--batch", help="Run what is queued, then stop."),
    max_tasks: int = typer.Option(0, help="Stop after this many tasks (0: never)."),
) -> None:
    """Run background tasks (document runs, digests) from the database queue, with a heartbeat."""
    django_setup()
    from clearhold.serving.worker import WorkerOptions, worker_run

    worker_run(
        WorkerOptions(queue=queue, interval=interval, batch=batch, max_tasks=max_tasks or None)
    )


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
)
def manage(ctx: typer.Context) -> None:
    """Run a Django management command, e.g. `clearhold manage createsuperuser`."""
    django_setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["clearhold manage", *ctx.args])


if __name__ == "__main__":
    app()
