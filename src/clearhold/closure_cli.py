"""`clearhold closure deadlines`: every clock of a closure from the facts so far (no database).

Unlawful input — an order over 3 months, extensions past 6 months in all, an inspector's
48-hour notice — exits with status 2 and the rule and section that forbid it.
"""

from __future__ import annotations

import datetime as dt
import json

import typer
from rich.console import Console
from rich.table import Table

from clearhold.law.clocks import AmbiguousTimeError, NonexistentTimeError, wall_time
from clearhold.law.dates import POWERS_IN_FORCE, day_refusal
from clearhold.law.planning import ISSUERS, closure_deadlines

app = typer.Typer(
    help="Closure powers (Anti-social Behaviour, Crime and Policing Act 2014).",
    no_args_is_help=True,
)
console = Console()


def _in_range(moment: dt.date, option: str) -> None:
    """Refuse a day before the closure powers or beyond the horizon, naming the option: the
    clocks have no parameters before 20 October 2014 and overflow near the year 9999."""
    refusal = day_refusal(moment, today=dt.date.today(), what=option, since=POWERS_IN_FORCE)
    if refusal:
        raise typer.BadParameter(refusal)


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{option} must be a real date as YYYY-MM-DD, not {value!r}"
        ) from None
    _in_range(day, option)
    return day


def _datetime(value: str | None) -> dt.datetime | None:
    """An ISO date and time; without an offset it is read as UK local time, and a time that
    happened twice (the clocks going back) must carry its offset."""
    if value is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"--served must be an ISO date and time, e.g. 2025-12-24T10:00, not {value!r}"
        ) from None
    _in_range(moment.date(), "--served")
    if moment.tzinfo:
        return moment
    try:
        return wall_time(moment)
    except AmbiguousTimeError as twice:
        offsets = " or ".join(r.isoformat(timespec="minutes") for r in twice.readings)
        raise typer.BadParameter(f"--served: {twice} Give the offset: {offsets}.") from None
    except NonexistentTimeError as never:
        raise typer.BadParameter(f"--served: {never}") from None


@app.command("deadlines")
def deadlines(
    served: str | None = typer.Option(
        None,
        "--served",
        help="When the notice was served, ISO date and time (UK time if no offset)",
    ),
    issuer: str | None = typer.Option(
        None, "--issuer", help=f"Who issued the notice: {', '.join(ISSUERS)}"
    ),
    notice_hours: int | None = typer.Option(
        None,
        "--notice-hours",
        help="The notice's period in hours (checked against the issuer's rank)",
    ),
    order_made: str | None = typer.Option(
        None, "--order-made", help="Day the order took effect, YYYY-MM-DD"
    ),
    # At most 120: past what the law allows (its sections say why) yet within what a clock
    # holds (99999999999 months overflowed).
    order_months: int | None = typer.Option(
        None, "--order-months", min=0, max=120, help="The order's length in months"
    ),
    extension_months: list[int] = typer.Option(
        [], "--extension-months", min=0, max=120, help="An extension in months; repeat for each"
    ),
    decision: str | None = typer.Option(
        None, "--decision", help="Day of the court's decision (for the 21-day appeal)"
    ),
    order_ended: str | None = typer.Option(
        None, "--order-ended", help="Day the order ceased to have effect"
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
) -> None:
    """Hearing window, order expiry and the 6-month cap, appeal, cost recovery, compensation
    and the landlord's possession-notice clock."""
    if issuer is not None and issuer not in ISSUERS:
        raise typer.BadParameter(f"--issuer must be one of {', '.join(ISSUERS)}")
    if (order_made is None) != (order_months is None):
        raise typer.BadParameter("--order-made and --order-months go together")
    try:
        plan = closure_deadlines(
            served_at=_datetime(served),
            issuer=issuer,
            notice_hours=notice_hours,
            order_made=_date(order_made, "--order-made"),
            order_months=order_months,
            extension_months=extension_months,
            decision=_date(decision, "--decision"),
            order_ended=_date(order_ended, "--order-ended"),
        )
    except ValueError as problem:
        raise typer.BadParameter(str(problem)) from None
    output = plan.to_dict()
    if as_json:
        typer.echo(json.dumps(output, indent=2))
    else:
        _print_plan(output)
    if not plan.lawful:
        raise typer.Exit(2)


def _print_plan(output: dict) -> None:
    """The clocks as a table (a dash where the facts fix none), then each finding coloured
    by its severity."""
    table = Table(title="Closure clocks", show_header=False)
    table.add_column(style="bold")
    table.add_column()
    for key, value in output.items():
        if key != "findings":
            table.add_row(key.replace("_", " "), "–" if value is None else str(value))
    console.print(table)
    for finding in output["findings"]:
        colour = "red" if finding["severity"] == "block" else "yellow"
        rule = f"{finding['rule']} ({finding['section']})"
        console.print(f"[{colour}]{rule}:[/{colour}] {finding['message']}")
