"""Small server-side SVG charts: no JavaScript needed, printable, and each chart comes with its
figures as a table so screen-reader users get the same information."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe


def _frame(
    title: str, width: int, height: int, left: int, top: int, plot_h: float, x_end: int, peak: float
) -> list[str]:
    """The opening of a chart: the svg element, its title, and gridlines at 0, half and peak."""
    parts = [
        f'<svg class="ch-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in (0, peak / 2, peak):
        y = top + plot_h - tick / peak * plot_h
        parts.append(
            f'<line x1="{left}" x2="{x_end}" y1="{y:.1f}" y2="{y:.1f}" '
            'stroke="#b1b4b6" stroke-width="0.5"/>'
        )
        parts.append(
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" '
            f'font-size="11">{tick:.0f}</text>'
        )
    return parts


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
    peak = max(max(values, default=0), 1)
    step = plot_w / max(len(values), 1)
    parts = _frame(title, width, height, left, top, plot_h, width - 8, peak)
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


def line_chart_svg(
    labels: Sequence[str],
    series: dict[str, Sequence[float | None]],
    *,
    title: str,
    colours: Sequence[str] = ("#d4351c", "#f47738", "#1d70b8", "#00703c"),
    marker: int | None = None,
    marker_label: str = "",
    y_label: str = "",
    width: int = 720,
    height: int = 280,
) -> SafeString:
    """Lines over months (``None`` breaks a line), a legend, and an optional vertical marker
    before position ``marker`` (the intervention)."""
    left, bottom, top, right = 48, 56, 16, 8
    plot_w, plot_h = width - left - right, height - bottom - top
    values = [v for line in series.values() for v in line if v is not None]
    peak = max(max(values, default=0), 1)
    step = plot_w / max(len(labels) - 1, 1)

    def point(i: int, v: float) -> str:
        return f"{left + i * step:.1f},{top + plot_h - v / peak * plot_h:.1f}"

    parts = _frame(title, width, height, left, top, plot_h, width - right, peak)
    if y_label:
        parts.append(f'<text x="4" y="{top - 4}" font-size="11">{escape(y_label)}</text>')
    every = max(1, len(labels) // 12)
    for i, label in enumerate(labels):
        if i % every == 0:
            parts.append(
                f'<text x="{left + i * step:.1f}" y="{height - bottom + 16}" '
                f'text-anchor="middle" font-size="11">{escape(label)}</text>'
            )
    if marker is not None and 0 < marker < len(labels):
        x = left + (marker - 0.5) * step
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{top + plot_h}" stroke="#0b0c0c" '
            'stroke-dasharray="4 3"/>'
        )
        if marker_label:
            parts.append(
                f'<text x="{x + 4:.1f}" y="{top + 12}" font-size="11">{escape(marker_label)}</text>'
            )
    for n, (name, line) in enumerate(series.items()):
        colour = colours[n % len(colours)]
        runs, current = [], []
        for i, v in enumerate(line):
            if v is None:
                if current:
                    runs.append(current)
                current = []
            else:
                current.append(point(i, v))
        if current:
            runs.append(current)
        for run in runs:
            parts.append(
                f'<polyline fill="none" stroke="{colour}" stroke-width="2.5" '
                f'points="{" ".join(run)}"/>'
            )
        x = left + n * 150
        parts.append(
            f'<rect x="{x}" y="{height - 22}" width="14" height="4" fill="{colour}"/>'
            f'<text x="{x + 18}" y="{height - 16}" font-size="12">{escape(name)}</text>'
        )
    parts.append("</svg>")
    # Every label and title went through html.escape; the rest are numbers we formatted.
    return mark_safe("".join(parts))  # nosec B308 B703


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
    peak = max(max((v for v in counts if v is not None), default=0), *levels, 1)
    step = plot_w / max(len(counts), 1)
    parts = _frame(title, width, height, left, top, plot_h, width - right, peak)
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
                f'<text x="{x + step * 0.4:.1f}" y="{height - bottom + 14}" '
                f'text-anchor="middle" font-size="10">{escape(label)}</text>'
            )
    if measure_from is not None and 0 < measure_from < len(counts):
        x = left + measure_from * step
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{top + plot_h}" stroke="#0b0c0c" '
            'stroke-dasharray="2 2"/>'
        )
    legend = []
    for value, name, colour, dash in (
        (baseline_mean, "Baseline mean", "#505a5f", ' stroke-dasharray="6 4"'),
        (target_level, "Target", "#00703c", ""),
    ):
        if value is None:
            continue
        y = top + plot_h - value / peak * plot_h
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
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
    parts.append("</svg>")
    # Every label and title went through html.escape; the rest are numbers we formatted.
    return mark_safe("".join(parts))  # nosec B308 B703
