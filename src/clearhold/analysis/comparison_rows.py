"""The fair comparison as (label, value) rows from an evaluation's JSON output, so the page's
summary, the command line and the figures list say the same thing in the same words."""

from __future__ import annotations

from clearhold.analysis.figure_text import interval

__all__ = ["comparison_rows", "res_text", "weights_text"]


def res_text(block: dict) -> str:
    """'1.26 (95% 0.45–3.52 overdispersed; Poisson 0.55–2.85)' from a RES block."""
    if block.get("res") is None:
        return block.get("reason") or "not available"
    overdispersed = interval(block["res_ci95_overdispersed"], sep="–")
    poisson = interval(block["res_ci95_poisson"], sep="–")
    return f"{block['res']:.2f} (95% {overdispersed} overdispersed; Poisson {poisson})"


def weights_text(synthetic: dict) -> str:
    """'Fenland 004D 0.25, Fenland 007D 0.22, …' (largest first)."""
    return ", ".join(f"{w['area']} {w['weight']:.2f}" for w in synthetic["weights"])


def _matched_rows(matched: dict) -> list[tuple[str, str]]:
    areas = ", ".join(a["area"] for a in matched["areas"])
    change = matched["control_change_pct"]
    return [
        (
            f"Matched areas ({len(matched['areas'])} closest on level and trend before)",
            f"{areas}; mean distance {matched['mean_distance']:.2f}",
        ),
        (
            "Matched areas' change per month",
            "–" if change is None else f"{change:+.0f}%",
        ),
        ("Relative effect size against the matched areas", res_text(matched)),
    ]


def _synthetic_rows(synthetic: dict) -> list[tuple[str, str]]:
    fit = "within" if synthetic["fit_within_noise"] else "worse than"
    change = synthetic["change_pct"]
    return [
        (f"Synthetic control weights (of {synthetic['donors']} donors)", weights_text(synthetic)),
        (
            "Synthetic control fit before",
            f"RMSPE {synthetic['rmspe_pre']:.2f} a month against noise "
            f"{synthetic['noise']:.2f}: {fit} noise",
        ),
        (
            "Synthetic control after",
            f"{synthetic['observed_after']} observed against {synthetic['expected_after']:.1f} "
            f"expected ({'–' if change is None else f'{change:+.0f}%'})",
        ),
        (
            "Placebo-in-space p",
            f"{synthetic['placebo_p']:.2f} ({synthetic['placebo_count']} placebo areas)",
        ),
    ]


def comparison_rows(output: dict) -> list[tuple[str, str]]:
    """Rows for an evaluation's ``output`` dict; none when no comparison was asked for."""
    comparison = output.get("comparison")
    if not comparison:
        return []
    rows: list[tuple[str, str]] = [
        (
            "Comparison candidates",
            f"{comparison['candidates']} areas (those touching the site or its buffer left out)",
        )
    ]
    if comparison["matched"]:
        rows += _matched_rows(comparison["matched"])
    if comparison["synthetic"]:
        rows += _synthetic_rows(comparison["synthetic"])
    if comparison["area"]:
        rows.append(("Relative effect size against the area control", res_text(comparison["area"])))
    advice = comparison["recommendation"]
    rows.append(("Recommended comparison", f"{advice['text']} ({advice['reason']})"))
    return rows
