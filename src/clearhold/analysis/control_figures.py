"""The WDD test and the controlled time series as (label, value) rows, from an evaluation's JSON.

The command line's table, the page and the documents read these rows, so each figure is
worded once. Input is :meth:`clearhold.analysis.outcomes.Evaluation.to_dict`'s output.

Pure Python: no Django import.
"""

from __future__ import annotations

from clearhold.analysis.figure_text import p_text, signed
from clearhold.analysis.wdd import offset_words

__all__ = ["cits_rows", "wdd_rows"]

#: The rows' p-values below 0.001, written as the command line's tables write them.
SMALL_P = "<0.001"

Rows = list[tuple[str, str]]


def _p(p: float | None) -> str:
    return p_text(p, SMALL_P)


def _n(v: float) -> str:
    """A count, or a mean of counts to one decimal."""
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}"


def _positions(areas: list[dict]) -> str:
    """'730 m north: 19 → 2 (buffer 30 → 25); …' for the pooled same-size areas."""
    return "; ".join(
        f"{offset_words(*a['offset_m'])}: {a['before']:,} → {a['after']:,} "
        f"(buffer {a['buffer_before']:,} → {a['buffer_after']:,})"
        for a in areas
    )


def wdd_rows(output: dict) -> Rows:
    """The WDD test: its control, the estimate with its interval, SE, z and p, and the parts.

    Example: ``("WDD estimate (incidents over the after window)", "-118.0 (95% CI -195.6 to
    -40.4)")``; negative = the site and its buffer fell more than the control and its buffer.
    """
    w = output.get("wdd")
    if not w:
        return []
    c = w["counts"]
    areas = w.get("control_areas") or []
    mean = "mean " if len(areas) > 1 else ""
    counted = f"{mean}{_n(c['control_before'])} before, {_n(c['control_after'])} after"
    if w["control_kind"] == "same-size":
        control = (
            f"same-size: {w['control']}; {counted}; {mean}buffer ring "
            f"{_n(c['control_buffer_before'])} → {_n(c['control_buffer_after'])}"
        )
    else:
        control = f"{w['control']}, also the buffer's control; {counted}"
    lo, hi = w["ci95"]
    listed = [("WDD control areas (offset: before → after)", _positions(areas))] if areas else []
    return [
        ("WDD control", control),
        *listed,
        (
            "WDD estimate (incidents over the after window)",
            f"{signed(w['estimate'])} (95% CI {signed(lo)} to {signed(hi)})",
        ),
        (
            "WDD standard error, z, p",
            f"{w['se']:.1f}, z {signed(w['z'], 2)}, p {_p(w['p_value'])}",
        ),
        (
            "WDD local and displacement parts",
            f"{signed(w['local'])} at the site, {signed(w['displacement'])} in the buffer",
        ),
    ]


def cits_rows(output: dict) -> Rows:
    """The controlled interrupted time series: the step beyond the control, its checks, or why
    it was not fitted."""
    if "cits" not in output:
        return []
    fit = output["cits"]
    if fit is None:
        reason = output.get("cits_reason") or "no reason given"
        return [("Controlled time series", f"not fitted: {reason}")]
    lo, hi = fit["step_irr_ci95"]
    lb = fit["ljung_box"]
    first, last = fit["pre_period"]
    return [
        (
            "Controlled time series: step beyond the control (rate ratio)",
            f"{fit['step_irr']:.2f} (95% CI {lo:.2f} to {hi:.2f}), p {_p(fit['p_value'])}",
        ),
        ("Controlled time series: control", fit["control"]),
        (
            "Controlled time series: months",
            f"{first} to {last} ({fit['months_before']} unbroken months before), "
            f"{fit['months_after']} after",
        ),
        (
            "Controlled time series: model and errors",
            f"{fit['model']}; {fit['standard_errors']}; Ljung–Box p {_p(lb['p_target'])} "
            f"(site), {_p(lb['p_control'])} (control), {lb['lags']} lags",
        ),
    ]
