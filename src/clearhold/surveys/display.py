"""The survey results in words and a chart, the same on the problem page and in documents:
"Feel safe after dark: 34% → 61% (change +27 points, 95% CI +11 to +41)"."""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from clearhold.analysis.survey import MIN_ANSWERS, MIN_BREAKDOWN, MIN_RATE, Change, Share
from clearhold.surveys.scoring import ItemChange, SurveyResults, WaveResult
from clearhold.toolkit.charts import svg_open

#: Short names for the standard items, for sentences and the chart; others use their wording.
SHORT = {
    "safe_after_dark": "Feel safe after dark",
    "problem_drugs": "Drug use or dealing a big problem",
    "problem_asb": "Groups or ASB a big problem",
    "problem_litter": "Litter a big problem",
    "confidence_local": "Confidence in police and council",
    "would_report": "Would report ASB",
}
THRESHOLDS = (
    f"No figure is shown for fewer than {MIN_BREAKDOWN} answers (so no household can be picked "
    f"out); fewer than {MIN_ANSWERS} answers, or a response rate below {MIN_RATE:.0%}, is "
    "flagged as too few to say much."
)


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def short_name(key: str, wording: str) -> str:
    return SHORT.get(key, wording)


def pct(value: float) -> str:
    return f"{100 * value:.0f}%"


def signed(points: float) -> str:
    """Whole points with their sign, a true minus for a fall: "+27", "−39", "0"."""
    shown = round(points)
    return f"+{shown}" if shown > 0 else f"−{-shown}" if shown < 0 else "0"


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
        "dates": f"{long_date(result.wave.opens_on)} to {long_date(result.wave.closes_on)}",
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


def _bar(y: float, share: Share, x_of, colour: str, title: str) -> str:
    """One horizontal bar with its interval as a whisker across its middle."""
    mid = y + BAR / 2
    return (
        f'<rect x="{x_of(0):.1f}" y="{y:.1f}" width="{x_of(share.share) - x_of(0):.1f}" '
        f'height="{BAR}" fill="{colour}"><title>{escape(title)}</title></rect>'
        f'<line x1="{x_of(share.low):.1f}" x2="{x_of(share.high):.1f}" y1="{mid:.1f}" '
        f'y2="{mid:.1f}" stroke="#0b0c0c" stroke-width="1.5"/>'
    )


BAR = 14
ROW = 2 * BAR + 16


def results_chart(results: SurveyResults, width: int = 640) -> SafeString:
    """Each item's share at the baseline and the latest wave as horizontal bars, with their
    95% intervals as whiskers; the question names down the left, 0–100% along the bottom."""
    measured = [c for c in results.changes if c.change is not None]
    if results.baseline is None or results.latest is None or not measured:
        return mark_safe("")  # nosec B308 B703 - an empty string
    left, right, top, bottom = 240, 16, 8, 48
    height = top + ROW * len(measured) + bottom
    plot_w = width - left - right
    before, after = (
        results.baseline.wave.get_label_display(),
        results.latest.wave.get_label_display(),
    )
    parts = svg_open(f"Share of answers, {before} and {after}, with 95% intervals", width, height)

    def x_of(v: float) -> float:
        return left + v * plot_w

    axis_y = top + ROW * len(measured)
    for tick in (0, 25, 50, 75, 100):
        x = x_of(tick / 100)
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{axis_y}" stroke="#b1b4b6" '
            f'stroke-width="0.5"/><text x="{x:.1f}" y="{axis_y + 14}" text-anchor="middle" '
            f'font-size="11">{tick}%</text>'
        )
    for i, item in enumerate(measured):
        name, change = short_name(item.key, item.wording), item.change
        y = top + i * ROW + 8
        parts.append(
            f'<text x="{left - 8}" y="{y + BAR + 4}" text-anchor="end" font-size="12">'
            f"{escape(name)}</text>"
        )
        for j, (share, colour, when) in enumerate(
            ((change.before, "#b1b4b6", before), (change.after, "#1d70b8", after))
        ):
            title = f"{name}, {when}: {pct(share.share)} ({pct(share.low)} to {pct(share.high)})"
            parts.append(_bar(y + j * BAR, share, x_of, colour, title))
    for n, (label, colour) in enumerate(((before, "#b1b4b6"), (after, "#1d70b8"))):
        x = left + n * 220
        parts.append(
            f'<rect x="{x}" y="{height - 20}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 16}" y="{height - 10}" font-size="11">{escape(label)}</text>'
        )
    parts.append("</svg>")
    # Every label and title went through html.escape; the rest are numbers we formatted.
    return mark_safe("".join(parts))  # nosec B308 B703
