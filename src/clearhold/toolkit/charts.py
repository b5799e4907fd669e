"""Small server-side SVG charts: no JavaScript needed, printable, and each chart comes with its
figures as a table so screen-reader users get the same information."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe


def nice_ticks(peak: float, most: int = 5) -> list[int]:
    """Whole-number ticks from 0 past ``peak`` in steps of 1, 2 or 5 × 10ⁿ, at most ``most``
    steps: a peak of 1 gives 0, 1 (never "0, 0, 1"); 23 gives 0, 5, 10, 15, 20, 25."""
    peak = max(float(peak), 1.0)
    step = 1
    while math.ceil(peak / step) > most:
        for factor in (2, 2.5, 2):  # 1 → 2 → 5 → 10 → 20 → 50 → 100 …
            step = int(step * factor)
            if math.ceil(peak / step) <= most:
                break
    return [step * i for i in range(math.ceil(peak / step) + 1)]


def svg_open(title: str, width: int, height: int) -> list[str]:
    """The svg element and its title (also its accessible name)."""
    return [
        f'<svg class="ch-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" font-family="system-ui, Arial, sans-serif" '
        'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]


def gridlines(
    ticks: Sequence[int], left: int, top: int, plot_h: float, x_end: int, suffix: str = ""
) -> list[str]:
    """A gridline and a label at each tick; the last tick is the top of the plot."""
    parts = []
    for tick in ticks:
        y = top + plot_h - tick / ticks[-1] * plot_h
        parts.append(
            f'<line x1="{left}" x2="{x_end}" y1="{y:.1f}" y2="{y:.1f}" '
            'stroke="#b1b4b6" stroke-width="0.5"/>'
        )
        parts.append(
            f'<text class="ch-chart__y-tick" x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" '
            f'font-size="11">{tick}{suffix}</text>'
        )
    return parts


def _frame(
    title: str,
    width: int,
    height: int,
    left: int,
    top: int,
    plot_h: float,
    x_end: int,
    ticks: Sequence[int],
) -> list[str]:
    """The opening of a chart: the svg element, its title, and the gridlines."""
    return svg_open(title, width, height) + gridlines(ticks, left, top, plot_h, x_end)


def bar_chart_svg(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    colour: str = "#1d70b8",
    highlight: Sequence[bool] | None = None,
    width: int = 720,
    height: int = 240,
) -> SafeString:
    """A bar chart as inline SVG; ``highlight`` marks bars drawn in a darker colour."""
    left, bottom, top = 40, 40, 12
    plot_w, plot_h = width - left - 8, height - bottom - top
    ticks = nice_ticks(max(values, default=0))
    peak = ticks[-1]
    step = plot_w / max(len(values), 1)
    parts = _frame(title, width, height, left, top, plot_h, width - 8, ticks)
    every = max(1, len(labels) // 12)
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = left + i * step + step * 0.1
        h = value / peak * plot_h
        fill = "#003078" if highlight and highlight[i] else colour
        parts.append(
            f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{step * 0.8:.1f}" '
            f'height="{h:.1f}" '
            f'fill="{fill}"><title>{escape(label)}: {value:g}</title></rect>'
        )
        if i % every == 0:
            parts.append(
                f'<text x="{x + step * 0.4:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                f'font-size="11">{escape(label)}</text>'
            )
    parts.append("</svg>")
    # Every label and title went through html.escape; the rest are numbers we formatted.
    return mark_safe("".join(parts))  # nosec B308 B703


def _bars(
    labels: Sequence[str],
    counts: Sequence[float | None],
    left: float,
    top: float,
    plot_h: float,
    step: float,
    peak: float,
    axis: float,
) -> list[str]:
    """A bar a month (a dash titled "no data" for a month the data do not cover) and about
    eight month labels under the axis at ``axis``."""
    parts: list[str] = []
    every = max(1, len(labels) // 8)
    for i, (label, value) in enumerate(zip(labels, counts, strict=True)):
        x = left + i * step + step * 0.1
        if value is None:
            parts.append(
                f'<text x="{x + step * 0.4:.1f}" y="{top + plot_h - 2}" text-anchor="middle" '
                f'font-size="9" fill="#505a5f">–<title>{escape(label)}: no data</title></text>'
            )
        else:
            h = value / peak * plot_h
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{step * 0.8:.1f}" '
                f'height="{h:.1f}" fill="#1d70b8"><title>{escape(label)}: {value:g}</title></rect>'
            )
        if i % every == 0:
            parts.append(
                f'<text x="{x + step * 0.4:.1f}" y="{axis + 14}" '
                f'text-anchor="middle" font-size="10">{escape(label)}</text>'
            )
    return parts


def _levels(
    baseline_mean: float | None,
    target_level: float | None,
    left: float,
    right: float,
    top: float,
    plot_h: float,
    peak: float,
    height: float,
) -> list[str]:
    """The baseline mean (dashed) and the target level (solid green) across the plot, and a
    legend entry for each drawn."""
    parts: list[str] = []
    legend = []
    for value, name, colour, dash in (
        (baseline_mean, "Baseline mean", "#505a5f", ' stroke-dasharray="6 4"'),
        (target_level, "Target", "#00703c", ""),
    ):
        if value is None:
            continue
        y = top + plot_h - value / peak * plot_h
        parts.append(
            f'<line x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{colour}" stroke-width="2"{dash}><title>{name}: {value:.2f} a month'
            "</title></line>"
        )
        legend.append((name, colour, dash))
    for n, (name, colour, dash) in enumerate(legend):
        x = left + n * 140
        parts.append(
            f'<line x1="{x}" x2="{x + 18}" y1="{height - 14}" y2="{height - 14}" '
            f'stroke="{colour}" stroke-width="2"{dash}/>'
            f'<text x="{x + 22}" y="{height - 10}" font-size="11">{name}</text>'
        )
    return parts


def objective_chart_svg(
    labels: Sequence[str],
    counts: Sequence[float | None],
    *,
    title: str,
    baseline_mean: float | None,
    target_level: float | None,
    measure_from: int | None = None,
    width: int = 560,
    height: int = 220,
) -> SafeString:
    """Monthly counts as bars (a month the data do not cover is left blank and marked "no
    data"), the baseline mean as a dashed line, the target level as a solid green line, and a
    dotted marker before position ``measure_from`` (where measurement begins)."""
    left, bottom, top, right = 40, 48, 12, 8
    plot_w, plot_h = width - left - right, height - bottom - top
    levels = [v for v in (baseline_mean, target_level) if v is not None]
    ticks = nice_ticks(max(max((v for v in counts if v is not None), default=0), *levels, 1))
    peak = ticks[-1]
    step = plot_w / max(len(counts), 1)
    parts = _frame(title, width, height, left, top, plot_h, width - right, ticks)
    parts += _bars(labels, counts, left, top, plot_h, step, peak, height - bottom)
    if measure_from is not None and 0 < measure_from < len(counts):
        x = left + measure_from * step
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{top + plot_h}" stroke="#0b0c0c" '
            'stroke-dasharray="2 2"/>'
        )
    parts += _levels(baseline_mean, target_level, left, width - right, top, plot_h, peak, height)
    parts.append("</svg>")
    # Every label and title went through html.escape; the rest are numbers we formatted.
    return mark_safe("".join(parts))  # nosec B308 B703
