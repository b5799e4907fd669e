"""Matched comparison areas and the synthetic control (issue 18, item 4): a candidate built to
match the site is chosen first, the synthetic weights recover a known mix, the placebo p is a
rank, and bad input is refused with the reason."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearhold.analysis.comparison import (
    GOOD_MATCH,
    MIN_BEFORE_MONTHS,
    area_month_counts,
    compare_areas,
    recommend,
)
from clearhold.analysis.comparison_result import MatchedComparison, SyntheticControl
from clearhold.analysis.evaluate import EvaluationInputError, evaluate
from clearhold.analysis.res import relative_effect_size
from clearhold.analysis.synthetic import synthetic_control, synthetic_weights
from tests.analysis.evaluate_fixtures import ASB, TARGET, build, join, monthly

BEFORE, AFTER = 12, 6
MONTHS = BEFORE + AFTER


def _incidents(counts: np.ndarray, names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """One (area, month position) pair per incident from an areas × months count matrix."""
    rows, cols = np.nonzero(counts)
    reps = counts[rows, cols]
    return np.repeat(np.asarray(names, dtype=object)[rows], reps), np.repeat(cols, reps)


def _world(seed: int = 3, candidates: int = 40):
    """A site at about 6 a month falling by 0.2 a month, candidates at random levels and
    trends, and one candidate ('Twin') drawn from the site's own level and trend."""
    rng = np.random.default_rng(seed)
    t = np.arange(MONTHS)
    site_rate = np.clip(6.0 - 0.2 * (t - 5.5), 0.5, None)
    target = rng.poisson(site_rate)
    levels = rng.uniform(1, 30, candidates)
    slopes = rng.uniform(-0.8, 0.8, candidates)
    rates = np.clip(levels[:, None] + slopes[:, None] * (t - 5.5), 0.2, None)
    counts = rng.poisson(rates)
    counts[0] = np.round(site_rate).astype(int)
    names = ["Twin"] + [f"Area {i:03d}" for i in range(1, candidates)]
    return target, counts, names


def _compare(target, counts, names, methods=("matched", "synthetic"), **kwargs):
    area, pos = _incidents(counts, names)
    site_area, site_pos = _incidents(target[None, :], ["Site LSOA"])
    return compare_areas(
        methods=methods,
        area=np.concatenate([area, site_area]),
        month_pos=np.concatenate([pos, site_pos]),
        in_site=np.r_[np.zeros(area.size, bool), np.ones(site_area.size, bool)],
        target_series=target,
        before=np.arange(BEFORE),
        after=np.arange(BEFORE, MONTHS),
        **kwargs,
    )


def test_the_candidate_built_to_match_the_site_is_chosen_first():
    target, counts, names = _world()
    result = _compare(target, counts, names, methods=("matched",))
    first = result.matched.areas[0]
    assert first.area == "Twin"
    assert first.distance == min(a.distance for a in result.matched.areas)
    assert [a.distance for a in result.matched.areas] == sorted(
        a.distance for a in result.matched.areas
    )
    assert len(result.matched.areas) == 5
    assert result.excluded == ("Site LSOA",)
    assert result.candidates == len(names)


def test_matched_res_is_the_res_against_the_pooled_matched_areas():
    target, counts, names = _world(seed=8)
    matched = _compare(target, counts, names, methods=("matched",), k=3).matched
    rows = [names.index(a.area) for a in matched.areas]
    pooled = counts[rows].sum(axis=0)
    cb, ca = pooled[:BEFORE].sum(), pooled[BEFORE:].sum()
    tb, ta = target[:BEFORE].sum(), target[BEFORE:].sum()
    expected = relative_effect_size(tb=tb, ta=ta, cb=cb, ca=ca)
    assert matched.res.res == pytest.approx(expected.res)
    assert matched.res.ci95_poisson == pytest.approx(expected.ci95_poisson)
    assert matched.res.ci95_overdispersed is not None
    low, high = matched.res.ci95_overdispersed
    assert low <= matched.res.ci95_poisson[0]
    assert high >= matched.res.ci95_poisson[1]
    assert (matched.control_before, matched.control_after) == (cb, ca)


def test_synthetic_weights_recover_a_known_convex_mix():
    rng = np.random.default_rng(11)
    donors = rng.uniform(2, 20, size=(6, 24))
    truth = np.array([0.5, 0.3, 0.0, 0.2, 0.0, 0.0])
    w = synthetic_weights(truth @ donors, donors)
    assert w.sum() == pytest.approx(1.0)
    assert (w >= 0).all()
    assert w == pytest.approx(truth, abs=0.02)


def test_placebo_p_is_the_sites_rank_among_the_placebos():
    target, counts, names = _world(seed=5)
    synthetic = _compare(target, counts, names, methods=("synthetic",)).synthetic
    j = synthetic.placebo_count
    assert 0 < synthetic.placebo_p <= 1
    rank = synthetic.placebo_p * (j + 1)
    assert rank == pytest.approx(round(rank))
    assert round(rank) >= 1
    assert sum(w for _, w in synthetic.weights) == pytest.approx(1.0, abs=0.02)
    assert synthetic.donors == j == 20


def test_a_site_with_a_real_fall_ranks_first_among_placebos():
    """Donors are exact copies of smooth series, the site follows a mix of them and then
    halves: no placebo's post/pre gap ratio comes near the site's."""
    t = np.arange(MONTHS, dtype=float)
    donors = np.array([10 + k + np.sin(t / (k + 1)) * 2 for k in range(8)])
    site = 0.6 * donors[1] + 0.4 * donors[5] + np.sin(7 * t) * 0.05
    site[BEFORE:] *= 0.5
    result = synthetic_control(
        target_pre=site[:BEFORE],
        target_post=site[BEFORE:],
        donors_pre=donors[:, :BEFORE],
        donors_post=donors[:, BEFORE:],
        names=[str(k) for k in range(8)],
    )
    assert result.placebo_p == pytest.approx(1 / 9)
    assert result.change_pct == pytest.approx(-50, abs=3)


def test_no_candidates_is_refused_with_the_reason():
    target, _, _ = _world()
    with pytest.raises(EvaluationInputError, match="no candidate comparison areas"):
        compare_areas(
            methods=("matched",),
            area=np.array(["A", "B"], dtype=object),
            month_pos=np.array([0, 1]),
            in_site=np.array([True, True]),
            target_series=target,
            before=np.arange(BEFORE),
            after=np.arange(BEFORE, MONTHS),
        )


def test_a_short_before_window_is_refused_with_the_reason():
    target, counts, names = _world()
    area, pos = _incidents(counts, names)
    with pytest.raises(EvaluationInputError, match=f"at least {MIN_BEFORE_MONTHS} months"):
        compare_areas(
            methods=("synthetic",),
            area=area,
            month_pos=pos,
            in_site=np.zeros(area.size, bool),
            target_series=target,
            before=np.arange(BEFORE - MIN_BEFORE_MONTHS + 1, BEFORE),
            after=np.arange(BEFORE, MONTHS),
        )


def test_an_unknown_method_is_refused():
    target, counts, names = _world()
    with pytest.raises(EvaluationInputError, match="unknown comparison"):
        _compare(target, counts, names, methods=("nearest",))


def _synthetic(rmspe: float, noise: float) -> SyntheticControl:
    return SyntheticControl((("A", 1.0),), 3, rmspe, noise, 5, 6.0, -16.7, 1.0, 0.5, 3)


def _matched(distance: float) -> MatchedComparison:
    res = relative_effect_size(tb=20, ta=10, cb=100, ca=100)
    return MatchedComparison((), res, 100, 100, 0.0, distance)


def test_recommendation_follows_the_fit_and_says_why():
    assert recommend(_matched(0.5), _synthetic(1.0, 1.2)).use == "synthetic"
    matched = recommend(_matched(GOOD_MATCH / 2), _synthetic(2.0, 1.2))
    assert matched.use == "matched"
    assert "2.00" in matched.reason
    assert "1.20" in matched.reason
    caution = recommend(_matched(GOOD_MATCH * 2), _synthetic(2.0, 1.2))
    assert caution.use == "caution"
    assert "2.00 spreads" in caution.reason
    assert recommend(None, None).use == "caution"


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["", None, "A", "B", "C 1"]), st.integers(0, 5)),
        max_size=60,
    )
)
def test_area_month_counts_agree_with_a_crosstab(rows):
    area = np.array([a for a, _ in rows], dtype=object)
    pos = np.array([m for _, m in rows], dtype=np.int64)
    names, counts = area_month_counts(area, pos, 6)
    frame = pd.DataFrame({"area": area, "month": pos})
    frame = frame[frame["area"].notna() & (frame["area"] != "")]
    table = pd.crosstab(frame["area"], frame["month"]).reindex(columns=range(6), fill_value=0)
    assert names.tolist() == table.index.tolist()
    assert counts.tolist() == table.to_numpy().tolist()


def _evaluation_world():
    cells = monthly("target", "2024-01", "2024-12", 6) | monthly("control", "2024-01", "2024-12", 9)
    incidents = join(build(cells))
    area = np.where(incidents.easting > 501_000, "Control LSOA", "Site LSOA").astype(object)
    rng = np.random.default_rng(2)
    extra = {f"LSOA {k}": rng.poisson(3 + k, 12) for k in range(6)}
    for name, per_month in extra.items():
        more = build({("control", f"2024-{i + 1:02d}"): int(n) for i, n in enumerate(per_month)})
        incidents = join(incidents, more)
        area = np.concatenate([area, np.full(more.easting.size, name, dtype=object)])
    return incidents, area


def test_evaluate_adds_the_comparison_only_when_asked():
    incidents, area = _evaluation_world()
    common = dict(incidents.kwargs(), target=TARGET, intervention="2024-09-01", months_before=8)
    plain = evaluate(**common, categories=[ASB])
    assert "comparison" not in plain.to_dict()
    compared = evaluate(**common, categories=[ASB], area=area, comparison=["matched", "area"])
    out = compared.to_dict()["comparison"]
    assert out["excluded_areas"] == ["Site LSOA"]
    assert out["area"]["res"] == pytest.approx(plain.res.res)
    assert len(out["matched"]["areas"]) == 5
    assert out["recommendation"]["use"] in ("matched", "caution")
    with pytest.raises(EvaluationInputError, match="needs each incident's area"):
        evaluate(**common, categories=[ASB], comparison=["matched"])


def _fit(site: np.ndarray, donors: np.ndarray) -> SyntheticControl:
    return synthetic_control(
        target_pre=site[:BEFORE],
        target_post=site[BEFORE:],
        donors_pre=donors[:, :BEFORE],
        donors_post=donors[:, BEFORE:],
        names=[f"D{k}" for k in range(donors.shape[0])],
    )


def test_a_site_inside_the_donors_range_fits_within_noise_and_one_above_it_does_not():
    rng = np.random.default_rng(4)
    donors = rng.poisson(rng.uniform(5, 40, (10, 1)), (10, MONTHS)).astype(float)
    inside = _fit(0.5 * donors[2] + 0.5 * donors[7], donors)
    assert inside.fit_within_noise
    assert recommend(None, inside).use == "synthetic"
    above = _fit(donors.max(axis=0) * 3, donors)
    assert not above.fit_within_noise
    assert recommend(None, above).use == "caution"
    assert f"{above.rmspe_pre:.2f}" in recommend(None, above).reason


def test_comparison_rows_say_the_figures_and_nothing_without_a_comparison():
    from clearhold.analysis.comparison_rows import comparison_rows

    assert comparison_rows({"res": 1.0}) == []
    target, counts, names = _world(seed=6)
    result = _compare(target, counts, names, methods=("matched", "synthetic"))
    rows = dict(comparison_rows({"comparison": result.to_dict()}))
    matched = result.matched
    assert rows["Relative effect size against the matched areas"].startswith(
        f"{matched.res.res:.2f} (95% {matched.res.ci95_overdispersed[0]:.2f}–"
    )
    assert rows["Placebo-in-space p"].startswith(f"{result.synthetic.placebo_p:.2f}")
    assert result.recommendation.text in rows["Recommended comparison"]
