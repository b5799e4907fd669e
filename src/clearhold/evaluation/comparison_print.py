"""The fair comparison on the command line: the matched areas with their match quality and the
synthetic control's weights (its figures are rows of the one figures table)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table


def _matched_table(matched: dict) -> Table:
    table = Table(title="Matched comparison areas (closest first on level and trend before)")
    for column in ("Area", "Before a month", "Trend a month", "Distance", "Before", "After"):
        table.add_column(column, justify="left" if column == "Area" else "right")
    for a in matched["areas"]:
        table.add_row(
            a["area"],
            f"{a['pre_mean']:.2f}",
            f"{a['slope']:+.3f}",
            f"{a['distance']:.2f}",
            f"{a['before']:,}",
            f"{a['after']:,}",
        )
    return table


def _weights_table(synthetic: dict) -> Table:
    table = Table(title=f"Synthetic control weights (of {synthetic['donors']} donor areas)")
    table.add_column("Area")
    table.add_column("Weight", justify="right")
    for w in synthetic["weights"]:
        table.add_row(w["area"], f"{w['weight']:.2f}")
    return table


def print_matched_and_weights(console: Console, output: dict) -> None:
    """Print the matched areas and the synthetic weights of ``output`` (nothing when no
    comparison was asked for)."""
    comparison = output.get("comparison")
    if not comparison:
        return
    if comparison["matched"]:
        console.print(_matched_table(comparison["matched"]))
    if comparison["synthetic"]:
        console.print(_weights_table(comparison["synthetic"]))
