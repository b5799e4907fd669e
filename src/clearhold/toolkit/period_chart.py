"""A before/after line chart as inline SVG: the periods shaded and named, a labelled y axis
with whole-number ticks, an optional reference line (100% when the lines are indexed), an
optional counterfactual line with its 95% band (a polygon), and labels spaced so that none
overlaps another."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

from clearhold.toolkit.charts import gridlines, nice_ticks, svg_open

#: Approximate advance of one character at 11–12 px, for spacing labels without a font engine.
CHAR_W = 6.6
SHADES = {"before": ("#f3f2f1", "Before"), "after": ("#e8f1f8", "After")}
COLOURS = ("#d4351c", "#f47738", "#1d70b8", "#00703c")
BAND_COLOUR = "#505a5f"
BAND_NAME = "Expected without the intervention (95% band)"


def counterfactual_band(cits: dict | None, labels: Sequence[str]) -> dict | None:
    """The controlled time series' counterfactual (``cits`` as in the evaluation's JSON) laid
    on the chart's months: ``expected``, ``low``, ``high`` lists with ``None`` elsewhere."""
    if not cits:
        return None
    cf = cits["counterfactual"]
    where = {m: i for i, m in enumerate(cf["months"])}
    out: dict = {"name": BAND_NAME}
    for key, values in (
        ("expected", cf["expected"]),
        ("low", cf["ci95_low"]),
        ("high", cf["ci95_high"]),
    ):
        out[key] = [values[where[m]] if m in where else None for m in labels]
    return out


def _band(band: dict, x_of, y_of) -> list[str]:
    """The band as one polygon per run of months (upper edge forward, lower edge back) and
    the expected counts as a dashed line."""
    parts = []
    runs = _runs(["in" if v is not None else "" for v in band["expected"]])
    for name, first, last in runs:
        if name != "in":
            continue
        idx = range(first, last + 1)
        upper = [f"{x_of(i):.1f},{y_of(band['high'][i]):.1f}" for i in idx]
        lower = [f"{x_of(i):.1f},{y_of(band['low'][i]):.1f}" for i in reversed(idx)]
        line = [f"{x_of(i):.1f},{y_of(band['expected'][i]):.1f}" for i in idx]
        parts.append(
            f'<polygon class="ch-chart__band" fill="{BAND_COLOUR}" fill-opacity="0.18" '
            f'stroke="none" points="{" ".join(upper + lower)}"><title>{escape(band["name"])}'
            "</title></polygon>"
        )
        parts.append(
            f'<polyline class="ch-chart__counterfactual" fill="none" stroke="{BAND_COLOUR}" '
            f'stroke-width="2" stroke-dasharray="5 3" points="{" ".join(line)}"><title>'
            f"{escape(band['name'])}</title></polyline>"
        )
    return parts


def _runs(period: Sequence[str]) -> list[tuple[str, int, int]]:
    """Runs of equal period names as (name, first index, last index)."""
    out: list[tuple[str, int, int]] = []
    for i, name in enumerate(period):
        if out and out[-1][0] == name and out[-1][2] == i - 1:
            out[-1] = (name, out[-1][1], i)
        else:
            out.append((name, i, i))
    return out


def _bands(period, x_of, step: float, top: int, plot_h: float) -> list[str]:
    parts = []
    for name, first, last in _runs(period):
        if name not in SHADES:
            continue
        fill, label = SHADES[name]
        x0, x1 = x_of(first) - step / 2, x_of(last) + step / 2
        parts.append(
            f'<rect class="ch-chart__period" data-period="{name}" x="{x0:.1f}" y="{top}" '
            f'width="{x1 - x0:.1f}" height="{plot_h:.1f}" fill="{fill}"/>'
        )
        if (x1 - x0) >= len(label) * CHAR_W + 8:
            parts.append(
                f'<text class="ch-chart__period-label" x="{(x0 + x1) / 2:.1f}" y="{top + 13}" '
                f'text-anchor="middle" font-size="12" font-weight="bold">{label}</text>'
            )
    return parts


def _x_labels(labels, x_of, step: float, baseline: float) -> list[str]:
    """Every n-th label, n chosen so that each label's width plus a gap fits between them."""
    widest = max((len(label) for label in labels), default=0) * CHAR_W + 10
    every = max(1, math.ceil(widest / step)) if step else 1
    return [
        f'<text class="ch-chart__x-tick" x="{x_of(i):.1f}" y="{baseline + 16:.1f}" '
        f'text-anchor="middle" font-size="11">{escape(label)}</text>'
        for i, label in enumerate(labels)
        if i % every == 0
    ]


def _legend(items: Sequence[tuple[str, str, str]], x0: int, y: int) -> list[str]:
    """Legend entries (name, colour, dash) laid out left to right by their text widths."""
    parts, x = [], x0
    for name, colour, dash in items:
        parts.append(
            f'<line x1="{x}" x2="{x + 18}" y1="{y - 4}" y2="{y - 4}" stroke="{colour}" '
            f'stroke-width="2.5"{dash}/><text class="ch-chart__legend" x="{x + 22}" y="{y}" '
            f'font-size="12">{escape(name)}</text>'
        )
        x += 22 + int(len(name) * CHAR_W) + 18
    return parts


def _reference(y: float, label: str, x1: float, x2: float) -> str:
    """The dashed horizontal reference line at height ``y``, titled ``label``."""
    return (
        f'<line class="ch-chart__reference" x1="{x1}" x2="{x2}" '
        f'y1="{y:.1f}" y2="{y:.1f}" stroke="#0b0c0c" '
        f'stroke-width="1.5" stroke-dasharray="6 4"><title>{escape(label)}</title>'
        "</line>"
    )


def _marker(x: float, label: str, y1: float, y2: float) -> str:
    """The dotted vertical line (the intervention) at ``x``, titled ``label``."""
    return (
        f'<line class="ch-chart__marker" x1="{x:.1f}" x2="{x:.1f}" y1="{y1}" '
        f'y2="{y2}" stroke="#505a5f" stroke-width="1.5" stroke-dasharray="2 2">'
        f"<title>{escape(label)}</title></line>"
    )


def _lines(
    series: dict[str, Sequence[float | None]],
    labels: Sequence[str],
    x_of: Callable[[int], float],
    y_of: Callable[[float], float],
    percent: bool,
) -> tuple[list[str], list[tuple[str, str, str]]]:
    """Each series as its points (each titled with its value) and its polylines (``None``
    breaks a line), and the series' legend entries, in the series' order."""
    parts: list[str] = []
    legend: list[tuple[str, str, str]] = []
    for n, (name, line) in enumerate(series.items()):
        colour = COLOURS[n % len(COLOURS)]
        runs, current = [], []
        for i, v in enumerate(line):
            if v is None:
                runs, current = runs + [current] * bool(current), []
            else:
                current.append(f"{x_of(i):.1f},{y_of(v):.1f}")
                parts.append(
                    f'<circle cx="{x_of(i):.1f}" cy="{y_of(v):.1f}" r="2.5" fill="{colour}">'
                    f"<title>{escape(name)}, {escape(labels[i])}: {v:.0f}{'%' * percent}"
                    "</title></circle>"
                )
        for run in runs + [current] * bool(current):
            parts.append(
                f'<polyline fill="none" stroke="{colour}" stroke-width="2.5" '
                f'points="{" ".join(run)}"><title>{escape(name)}</title></polyline>'
            )
        legend.append((name, colour, ""))
    return parts, legend


def period_chart_svg(
    labels: Sequence[str],
    series: dict[str, Sequence[float | None]],
    *,
    period: Sequence[str],
    title: str,
    y_label: str,
    reference: float | None = None,
    reference_label: str = "",
    percent: bool = False,
    marker: int | None = None,
    marker_label: str = "",
    band: dict | None = None,
    width: int = 720,
    height: int = 300,
) -> SafeString:
    """Lines over ``labels`` (``None`` breaks a line) on shaded ``period`` bands ("before",
    "after"; anything else unshaded). ``marker`` draws a dotted vertical line before that
    position, named ``marker_label`` in the legend (the intervention). ``reference`` draws a
    dashed horizontal line (e.g. 100 when the lines are % of the before average); ``percent``
    adds "%" to the y ticks. ``band`` (see :func:`counterfactual_band`) draws a counterfactual
    as a dashed line inside its shaded 95% band."""
    left, right, top, bottom = 64, 8, 20, 64
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for line in series.values() for v in line if v is not None]
    if band is not None:
        values += [v for v in band["high"] if v is not None]
    ticks = nice_ticks(max([*values, reference or 0], default=0))
    scale = ticks[-1]
    step = plot_w / max(len(labels), 1)

    def x_of(i: int) -> float:
        return left + (i + 0.5) * step

    def y_of(v: float) -> float:
        return top + plot_h - v / scale * plot_h

    parts = svg_open(title, width, height)
    parts += _bands(period, x_of, step, top, plot_h)
    parts += gridlines(ticks, left, top, plot_h, width - right, "%" * percent)
    mid = top + plot_h / 2
    parts.append(
        f'<text class="ch-chart__y-label" x="14" y="{mid:.1f}" text-anchor="middle" '
        f'font-size="12" transform="rotate(-90 14 {mid:.1f})">{escape(y_label)}</text>'
    )
    parts += _x_labels(labels, x_of, step, top + plot_h)
    legend = []
    if reference is not None:
        parts.append(_reference(y_of(reference), reference_label, left, width - right))
        legend.append((reference_label, "#0b0c0c", ' stroke-dasharray="6 4"'))
    if marker is not None and 0 < marker < len(labels):
        parts.append(_marker(x_of(marker) - step / 2, marker_label, top, top + plot_h))
        legend.append((marker_label, "#505a5f", ' stroke-dasharray="2 2"'))
    if band is not None and any(v is not None for v in band["expected"]):
        parts += _band(band, x_of, y_of)
        legend.append((band["name"], BAND_COLOUR, ' stroke-dasharray="5 3"'))
    lines, named = _lines(series, labels, x_of, y_of, percent)
    parts += lines
    legend = named + legend
    parts += _legend(legend, left, height - 12)
    parts.append("</svg>")
    # Every label and title went through html.escape; the rest are numbers we formatted.
    return mark_safe("".join(parts))  # nosec B308 B703
