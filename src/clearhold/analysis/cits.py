"""Controlled interrupted time series: the site's monthly counts against a control's.

Model (comparative ITS; Bernal, Cummins & Gasparrini 2018, "The use of controls in interrupted
time series studies of public health interventions", Int J Epidemiology 47(6)): the site's and
the control's monthly counts stacked, one Poisson GLM

    log E[y_gt] = β0 + β1·t + Σ_k s_k·[month-of-year = k] + β2·post_t
                  + g·(γ0 + γ1·t + δ·post_t)

``g = 1`` for the site, ``0`` for the control; ``t`` months since the first month used. The
control carries what happened everywhere at the intervention (``β2``), the site its own level
and trend (``γ0``, ``γ1``); ``exp(δ)`` is the site's step *beyond the control's* as an incidence
rate ratio. The **counterfactual** after the intervention is the site's fit with ``δ = 0``;
its 95% band is ``exp(η ± 1.96·se(η))`` with ``se(η)² = x'Σx`` (the expected count, not a
prediction interval for one month).

**The pre-period must be recent and unbroken**: at least :data:`MIN_MONTHS_BEFORE` consecutive
months the data cover, ending with the month just before the intervention (the partial
intervention month is left out, not a break). A gap in coverage ends the run: months before a
gap are not counted towards 24 and are not used, because a series with a hole of 19 months
does not show a trend.

**Autocorrelation**: Ljung–Box on each series' Pearson residuals (``min(6, n // 4)`` lags:
with 12, residuals of a fit with eleven month-of-year terms flag one clean Poisson series in
five); when either is significant at 5% (Bonferroni over the two series), the standard
errors are Newey–West (HAC, Bartlett kernel, ``floor(4·(n/100)^(2/9))`` lags, within each
series), which also absorb overdispersion.
Otherwise, when the Pearson dispersion exceeds 1.5, a quasi-Poisson scale is used.

Pure numpy/statsmodels: no Django import.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np

from clearhold.analysis.periods import month_label

__all__ = [
    "MIN_MONTHS_AFTER",
    "MIN_MONTHS_BEFORE",
    "CITSResult",
    "controlled_its",
    "recent_pre_period",
    "unbroken_run",
]

MIN_MONTHS_BEFORE = 24
MIN_MONTHS_AFTER = 3
DISPERSION_THRESHOLD = 1.5
LJUNG_BOX_ALPHA = 0.05
Z95 = 1.959963984540054


@dataclass(frozen=True)
class CITSResult:
    """The site's step beyond the control's, the checks made, and the counterfactual."""

    control: str
    model: str
    step_irr: float
    step_ci95: tuple[float, float]
    p_value: float
    standard_errors: str
    pearson_dispersion: float
    ljung_box_lags: int
    ljung_box_p: tuple[float, float]
    pre_months: tuple[str, str]
    months_before: int
    months_after: int
    counterfactual_months: tuple[str, ...]
    counterfactual: tuple[float, ...]
    counterfactual_ci95: tuple[tuple[float, float], ...]

    @property
    def autocorrelated(self) -> bool:
        return min(self.ljung_box_p) < LJUNG_BOX_ALPHA / 2

    def to_dict(self) -> dict:
        return {
            "control": self.control,
            "model": self.model,
            "step_irr": self.step_irr,
            "step_irr_ci95": list(self.step_ci95),
            "p_value": self.p_value,
            "standard_errors": self.standard_errors,
            "pearson_dispersion": self.pearson_dispersion,
            "ljung_box": {
                "lags": self.ljung_box_lags,
                "p_target": self.ljung_box_p[0],
                "p_control": self.ljung_box_p[1],
                "autocorrelated": self.autocorrelated,
            },
            "pre_period": list(self.pre_months),
            "months_before": self.months_before,
            "months_after": self.months_after,
            "counterfactual": {
                "months": list(self.counterfactual_months),
                "expected": list(self.counterfactual),
                "ci95_low": [lo for lo, _ in self.counterfactual_ci95],
                "ci95_high": [hi for _, hi in self.counterfactual_ci95],
            },
        }


def unbroken_run(covered: np.ndarray, last: int) -> np.ndarray:
    """The months of the unbroken run of covered months ending at ``last`` (oldest first);
    empty when ``last`` itself is not covered."""
    have = set(np.asarray(covered, dtype=np.int64).tolist())
    m = int(last)
    while m in have:
        m -= 1
    return np.arange(m + 1, int(last) + 1, dtype=np.int64)


def recent_pre_period(
    covered: np.ndarray, step_month: int, excluded_month: int | None = None
) -> tuple[np.ndarray, str | None]:
    """The unbroken run of covered months right before ``step_month`` (the partial
    intervention month ``excluded_month`` skipped, not a break) and, when it is shorter than
    :data:`MIN_MONTHS_BEFORE`, why no time series can be fitted. Both the plain and the
    controlled time series use it, so months behind a gap never count toward the 24."""
    last = step_month - 1
    if excluded_month is not None and excluded_month == last:
        last -= 1
    run = unbroken_run(covered, last)
    if len(run) < MIN_MONTHS_BEFORE:
        return run, _pre_reason(run, last, int(np.min(covered)))
    return run, None


def _pre_reason(run: np.ndarray, last: int, first_covered: int) -> str:
    n = len(run)
    start = int(run[0]) if n else last + 1
    if start - 1 < first_covered:
        why = f"the data start in {month_label(first_covered)}"
    else:
        why = (
            f"{month_label(start - 1)} is missing from the data, which breaks the series; "
            "months before a gap are not counted"
        )
    return (
        f"it needs at least {MIN_MONTHS_BEFORE} consecutive months of data right before the "
        f"intervention, and the data have {n} ({why})"
    )


def _design(months: np.ndarray, step_month: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Stacked design (site rows first), the site's rows with ``δ = 0``, and the group."""
    t = (months - months.min()).astype(float)
    post = (months >= step_month).astype(float)
    moy = months % 12
    season = [(moy == k).astype(float) for k in np.unique(moy)[1:]]

    def rows(g: float, effect: bool) -> np.ndarray:
        one = np.ones_like(t)
        cols = [one, t, *season, post, g * one, g * t, (g if effect else 0.0) * post]
        return np.column_stack(cols)

    x = np.vstack([rows(1.0, True), rows(0.0, True)])
    group = np.r_[np.ones_like(t), np.zeros_like(t)]
    return x, rows(1.0, False), group


def _ljung_box(resid: np.ndarray, lags: int) -> float:
    from statsmodels.stats.diagnostic import acorr_ljungbox

    if np.allclose(resid, resid[0]):
        return 1.0
    table = acorr_ljungbox(resid, lags=[lags])
    p = float(np.asarray(table["lb_pvalue"])[0])
    return p if math.isfinite(p) else 1.0


def _fit(y, x, group, n):
    """Poisson fit, Ljung–Box, then the standard errors the checks call for."""
    import statsmodels.api as sm

    family = sm.families.Poisson()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = sm.GLM(y, x, family=family).fit()
        dispersion = float(fit.pearson_chi2 / fit.df_resid) if fit.df_resid > 0 else math.nan
        resid = np.asarray(fit.resid_pearson)
        lags = max(1, min(6, n // 4))
        p_lb = (_ljung_box(resid[:n], lags), _ljung_box(resid[n:], lags))
        if min(p_lb) < LJUNG_BOX_ALPHA / 2:
            maxlags = max(1, math.floor(4 * (n / 100) ** (2 / 9)))
            time = np.r_[np.arange(n), np.arange(n)]
            fit = sm.GLM(y, x, family=family).fit(
                cov_type="hac-panel",
                cov_kwds={"groups": group.astype(int), "time": time, "maxlags": maxlags},
            )
            ses = f"Newey–West (HAC, {maxlags} lags): residuals autocorrelated"
            model = "Poisson"
        elif dispersion > DISPERSION_THRESHOLD:
            fit = sm.GLM(y, x, family=family).fit(scale="X2")
            ses, model = "model-based, scaled by the dispersion", "quasi-Poisson"
        else:
            ses, model = "model-based", "Poisson"
    return fit, model, ses, dispersion, lags, p_lb


def controlled_its(
    months: np.ndarray,
    target: np.ndarray,
    control: np.ndarray,
    *,
    covered: np.ndarray,
    step_month: int,
    after: np.ndarray,
    excluded_month: int | None = None,
    control_name: str = "the control",
) -> tuple[CITSResult | None, str | None]:
    """Fit the controlled ITS; ``(result, None)`` or ``(None, reason)``.

    ``months`` (month indices) with the site's and the control's counts; ``covered`` the months
    the data hold; ``step_month`` the first after month; ``after`` the after window's months;
    ``excluded_month`` the partial intervention month (skipped, not a break).
    """
    months = np.asarray(months, dtype=np.int64)
    run, reason = recent_pre_period(covered, step_month, excluded_month)
    if reason is not None:
        return None, reason
    post = np.asarray(after, dtype=np.int64)
    post = post[np.isin(post, covered)]
    if len(post) < MIN_MONTHS_AFTER:
        return None, (
            f"it needs at least {MIN_MONTHS_AFTER} months after the intervention and the data "
            f"have {len(post)}"
        )
    use = np.r_[run, post]
    pos = np.searchsorted(months, use)
    yt = np.asarray(target, dtype=float)[pos]
    yc = np.asarray(control, dtype=float)[pos]
    for name, y in (("site", yt), (control_name, yc)):
        if y[: len(run)].sum() == 0 or y[len(run) :].sum() == 0:
            return None, f"{name} has no incidents before or none after, so no step can be fitted"
    x, x_cf, group = _design(use, int(post[0]))
    fit, model, ses, dispersion, lags, p_lb = _fit(np.r_[yt, yc], x, group, len(use))
    beta, cov = np.asarray(fit.params), np.asarray(fit.cov_params())
    se = float(math.sqrt(cov[-1, -1]))
    if not math.isfinite(se):
        return None, "the model did not give a finite interval for the step"
    after_rows = x_cf[len(run) :]
    eta = after_rows @ beta
    se_eta = np.sqrt(np.einsum("ij,jk,ik->i", after_rows, cov, after_rows))
    band = tuple(
        (float(np.exp(e - Z95 * s)), float(np.exp(e + Z95 * s)))
        for e, s in zip(eta, se_eta, strict=True)
    )
    return (
        CITSResult(
            control=control_name,
            model=model,
            step_irr=float(np.exp(beta[-1])),
            step_ci95=(float(np.exp(beta[-1] - Z95 * se)), float(np.exp(beta[-1] + Z95 * se))),
            p_value=float(np.asarray(fit.pvalues)[-1]),
            standard_errors=ses,
            pearson_dispersion=dispersion,
            ljung_box_lags=lags,
            ljung_box_p=p_lb,
            pre_months=(month_label(run[0]), month_label(run[-1])),
            months_before=len(run),
            months_after=len(post),
            counterfactual_months=tuple(month_label(m) for m in post),
            counterfactual=tuple(float(v) for v in np.exp(eta)),
            counterfactual_ci95=band,
        ),
        None,
    )
