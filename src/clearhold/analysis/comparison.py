"""A fair comparison for a site: matched comparison areas and a synthetic control, chosen from
the small areas (LSOAs) in the same data, instead of a district- or force-wide control whose own
change and dispersion can swamp a site's.

**Candidates** are the areas (police.uk gives each incident its LSOA) with any incident of the
chosen categories in the data, less every area with an incident inside the site or its buffer.
Each candidate's monthly counts over the evaluation's before window give its **level** (mean a
month) and **trend** (least-squares slope, incidents a month per month).

**Matched** (Eck 2002; Bowers & Johnson 2003 on like-for-like controls): the ``k`` candidates
closest to the site on level and trend together, by the distance
``sqrt(((m - m_site)/s_m)² + ((b - b_site)/s_b)²)`` with ``s_m``, ``s_b`` the spread (standard
deviation) of the candidates' levels and slopes, so one unit is one spread on both. Their counts
are pooled into one control and the relative effect size is computed against it with both
intervals (:mod:`~clearhold.analysis.res`).

**Synthetic** (:mod:`~clearhold.analysis.synthetic`): the ``max_donors`` closest candidates by the
same distance are the donor pool.

**Recommendation**: the synthetic control when its pre-period fit is within the noise of monthly
counts; else the matched areas when they sit within one spread of the site on average
(:data:`GOOD_MATCH`); else read with caution, saying why.

Pure numpy/scipy/pandas: no Django import.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd

from clearhold.analysis.comparison_result import (
    AreaControl,
    Comparison,
    MatchedArea,
    MatchedComparison,
    Recommendation,
    SyntheticControl,
)
from clearhold.analysis.periods import EvaluationInputError
from clearhold.analysis.res import RelativeEffectSize, monthly_dispersion, relative_effect_size
from clearhold.analysis.synthetic import synthetic_control

__all__ = [
    "DEFAULT_K",
    "GOOD_MATCH",
    "MAX_DONORS",
    "METHODS",
    "MIN_BEFORE_MONTHS",
    "area_month_counts",
    "compare_areas",
    "level_and_trend",
    "match_order",
    "recommend",
]

METHODS = ("matched", "synthetic", "area")
DEFAULT_K = 5
MAX_DONORS = 20
#: Fewest before months a level and a trend are read from.
MIN_BEFORE_MONTHS = 6
#: Mean standardised distance at or below which matched areas count as a good match.
GOOD_MATCH = 1.0


def area_month_counts(
    area: np.ndarray, month_pos: np.ndarray, n_months: int
) -> tuple[np.ndarray, np.ndarray]:
    """(area names, sorted, and counts areas × months) from one area label and month position
    per incident; incidents without an area (empty or ``None``) are left out. Labels are
    hashed (``pandas.factorize``), not sorted, so a force's year of rows takes milliseconds."""
    codes, uniques = pd.factorize(np.asarray(area, dtype=object), use_na_sentinel=True)
    uniques = np.asarray(uniques, dtype=object).astype(str)
    named = uniques != ""
    order = np.argsort(uniques[named], kind="stable")
    names = uniques[named][order]
    new_index = np.full(uniques.size + 1, -1, dtype=np.int64)  # the last slot: code -1
    new_index[np.flatnonzero(named)[order]] = np.arange(names.size)
    index = new_index[codes]
    has = index >= 0
    flat = index[has] * n_months + np.asarray(month_pos, dtype=np.int64)[has]
    counts = np.bincount(flat, minlength=names.size * n_months)
    return names, counts.reshape(names.size, n_months)


def level_and_trend(series: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and least-squares slope of each row of ``series`` (rows × months) over times ``t``."""
    y = np.asarray(series, dtype=float)
    tc = np.asarray(t, dtype=float) - np.mean(t)
    mean = y.mean(axis=-1)
    slope = (y - mean[..., None]) @ tc / float(tc @ tc)
    return mean, slope


def _spread(values: np.ndarray) -> float:
    s = float(np.std(values, ddof=1)) if values.size > 1 else 0.0
    return s if np.isfinite(s) and s > 0 else 1.0


def match_order(
    target_pre: np.ndarray, candidates_pre: np.ndarray, t: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(order closest first, distances, levels, slopes) of the candidates against the site."""
    m_t, b_t = level_and_trend(target_pre, t)
    means, slopes = level_and_trend(candidates_pre, t)
    dist = np.hypot((means - m_t) / _spread(means), (slopes - b_t) / _spread(slopes))
    return np.argsort(dist, kind="stable"), dist, means, slopes


def _matched(target, counts, names, order, stats, before, after, k) -> MatchedComparison:
    dist, means, slopes = stats
    chosen = order[:k]
    pooled = counts[chosen].sum(axis=0)
    tb, ta = int(target[before].sum()), int(target[after].sum())
    cb, ca = int(pooled[before].sum()), int(pooled[after].sum())
    phi_t = monthly_dispersion(target[before], target[after]).phi
    phi_c = monthly_dispersion(pooled[before], pooled[after]).phi
    change = None
    if cb > 0:
        change = 100.0 * ((ca / len(after)) / (cb / len(before)) - 1.0)
    areas = tuple(
        MatchedArea(
            area=str(names[i]),
            pre_mean=float(means[i]),
            slope=float(slopes[i]),
            distance=float(dist[i]),
            before=int(counts[i, before].sum()),
            after=int(counts[i, after].sum()),
        )
        for i in chosen
    )
    return MatchedComparison(
        areas=areas,
        res=relative_effect_size(tb=tb, ta=ta, cb=cb, ca=ca, phi_target=phi_t, phi_control=phi_c),
        control_before=cb,
        control_after=ca,
        control_change_pct=change,
        mean_distance=float(np.mean(dist[chosen])),
    )


def _check(methods, before, after, names) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(methods))
    unknown = [m for m in chosen if m not in METHODS]
    if unknown:
        raise EvaluationInputError(
            f"unknown comparison {unknown}; choose from {', '.join(METHODS)}"
        )
    if len(before) < MIN_BEFORE_MONTHS:
        raise EvaluationInputError(
            f"a matched or synthetic comparison needs at least {MIN_BEFORE_MONTHS} months "
            f"before the intervention to read each area's level and trend; the before window "
            f"has {len(before)}"
        )
    if len(after) < 1:
        raise EvaluationInputError("a comparison needs at least one month after the intervention")
    if names.size == 0:
        raise EvaluationInputError(
            "no candidate comparison areas: no incident outside the site and its buffer has an "
            "area (LSOA) code, or every area with one touches the site or its buffer"
        )
    return chosen


def compare_areas(
    *,
    methods: Collection[str],
    area: np.ndarray,
    month_pos: np.ndarray,
    in_site: np.ndarray,
    target_series: np.ndarray,
    before: np.ndarray,
    after: np.ndarray,
    area_res: RelativeEffectSize | None = None,
    area_change_pct: float | None = None,
    k: int = DEFAULT_K,
    max_donors: int = MAX_DONORS,
) -> Comparison:
    """Compare the site with matched areas and/or a synthetic control (``methods`` from
    :data:`METHODS`; ``'area'`` sets the evaluation's own control beside them).

    ``area``/``month_pos``/``in_site``: per incident of the chosen categories, its area label,
    its month's position in ``target_series`` and whether it lies in the site or its buffer.
    ``before``/``after``: positions of the windows' months. Raises ``EvaluationInputError``
    with no candidates or fewer than :data:`MIN_BEFORE_MONTHS` months before.
    """
    before = np.asarray(before, dtype=np.int64)
    after = np.asarray(after, dtype=np.int64)
    target = np.asarray(target_series, dtype=np.int64)
    area = np.asarray(area, dtype=object)
    excluded = sorted({str(a) for a in area[np.asarray(in_site, dtype=bool)] if a})
    names, counts = area_month_counts(area, month_pos, target.size)
    keep = ~np.isin(names, excluded)
    names, counts = names[keep], counts[keep]
    chosen = _check(methods, before, after, names)
    t = before.astype(float)
    order, dist, means, slopes = match_order(target[before], counts[:, before], t)
    m_t, b_t = level_and_trend(target[before], t)
    matched = synthetic = None
    if "matched" in chosen:
        matched = _matched(
            target, counts, names, order, (dist, means, slopes), before, after, max(1, k)
        )
    if "synthetic" in chosen:
        donors = order[:max_donors]
        synthetic = synthetic_control(
            target_pre=target[before],
            target_post=target[after],
            donors_pre=counts[donors][:, before],
            donors_post=counts[donors][:, after],
            names=names[donors],
        )
    area_control = None
    if "area" in chosen and area_res is not None:
        area_control = AreaControl(area_res, area_change_pct)
    return Comparison(
        methods=chosen,
        candidates=int(names.size),
        excluded=tuple(excluded),
        before_months=int(before.size),
        after_months=int(after.size),
        target_pre_mean=float(m_t),
        target_slope=float(b_t),
        matched=matched,
        synthetic=synthetic,
        area=area_control,
        recommendation=recommend(matched, synthetic),
    )


def recommend(
    matched: MatchedComparison | None, synthetic: SyntheticControl | None
) -> Recommendation:
    """Synthetic when its pre-period fit is within noise; else matched when the areas are a
    good match; else caution, with the reason."""
    if synthetic is not None and synthetic.fit_within_noise:
        return Recommendation(
            "synthetic",
            "Use the synthetic control: its pre-period fit is within noise.",
            f"before the intervention it misses the site by {synthetic.rmspe_pre:.2f} incidents "
            f"a month (RMSPE), no more than the {synthetic.noise:.2f} that monthly variation "
            f"alone would give, using {len(synthetic.weights)} of {synthetic.donors} donor areas",
        )
    synth_why = ""
    if synthetic is not None:
        synth_why = (
            f"the synthetic control misses the site's before months by "
            f"{synthetic.rmspe_pre:.2f} a month, more than the {synthetic.noise:.2f} noise"
        )
    if matched is not None and matched.mean_distance <= GOOD_MATCH:
        why = (
            f"the {len(matched.areas)} matched areas' level and trend before are within "
            f"{matched.mean_distance:.2f} spreads of the site's on average"
        )
        return Recommendation(
            "matched",
            "Use the matched areas: they had the site's level and trend before.",
            f"{why}; {synth_why}" if synth_why else why,
        )
    reasons = [r for r in (synth_why,) if r]
    if matched is not None:
        reasons.append(
            f"the matched areas are {matched.mean_distance:.2f} spreads from the site's "
            f"level and trend on average (more than {GOOD_MATCH:g})"
        )
    if not reasons:
        reasons.append(
            "only the area control was asked for, and a district- or force-wide control can "
            "move for reasons of its own; ask for matched areas or a synthetic control"
        )
    return Recommendation(
        "caution",
        "Read with caution: no comparison tracked the site before the intervention.",
        "; ".join(reasons),
    )
