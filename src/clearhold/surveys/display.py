"""The survey results in words and a chart, the same on the problem page and in documents:
"Feel safe after dark: 34% → 61% (change +27 points, 95% CI +11 to +41)"."""

from __future__ import annotations

from html import escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from clearhold.analysis.survey import MIN_ANSWERS, MIN_BREAKDOWN, MIN_RATE, Change, Share
from clearhold.surveys.scoring import ItemChange, SurveyResults, WaveResult
from clearhold.toolkit.charts import gridlines, svg_open

#: Short names for the standard items, for sentences and the chart; others use their wording.
SHORT = {
    "safe_after_dark": "Feel safe after dark",
    "problem_drugs": "Drug use or dealing a big problem",
    "problem_asb": "Groups or ASB a big problem",
    "problem_litter": "Litter a big problem",
    "confidence_local": "Police and council deal with what matters",
    "would_report": "Would report ASB",
}
THRESHOLDS = (
    f"No figure is shown for fewer than {MIN_BREAKDOWN} answers (so no household can be picked "
    f"out); fewer than {MIN_ANSWERS} answers, or a response rate below {MIN_RATE:.0%}, is "
    "flagged as too few to say much."
)


def short_name(key: str, wording: str) -> str:
    return SHORT.get(key, wording)


def pct(value: float) -> str:
    return f"{100 * value:.0f}%"


def signed(points: float) -> str:
    shown = round(points)
    return f"+{shown}" if shown > 0 else f"{shown}" if shown < 0 else "0"


def share_text(share: Share | None) -> str:
    """ "34% (95% CI 21% to 50%, 15 of 44)", or why nothing is shown."""
    if share is None:
        return f"not shown (fewer than {MIN_BREAKDOWN} answers)"
    return (
        f"{pct(share.share)} (95% CI {pct(share.low)} to {pct(share.high)}, "
        f"{share.yes} of {share.n})"
    )


def change_text(change: Change) -> str:
    """ "34% → 61% (change +27 points, 95% CI +11 to +41)"."""
    return (
        f"{pct(change.before.share)} → {pct(change.after.share)} (change "
        f"{signed(change.points)} points, 95% CI {signed(100 * change.low)} to "
        f"{signed(100 * change.high)})"
    )


def p_text(p_value: float) -> str:
    return "p < 0.001" if p_value < 0.001 else f"p = {p_value:.3f}"


def change_row(item: ItemChange) -> dict[str, Any]:
    """One item's change as the page and the documents print it."""
    change = item.change
    reading = ""
    if change is not None:
        if item.better is None:
            reading = "The interval includes no change: it may be chance."
        else:
            reading = "Better." if item.better else "Worse."
    return {
        "key": item.key,
        "name": short_name(item.key, item.wording),
        "phrase": item.phrase,
        "sentence": f"{short_name(item.key, item.wording)}: {change_text(change)}"
        if change
        else f"{short_name(item.key, item.wording)}: no change shown",
        "test": f"{change.test}, {p_text(change.p_value)}" if change else "",
        "reading": reading,
        "note": item.note,
    }


def wave_row(result: WaveResult) -> dict[str, Any]:
    rate = result.rate
    return {
        "label": result.wave.get_label_display(),
        "dates": f"{result.wave.opens_on:%-d %B %Y} to {result.wave.closes_on:%-d %B %Y}",
        "illustrative": result.wave.illustrative,
        "rate": "no codes issued"
        if rate.rate is None
        else f"{rate.code_answers} of {rate.codes_issued} households ({pct(rate.rate)})",
        "open_link": rate.open_link_answers,
        "warnings": list(rate.warnings),
        "items": [
            {
                "name": short_name(i.key, i.wording),
                "phrase": i.phrase,
                "share": share_text(i.share),
                "open_link": share_text(i.open_link) if i.open_link else "",
                "left_out": i.left_out,
            }
            for i in result.items
        ],
        "comments": result.comments,
        "comments_waiting": result.comments_waiting,
    }


def results_display(results: SurveyResults) -> dict[str, Any]:
    """Everything the survey section prints for one survey."""
    changes = [change_row(c) for c in results.changes]
    return {
        "survey": results.survey,
        "illustrative": results.illustrative,
        "waves": [wave_row(w) for w in results.waves],
        "baseline": results.baseline.wave.get_label_display() if results.baseline else "",
        "latest": results.latest.wave.get_label_display() if results.latest else "",
        "changes": changes,
        "chart": results_chart(results),
        "thresholds": THRESHOLDS,
    }


def _whisker(x: float, share: Share, y_of) -> str:
    return (
        f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y_of(share.low):.1f}" y2="{y_of(share.high):.1f}" '
        'stroke="#0b0c0c" stroke-width="1.5"/>'
    )


def results_chart(results: SurveyResults, width: int = 640, height: int = 260) -> SafeString:
    """The baseline and latest shares of each item as bars with their 95% intervals."""
    if results.baseline is None or results.latest is None:
        return mark_safe("")  # nosec B308 B703 - an empty string
    pairs = [c.change for c in results.changes if c.change is not None]
    names = [short_name(c.key, c.wording) for c in results.changes if c.change is not None]
    if not pairs:
        return mark_safe("")  # nosec B308 B703 - an empty string
    left, bottom, top, right = 44, 56, 12, 8
    plot_w, plot_h = width - left - right, height - bottom - top
    title = (
        f"Share of answers, {results.baseline.wave.get_label_display()} and "
        f"{results.latest.wave.get_label_display()}, with 95% intervals"
    )
    parts = svg_open(title, width, height) + gridlines(
        [0, 25, 50, 75, 100], left, top, plot_h, width - right, "%"
    )

    def y_of(v: float) -> float:
        return top + plot_h - v * plot_h

    step = plot_w / len(pairs)
    for i, (name, change) in enumerate(zip(names, pairs, strict=True)):
        for j, (share, colour, when) in enumerate(
            ((change.before, "#b1b4b6", "before"), (change.after, "#1d70b8", "after"))
        ):
            x = left + i * step + step * (0.15 + 0.35 * j)
            w = step * 0.3
            parts.append(
                f'<rect x="{x:.1f}" y="{y_of(share.share):.1f}" width="{w:.1f}" '
                f'height="{share.share * plot_h:.1f}" fill="{colour}"><title>{escape(name)}, '
                f"{when}: {pct(share.share)} ({pct(share.low)} to {pct(share.high)})</title></rect>"
            )
            parts.append(_whisker(x + w / 2, share, y_of))
        parts.append(
            f'<text x="{left + (i + 0.5) * step:.1f}" y="{height - bottom + 14}" '
            f'text-anchor="middle" font-size="10">{escape(name[:28])}</text>'
        )
    for n, (label, colour) in enumerate(
        ((results.baseline.wave.get_label_display(), "#b1b4b6"),
         (results.latest.wave.get_label_display(), "#1d70b8"))
    ):  # fmt: skip
        x = left + n * 260
        parts.append(
            f'<rect x="{x}" y="{height - 20}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 16}" y="{height - 10}" font-size="11">{escape(label)}</text>'
        )
    parts.append("</svg>")
    # Every label and title went through html.escape; the rest are numbers we formatted.
    return mark_safe("".join(parts))  # nosec B308 B703
