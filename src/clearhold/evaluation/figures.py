"""The evaluation's figures as one list of rows, read by the command line's table and the page,
so the two cannot say different things; and the one output dict (the JSON) they are built from.

:func:`evaluation_output` is the JSON: :meth:`Evaluation.to_dict` plus the headline, the WDQ
line, the objective and the claim. :func:`figure_rows` turns it into ``[(label, text)]`` by the
row builders of :data:`ROW_BUILDERS`, each naming the top-level keys it shows; a new figure
(e.g. ``wdd``, ``cits``, ``comparison``) is one more builder. :data:`AREA_KEYS` are shown by the
areas table instead, :data:`NOT_ROWS` are shown otherwise (said why).
"""

from __future__ import annotations

from collections.abc import Callable

from clearhold.analysis.comparison_rows import comparison_rows
from clearhold.analysis.control_figures import cits_rows, wdd_rows
from clearhold.analysis.figure_text import interval as _interval
from clearhold.analysis.figure_text import number as _number
from clearhold.analysis.figure_text import p_text as _p
from clearhold.analysis.objectives import ObjectiveCheck
from clearhold.analysis.outcomes import Evaluation
from clearhold.analysis.reading import (
    claim_reading,
    displacement_reading,
    headline,
    objective_reading,
)

Row = tuple[str, str]
RowBuilder = Callable[[dict], list[Row]]

#: Keys shown by the before/after table of the three areas, not by rows.
AREA_KEYS = ("target", "buffer", "control")
#: Keys that are not figure rows: the headline opens the page and the table, the warnings are
#: listed one by one, the detail holds the monthly series (the charts) and the windows (the
#: caption and the warnings).
NOT_ROWS = ("headline", "warnings", "detail")
#: Keys the page shows in sections of their own (the WDD test and controlled time series, the
#: fair comparison) with the same row builders; the command line lists them with the rest.
SECTION_KEYS = ("wdd", "cits", "cits_reason", "comparison")


def evaluation_output(
    result: Evaluation,
    check: ObjectiveCheck | None,
    *,
    place: str = "the site",
    claimed_pct: float | None = None,
    detail: bool = False,
) -> dict:
    """The JSON of an evaluation: every figure the page and the table show."""
    out = result.to_dict(detail=detail)
    out["headline"] = headline(result, check, place)
    out["displacement"] = displacement_reading(result)
    out["objective"] = (
        None if check is None else check.to_dict() | {"reading": objective_reading(check)}
    )
    out["claim"] = None if claimed_pct is None else claim_reading(result, claimed_pct)
    return out


def _months(labels: list[str]) -> str:
    return f"{labels[0]} to {labels[-1]}" if labels else "none"


def _windows(o: dict) -> list[Row]:
    return [("Windows", f"{o['months_before']} months before, {o['months_after']} after")]


def _objective(o: dict) -> list[Row]:
    check = o["objective"]
    return [("Objective", "none given" if check is None else check["reading"])]


def _claim(o: dict) -> list[Row]:
    claim = o["claim"]
    return [("The partnership's claim", "none given" if claim is None else claim["reading"])]


def _res(o: dict) -> list[Row]:
    which = {"overdispersed": "overdispersion-adjusted", "poisson": "Poisson"}
    headline = which.get(o["res_headline"], "none")
    return [
        (
            "Relative effect size (above 1: the site did better than the control)",
            f"{_number(o['res'])} (95% interval {_interval(o['res_ci95'])}, {headline})",
        ),
        ("Relative effect size, Poisson interval", _interval(o["res_ci95_poisson"])),
        (
            "Relative effect size, overdispersion-adjusted interval",
            _interval(o["res_ci95_overdispersed"]),
        ),
        ("Which interval is the headline, and why", f"{headline}: {o['res_headline_reason']}"),
    ]


def _dispersion(o: dict) -> list[Row]:
    return [
        (
            "Dispersion of monthly counts (1 = as random as Poisson)",
            f"{_number(o['dispersion_target'])} at the site, "
            f"{_number(o['dispersion_control'])} in the control",
        )
    ]


def _displacement(o: dict) -> list[Row]:
    return [("Displacement (WDQ)", o["displacement"])]


def _net_effect(o: dict) -> list[Row]:
    return [
        (
            "Total net effect (incidents over the after window)",
            _number(o["total_net_effect"], "+.1f"),
        )
    ]


def _detectable(o: dict) -> list[Row]:
    mdr = o["minimum_detectable_reduction_pct"]
    text = (
        "not detectable: no fall, not even to zero, would be shown with 80% power"
        if mdr is None
        else f"{mdr:.0f}% (80% power, 5% two-sided, both counts and their dispersion allowed for)"
    )
    return [("Minimum detectable reduction", text)]


def _peak(o: dict) -> list[Row]:
    r = o["regression_to_mean"]
    if r["reason"]:
        text = f"not checked: {r['reason']}"
    else:
        verdict = "a peak" if r["peak"] else "not a peak"
        text = (
            f"{_months(r['recent_months'])}: {r['recent_mean']:.2f} a month against "
            f"{r['baseline_mean']:.2f} over {_months(r['baseline_months'])} (dispersion "
            f"{r['dispersion']:.2f}); z = {r['z']:.2f}, one-sided p {_p(r['p_value'])}: {verdict}"
        )
    return [("Peak just before the intervention (regression to the mean)", text)]


def _small_counts(o: dict) -> list[Row]:
    s = o["small_counts"]
    probs = ", ".join(f"{k}%: {100 * v:.1f}%" for k, v in s["prob_fall_at_least"].items())
    exact = _interval(o["target"]["rate_ratio_ci95"])
    return [
        (
            "Probability of a true fall of at least (Bayesian, small counts)",
            f"{probs} ({s['prior']})",
        ),
        (
            "Site's rate ratio, Bayesian median and 95% credible interval",
            f"{s['rate_ratio_median']:.2f} ({_interval(s['rate_ratio_cri95'])}); exact 95% "
            f"interval {exact}",
        ),
    ]


def _unlocated(o: dict) -> list[Row]:
    return [("Incidents without a location, in the windows", f"{o['unlocated']:,}")]


def _its(o: dict) -> list[Row]:
    its = o["its"]
    if its is None:
        return [("Interrupted time series", "not fitted (see the warnings)")]
    return [
        (
            "Interrupted time series: step at the intervention",
            f"rate ratio {its['step_irr']:.2f} (95% interval "
            f"{_interval(its['step_irr_ci95'])}), p {_p(its['p_value'])}",
        )
    ]


#: (the output keys a builder shows, the builder), in reading order.
ROW_BUILDERS: tuple[tuple[tuple[str, ...], RowBuilder], ...] = (
    (("months_before", "months_after"), _windows),
    (("objective",), _objective),
    (("claim",), _claim),
    (
        (
            "res",
            "res_ci95",
            "res_ci95_poisson",
            "res_ci95_overdispersed",
            "res_headline",
            "res_headline_reason",
        ),
        _res,
    ),
    (("dispersion_target", "dispersion_control"), _dispersion),
    (("wdq", "wdq_reading", "displacement"), _displacement),
    (("total_net_effect",), _net_effect),
    (("minimum_detectable_reduction_pct",), _detectable),
    (("regression_to_mean",), _peak),
    (("small_counts",), _small_counts),
    (("unlocated",), _unlocated),
    (("its",), _its),
    (("wdd",), wdd_rows),
    (("cits", "cits_reason"), cits_rows),
    (("comparison",), comparison_rows),
)


def figure_rows(output: dict, *, skip: tuple[str, ...] = ()) -> list[Row]:
    """Every figure of ``output`` (from :func:`evaluation_output`) as ``(label, text)``, less
    the builders whose keys are all in ``skip`` (the page's own sections)."""
    rows: list[Row] = []
    for keys, build in ROW_BUILDERS:
        if all(k in output for k in keys) and not set(keys) <= set(skip):
            rows += build(output)
    return rows


def area_rows(output: dict) -> list[tuple[str, dict]]:
    """The three areas for the before/after table: ``(name, figures)``."""
    return [(area.title(), output[area]) for area in AREA_KEYS]
