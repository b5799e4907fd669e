"""Interrupted time series for one area's monthly counts (segmented regression).

Model (Bernal, Cummins & Gasparrini 2017, "Interrupted time series regression for the
evaluation of public health interventions: a tutorial", Int J Epidemiology 46(1)):

    log E[y_t] = β0 + β1·t + Σ_k g_k·[month-of-year = k] + β2·post_t

``t`` months since the first month of the series, ``post_t = 1`` from the first after month,
months of year as indicators (the first month-of-year present is the reference). ``exp(β2)`` is
the step change at the intervention as an incidence rate ratio, with its 95% Wald interval.

Family: Poisson GLM; when its Pearson dispersion ``χ²/df`` exceeds 1.5 the counts are
overdispersed and a negative binomial (NB2, ``Var = μ + alpha·μ²``, alpha by maximum likelihood,
``statsmodels.discrete.discrete_model.NegativeBinomial``) is fitted instead; if that fails to
converge, a quasi-Poisson fit (Poisson with the scale set to the Pearson dispersion) is used
and named. Months the data do not cover are absent rows, never zeros; the partial intervention
month is left out by the caller.

Requires at least 24 months before (two of each month of year, so trend and season can be told
apart) and 3 after (a step from one or two months is a single residual).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

__all__ = ["ITSResult", "interrupted_time_series", "its_design"]

MIN_MONTHS_BEFORE = 24
MIN_MONTHS_AFTER = 3
NB_DISPERSION_THRESHOLD = 1.5


@dataclass(frozen=True)
class ITSResult:
    """Step change as an incidence rate ratio, with the model that produced it."""

    model: str
    step_irr: float
    step_ci95: tuple[float, float]
    p_value: float
    trend_irr_per_month: float
    pearson_dispersion: float
    nb_alpha: float | None
    months_before: int
    months_after: int

    def to_dict(self) -> dict:
        return {
            "model": self.model,
            "step_irr": self.step_irr,
            "step_irr_ci95": list(self.step_ci95),
            "p_value": self.p_value,
            "trend_irr_per_month": self.trend_irr_per_month,
            "pearson_dispersion": self.pearson_dispersion,
            "nb_alpha": self.nb_alpha,
            "months_before": self.months_before,
            "months_after": self.months_after,
        }


def its_design(months: np.ndarray, step_month: int) -> tuple[np.ndarray, list[str]]:
    """Design matrix ``[const, t, moy_k…, post]`` for month indices (months since 1970-01)."""
    months = np.asarray(months, dtype=np.int64)
    t = (months - months.min()).astype(float)
    moy = months % 12  # 0 = January
    levels = np.unique(moy)
    columns = [np.ones_like(t), t]
    names = ["const", "t"]
    for level in levels[1:]:
        columns.append((moy == level).astype(float))
        names.append(f"moy_{level + 1:02d}")
    columns.append((months >= step_month).astype(float))
    names.append("post")
    return np.column_stack(columns), names


def interrupted_time_series(
    months: np.ndarray, counts: np.ndarray, *, step_month: int
) -> tuple[ITSResult | None, str | None]:
    """Fit the segmented regression; returns ``(result, None)`` or ``(None, reason)``."""
    months = np.asarray(months, dtype=np.int64)
    y = np.asarray(counts, dtype=float)
    pre, post = int(np.sum(months < step_month)), int(np.sum(months >= step_month))
    if pre < MIN_MONTHS_BEFORE:
        return None, (
            f"it needs at least {MIN_MONTHS_BEFORE} months "
            f"before the intervention to separate trend and season from the change, and the "
            f"data have {pre}"
        )
    if post < MIN_MONTHS_AFTER:
        return None, (
            f"it needs at least {MIN_MONTHS_AFTER} months after the intervention "
            f"and the data have {post}"
        )
    if y[months < step_month].sum() == 0 or y[months >= step_month].sum() == 0:
        return None, "there are no incidents before or none after, so the step cannot be estimated"

    import statsmodels.api as sm
    from statsmodels.discrete.discrete_model import NegativeBinomial

    x, names = its_design(months, step_month)
    k = names.index("post")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        poisson = sm.GLM(y, x, family=sm.families.Poisson()).fit()
        dispersion = float(poisson.pearson_chi2 / poisson.df_resid)
        fit, model, alpha = poisson, "Poisson", None
        if dispersion > NB_DISPERSION_THRESHOLD:
            try:
                nb = NegativeBinomial(y, x, loglike_method="nb2").fit(disp=0, maxiter=200)
                ok = bool(nb.mle_retvals.get("converged", False)) and np.all(np.isfinite(nb.bse))
            except (np.linalg.LinAlgError, ValueError):
                ok = False
            if ok:
                fit, model, alpha = nb, "negative binomial (NB2)", float(nb.params[-1])
            else:
                fit = sm.GLM(y, x, family=sm.families.Poisson()).fit(scale="X2")
                model = "quasi-Poisson (negative binomial did not converge)"
    params, ci = np.asarray(fit.params), np.asarray(fit.conf_int())
    pvalues = np.asarray(fit.pvalues)
    if not np.all(np.isfinite(ci[k])):
        return None, "the model did not give a finite interval for the step"
    return (
        ITSResult(
            model=model,
            step_irr=float(np.exp(params[k])),
            step_ci95=(float(np.exp(ci[k, 0])), float(np.exp(ci[k, 1]))),
            p_value=float(pvalues[k]),
            trend_irr_per_month=float(np.exp(params[1])),
            pearson_dispersion=dispersion,
            nb_alpha=alpha,
            months_before=pre,
            months_after=post,
        ),
        None,
    )
