"""Permutation inference for Gi* (issue 18, item 12): conditional randomisation, pseudo p-values
and the same FDR classes as the analytic z; seeded, masked, and refused on large grids."""

from __future__ import annotations

import numpy as np
import pytest

from clearhold.analysis.gistar import classes_from_p, disc_stencil, gi_star, gi_star_classes
from clearhold.analysis.gistar_permutation import _draws, permutation_p
from clearhold.analysis.hotspot_limits import HotspotInputError
from clearhold.analysis.hotspots import HotspotSettings, hotspot_report


@pytest.fixture
def planted():
    """A 30 × 30 grid of sparse counts with one 3 × 3 cluster planted at rows/cols 12–14."""
    rng = np.random.default_rng(3)
    x = rng.poisson(0.5, (30, 30))
    x[12:15, 12:15] += rng.poisson(6, (3, 3))
    return x


def test_permutation_and_analytic_classes_agree_on_the_planted_cluster(planted):
    analytic = gi_star_classes(gi_star(planted, 100.0, 300.0))
    p, sign = permutation_p(planted, 100.0, 300.0, seed=11)
    permuted = classes_from_p(p, sign)
    cluster = np.zeros(planted.shape, dtype=bool)
    cluster[12:15, 12:15] = True
    assert (analytic[cluster] > 0).all()
    assert (permuted[cluster] > 0).all()
    # every cell the permutation test calls hot, the analytic z calls hot too
    assert (analytic[permuted > 0] > 0).all()
    assert (permuted < 0).sum() == 0


def test_the_same_seed_gives_the_same_result_and_another_seed_differs(planted):
    first = permutation_p(planted, 100.0, 300.0, seed=5)
    again = permutation_p(planted, 100.0, 300.0, seed=5)
    other = permutation_p(planted, 100.0, 300.0, seed=6)
    np.testing.assert_array_equal(first[0], again[0])
    np.testing.assert_array_equal(first[1], again[1])
    assert not np.array_equal(first[0], other[0])


def test_p_values_count_the_draws_as_a_direct_loop_does():
    """The vectorised tally equals a plain loop over cells with the same draws."""
    rng = np.random.default_rng(8)
    x = rng.poisson(1.5, (7, 9))
    x[3, 4] = 12
    p, _ = permutation_p(x, 100.0, 200.0, permutations=199, seed=4)
    values = x.ravel().astype(float)
    w = disc_stencil(100.0, 200.0)
    draws = _draws(values.size - 1, int(w.sum()) - 1, 199, 4)
    for i, (r, c) in enumerate(np.ndindex(x.shape)):
        window = [
            x[r + dr, c + dc]
            for dr in range(-2, 3)
            for dc in range(-2, 3)
            if w[dr + 2, dc + 2] and 0 <= r + dr < 7 and 0 <= c + dc < 9
        ]
        others = np.delete(values, i)
        sums = others[draws[:, : len(window) - 1]].sum(axis=1) + values[i]
        ge, le = (sums >= sum(window)).sum(), (sums <= sum(window)).sum()
        assert p[r, c] == pytest.approx(min(1.0, 2 * (1 + min(ge, le)) / 200))


def test_cells_outside_the_mask_are_never_drawn_and_have_no_p(planted):
    mask = np.ones(planted.shape, dtype=bool)
    mask[:, :5] = False
    loud = planted.copy()
    loud[:, :5] = 1_000
    p, sign = permutation_p(planted, 100.0, 300.0, mask=mask, seed=2)
    p_loud, sign_loud = permutation_p(loud, 100.0, 300.0, mask=mask, seed=2)
    np.testing.assert_array_equal(p, p_loud)
    np.testing.assert_array_equal(sign, sign_loud)
    assert np.isnan(p[:, :5]).all()
    assert (classes_from_p(p, sign)[:, :5] == 0).all()
    assert np.nanmin(p) >= 2 / 1_000


def test_equal_counts_give_no_evidence():
    p, sign = permutation_p(np.full((6, 6), 3), 100.0, 200.0, seed=1)
    assert (p == 1).all()
    assert (sign == 0).all()


def test_a_large_grid_is_refused_with_the_reason():
    with pytest.raises(HotspotInputError, match="Permutation inference on 40,000 cells"):
        permutation_p(np.zeros((200, 200)), 100.0, 300.0, seed=1)


def test_the_report_runs_permutation_inference_with_its_seed_and_note():
    rng = np.random.default_rng(4)
    background = rng.uniform([540_000, 300_000], [542_000, 302_000], size=(300, 2))
    cluster = rng.normal([541_000, 301_000], 40, size=(120, 2))
    xy = np.vstack([background, cluster])
    keys = np.array([f"{a:.0f},{b:.0f}" for a, b in xy], dtype=object)

    def run(**options):
        return hotspot_report(
            easting=xy[:, 0],
            northing=xy[:, 1],
            place_keys=keys,
            place_labels=keys,
            months=np.full(len(xy), "2024-03", dtype="datetime64[M]"),
            month_start="2024-01",
            month_end="2024-06",
            settings=HotspotSettings(**options),
        )

    analytic = run()
    permuted = run(inference="permutation", seed=99)
    assert permuted.settings.seed == 99
    assert any("seed 99" in note for note in permuted.notes)
    assert permuted.to_dict()["settings"]["inference"] == "permutation"
    top = permuted.clusters[0]
    assert top.outline.intersects(analytic.clusters[0].outline)
    np.testing.assert_array_equal(permuted.classes, run(inference="permutation", seed=99).classes)
    fresh = run(inference="permutation")
    assert fresh.settings.seed is not None  # a fresh seed, named so the run can be repeated
    with pytest.raises(HotspotInputError, match="Unknown inference"):
        run(inference="bootstrap")
