"""`clearhold retention`: what the retention policy makes due, and (with --apply) doing it.

A dry run by default: it lists every record due (by id, never by content) and changes
nothing. ``--apply`` deletes or anonymises exactly those, one transaction per record type, and
writes what it did to the audit log; ``--enqueue`` hands that real run to the background worker
instead. ``--policy`` prints the policy table. Bad input (an impossible date, a future
``--as-of`` for a real run, a wrong setting) exits with status 2 and says what is wrong.
"""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table

from clearhold.retention.policy import Disposal, PolicyError, parse_day
from clearhold.toolkit.bootstrap import django_setup

console = Console()


def _policy_table(rules) -> Table:
    table = Table(title="ClearHold retention policy")
    for column in ("Record", "Holds", "Kept for", "Then", "Why"):
        table.add_column(column)
    for rule in rules:
        kept = (
            "for ever"
            if rule.disposal == Disposal.KEEP
            else f"{rule.years} years after {rule.counted_from} ({rule.source})"
        )
        then = "kept" if rule.disposal == Disposal.KEEP else rule.disposal.value
        table.add_row(rule.title, rule.holds, kept, then, rule.basis)
    return table


def _run_table(run) -> Table:
    verb = "Done" if run.applied else "Would be done"
    table = Table(title=f"Retention as of {run.as_of:%d %B %Y}")
    for column in ("Record", "Then", "Due", verb, "Not yet due", "Due records (id: problem)"):
        table.add_column(column)
    for result in run.types:
        ids = ", ".join(f"{d.holding.pk}: {d.holding.problem_id}" for d in result.due[:50])
        if len(result.due) > 50:
            ids += f" and {len(result.due) - 50} more"
        table.add_row(
            result.rule.title,
            result.rule.disposal.value,
            str(len(result.due)),
            str(result.done if run.applied else len(result.due)),
            str(len(result.waiting)),
            ids or "—",
        )
    return table


def retention_command(
    apply: bool = typer.Option(
        False, "--apply", help="Delete or anonymise what is due (default: a dry run)"
    ),
    as_of: str | None = typer.Option(
        None, "--as-of", help="Apply the policy as of this day, YYYY-MM-DD (default: today)"
    ),
    enqueue: bool = typer.Option(
        False, "--enqueue", help="With --apply: run it in the background worker instead"
    ),
    policy: bool = typer.Option(False, "--policy", help="Print the retention policy and stop"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
) -> None:
    """Apply the retention policy: a dry run unless --apply."""
    try:
        day = parse_day(as_of) if as_of is not None else None
    except PolicyError:
        raise typer.BadParameter(
            f"{as_of!r} is not a real date written YYYY-MM-DD.", param_hint="--as-of"
        ) from None
    if enqueue and not apply:
        raise typer.BadParameter("--enqueue runs the real thing: give --apply with it.")
    django_setup()
    from django.db.utils import OperationalError

    from clearhold.retention.services import retention_rules, retention_run

    try:
        if policy:
            console.print(_policy_table(retention_rules()))
            return
        if enqueue:
            from clearhold.retention.tasks import retention_task

            result = retention_task.enqueue(as_of=day.isoformat() if day else None)
            console.print(f"Queued the retention run as task {result.id}.")
            return
        run = retention_run(as_of=day, apply=apply)
    except PolicyError as wrong:
        console.print(f"[red]{wrong}[/red]")
        raise typer.Exit(2) from None
    except OperationalError as broken:
        console.print(f"[red]The database is not ready ({broken}): run migrations first.[/red]")
        raise typer.Exit(1) from None
    if as_json:
        typer.echo(json.dumps(run.as_json(), indent=2))
        return
    console.print(_run_table(run))
    if not apply:
        console.print(
            f"Dry run: nothing was changed. {run.due_total} record(s) are due; "
            "run again with --apply to delete or anonymise them."
        )
    else:
        done = sum(t.done for t in run.types)
        console.print(f"Done: {done} record(s) deleted or anonymised, each type audited.")
