"""`clearhold hotspots --emerging`: the emerging hot spot patterns as tables or JSON."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from clearhold.analysis.emerging_report import EmergingReport
from clearhold.hotspots.emerging import meaning

LISTED_ROWS = 25


def with_emerging(data: dict, emerging: EmergingReport | None) -> dict:
    """The hotspot report's JSON with an ``emerging`` key when the patterns were asked for."""
    return data if emerging is None else data | {"emerging": emerging.to_dict()}


def print_emerging(console: Console, emerging: EmergingReport | None) -> None:
    """Cells per pattern, then the ranked cells with their pattern (nothing if not asked for)."""
    if emerging is None:
        return
    console.print(
        f"Emerging hot spots over {len(emerging.months)} months: "
        f"{emerging.n_analysed:,} cells with incidents analysed."
    )
    if emerging.pattern_counts:
        patterns = Table(title="Emerging hot spots: cells by pattern")
        for column in ("Pattern", "Cells", "What it means"):
            patterns.add_column(column, justify="right" if column == "Cells" else "left")
        for pattern, n in emerging.pattern_counts:
            patterns.add_row(pattern.label, f"{n:,}", meaning(pattern))
        console.print(patterns)
        cells = Table(title="Emerging hot spots: cells, hot before cold, most incidents first")
        for column in ("Rank", "Pattern", "Around", "Incidents", "Hot months", "Trend τ", "p"):
            cells.add_column(column)
        for cell in emerging.cells[:LISTED_ROWS]:
            cells.add_row(
                str(cell.rank),
                cell.label,
                cell.place,
                str(cell.incidents),
                str(cell.months_hot),
                f"{cell.trend_tau:+.2f}",
                f"{cell.trend_p:.3f}" if cell.trend_p >= 0.001 else "<0.001",
            )
        console.print(cells)
    for note in emerging.notes:
        console.print(note)
