"""Emerging hot spot patterns: each rule on hand-made month flags, each pattern planted in a
synthetic space-time cube and found again, and the space-time Gi* against a direct sum."""

from __future__ import annotations

import doctest
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearhold.analysis import emerging as module
from clearhold.analysis.emerging import (
    EmergingPattern as P,
)
from clearhold.analysis.emerging import (
    classify_patterns,
    monthly_gi_star,
    significant_months,
)
from clearhold.analysis.emerging_report import emerging_report
from clearhold.analysis.fdr import bh_adjust, two_sided_p
from clearhold.analysis.gistar import gi_star
from clearhold.analysis.grid import Grid, cell_centres
from clearhold.analysis.mann_kendall import MannKendall

N = 24


def flags(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Months as characters: H hot, C cold, . neither (any length, padded on the left with .)."""
    text = text.rjust(N, ".")
    return np.array([c == "H" for c in text]), np.array([c == "C" for c in text])


def trend(direction: int) -> MannKendall:
    """A significant rise (+1), fall (−1) or no trend (0)."""
    s = np.array([50.0 * direction])
    p = np.array([0.001 if direction else 0.6])
    return MannKendall(s=s, var_s=np.array([1650.0]), z=np.sign(s), p=p, tau=s / 276)


def classify(text: str, direction: int = 0) -> P:
    hot, cold = flags(text)
    return P(int(classify_patterns(hot[None], cold[None], trend(direction))[0]))


RULES = [
    ("H", 0, P.NEW),
    ("HHH", 0, P.CONSECUTIVE),
    ("H" * 24, 1, P.INTENSIFYING),
    ("H" * 24, 0, P.PERSISTENT),
    ("H" * 22 + ".H", -1, P.DIMINISHING),
    ("H...H..H", 0, P.SPORADIC),
    ("C....H", 0, P.OSCILLATING),
    ("C..HHH", 0, P.OSCILLATING),  # a cold spot before: not consecutive
    ("H" * 22 + "..", 0, P.HISTORICAL),
    ("H" * 22 + "..", -1, P.HISTORICAL),
    ("C", 0, P.NEW_COLD),
    ("CCCC", 0, P.CONSECUTIVE_COLD),
    ("C" * 24, -1, P.INTENSIFYING_COLD),
    ("C" * 24, 0, P.PERSISTENT_COLD),
    ("C" * 24, 1, P.DIMINISHING_COLD),
    ("C.C..C", 0, P.SPORADIC_COLD),
    ("H.C", 0, P.OSCILLATING_COLD),
    ("H" * 22 + ".C", 0, P.OSCILLATING_COLD),  # the last month decides, not the history
    ("C" * 23 + ".", 0, P.HISTORICAL_COLD),
    ("", 0, P.NONE),
    ("H.", 0, P.NONE),  # hot once, not in the last month, under 90%
    ("H" * 20 + "...H", 1, P.SPORADIC),  # 21 of 24 hot is under 90%
]


@pytest.mark.parametrize(("months", "direction", "expected"), RULES)
def test_each_rule(months, direction, expected):
    assert classify(months, direction) is expected


def test_ninety_percent_is_the_threshold():
    assert classify("." * 2 + "H" * 22, 0) is P.PERSISTENT  # 22/24 = 91.7%
    assert classify("." * 3 + "H" * 21, 0) is P.CONSECUTIVE  # 21/24 = 87.5%, one run


def test_rows_are_classified_independently():
    rows = ["H", "H" * 24, "C" * 23 + ".", ""]
    hot, cold = map(np.array, zip(*(flags(r) for r in rows), strict=True))
    mk = MannKendall(*(np.zeros(4) for _ in range(3)), p=np.ones(4), tau=np.zeros(4))
    got = classify_patterns(hot, cold, mk).tolist()
    assert got == [P.NEW, P.PERSISTENT, P.HISTORICAL_COLD, P.NONE]


def one_cell(hot: list[bool], cold: list[bool], rising: bool, falling: bool) -> P:
    """The rules of the module docstring for one cell, written out month by month."""
    n = len(hot)
    for this, other, towards, away, sign in (
        (hot, cold, rising, falling, ""),
        (cold, hot, falling, rising, "_COLD"),
    ):
        if not this[-1]:
            continue
        run = n - max((t + 1 for t in range(n) if not this[t]), default=0)
        share = sum(this) / n
        earlier = [this[t] or other[t] for t in range(n - run)]
        if share >= 0.9:
            name = "INTENSIFYING" if towards else "DIMINISHING" if away else "PERSISTENT"
        elif not any(earlier):
            name = "NEW" if run == 1 else "CONSECUTIVE"
        else:
            name = "OSCILLATING" if any(other) else "SPORADIC"
        return P[name + sign]
    if sum(hot) / n >= 0.9:
        return P.HISTORICAL
    if sum(cold) / n >= 0.9:
        return P.HISTORICAL_COLD
    return P.NONE


month_states = st.lists(st.sampled_from("HHHCC.."), min_size=10, max_size=30)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(month_states, st.integers(0, 30), st.sampled_from([-1, 0, 1])),
        min_size=1,
        max_size=8,
    )
)
def test_the_vectorised_rules_equal_the_rules_cell_by_cell(cells):
    n = min(len(months) for months, _, _ in cells)
    # quiet starts of any length, so new and consecutive patterns turn up
    texts = [(["."] * quiet + months[quiet:])[-n:] for months, quiet, _ in cells]
    hot = np.array([[m == "H" for m in t] for t in texts])
    cold = np.array([[m == "C" for m in t] for t in texts])
    # mostly-hot rows are rare at random: make every other row hot but for a few months
    hot[::2, 1:] |= ~cold[::2, 1:]
    hot[::2] &= ~cold[::2]
    direction = np.array([d for _, _, d in cells], dtype=float)
    trend = MannKendall(
        s=direction * 40,
        var_s=np.ones(len(cells)),
        z=direction,
        p=np.where(direction, 0.01, 0.5),
        tau=direction,
    )
    got = classify_patterns(hot, cold, trend)
    for row, pattern in enumerate(got):
        expected = one_cell(list(hot[row]), list(cold[row]), direction[row] > 0, direction[row] < 0)
        assert P(int(pattern)) is expected


def test_a_month_both_hot_and_cold_is_refused():
    with pytest.raises(ValueError, match="both"):
        classify_patterns(np.ones((1, 12), bool), np.ones((1, 12), bool), trend(0))


@pytest.mark.parametrize("pattern", list(P))
def test_labels_and_slugs_are_distinct_words(pattern):
    assert pattern.label[0].isupper()
    assert sum(p.slug == pattern.slug for p in P) == 1


# --- planted cubes -----------------------------------------------------------------------------

SIDE, CELL, RADIUS = 30, 100.0, 150.0  # a 3 x 3 Gi* window
LAMBDA = 5.0
HOT, COLD = 60, 0  # a hot cell's count in a hot month; a cold block's counts in a cold month
WHERE = (15, 15)
PLANTED = {
    P.NEW: "." * 23 + "H",
    P.CONSECUTIVE: "." * 20 + "HHHH",
    P.INTENSIFYING: "rise",
    P.PERSISTENT: "H" * 24,
    P.DIMINISHING: "fall",
    P.SPORADIC: "..H.....H....H.....H...H",
    P.OSCILLATING: "..CC........H.........HH",
    P.HISTORICAL: "H" * 22 + "..",
    P.NEW_COLD: "." * 23 + "C",
    P.CONSECUTIVE_COLD: "." * 19 + "CCCCC",
    P.PERSISTENT_COLD: "C" * 11 + "." + "C" * 12,
    P.SPORADIC_COLD: ".C......C.......C......C",
    P.OSCILLATING_COLD: "...H........H..........C",
    P.HISTORICAL_COLD: "C" * 23 + ".",
}


def planted_cube(months: str, seed: int = 7) -> np.ndarray:
    """Poisson(5) background with one planted cell following ``months``: H a count of 60,
    C its 3 x 3 block emptied, "rise"/"fall" hot every month with counts 40 → 130 or back."""
    rng = np.random.default_rng(seed)
    cube = rng.poisson(LAMBDA, size=(N, SIDE, SIDE))
    r, c = WHERE
    if months in ("rise", "fall"):
        ramp = np.linspace(40, 130, N).round().astype(int)
        cube[:, r, c] = ramp if months == "rise" else ramp[::-1]
        return cube
    for t, kind in enumerate(months):
        if kind == "H":
            cube[t, r, c] = HOT
        elif kind == "C":
            cube[t, r - 1 : r + 2, c - 1 : c + 2] = COLD
    return cube


def incidents(cube: np.ndarray, grid: Grid, start: str) -> tuple[np.ndarray, ...]:
    """One incident per count, at its cell's centre, in its month."""
    xc, yc = cell_centres(grid)
    t, r, c = np.nonzero(cube)
    repeat = cube[t, r, c]
    months = np.datetime64(start, "M") + np.repeat(t, repeat)
    return np.repeat(xc[r, c], repeat), np.repeat(yc[r, c], repeat), months


def planted_report(months: str):
    grid = Grid(500_000.0, 200_000.0, CELL, nx=SIDE, ny=SIDE)
    x, y, in_month = incidents(planted_cube(months), grid, "2022-05")
    labels = np.array([f"On or near Row {int((v - grid.y0) // CELL)}" for v in y], dtype=object)
    report = emerging_report(
        grid=grid,
        radius=RADIUS,
        easting=x,
        northing=y,
        months=in_month,
        month_start="2022-05",
        month_end="2024-04",
        place_labels=labels,
    )
    return report, {(c.row, c.col): c for c in report.cells}


@pytest.mark.parametrize(("expected", "months"), PLANTED.items(), ids=lambda v: str(v))
def test_each_planted_pattern_is_found(expected, months):
    _, by_cell = planted_report(months)
    assert by_cell[WHERE].label == expected.label


def test_the_report_counts_ranks_and_names_the_cells():
    report, by_cell = planted_report(PLANTED[P.PERSISTENT])
    assert report.n_analysed == SIDE * SIDE  # every cell has incidents in a Poisson(5) field
    assert sum(report.counts.values()) == report.n_analysed
    assert [c.rank for c in report.cells] == list(range(1, len(report.cells) + 1))
    hot = [c.pattern > 0 for c in report.cells]
    assert hot == sorted(hot, reverse=True)  # hot patterns first
    persistent = by_cell[WHERE]
    assert persistent.rank == 1  # the most incidents of the hot cells
    assert persistent.months_hot == 24
    assert persistent.months_cold == 0
    assert persistent.incidents == HOT * N
    assert persistent.last_month_incidents == HOT
    assert persistent.place == "On or near Row 15"
    assert report.to_dict()["patterns"]["Persistent hot spot"] >= 1


def test_the_trend_of_a_rising_and_a_falling_cell():
    rising = planted_report("rise")[1][WHERE]
    falling = planted_report("fall")[1][WHERE]
    assert rising.trend_tau > 0.5
    assert rising.trend_p < 0.05
    assert falling.trend_tau < -0.5
    assert falling.trend_p < 0.05


def test_cells_without_incidents_and_outside_the_area_are_not_analysed():
    grid = Grid(0.0, 0.0, CELL, nx=10, ny=10)
    cube = np.zeros((12, 10, 10), dtype=int)
    cube[:, 5, 5] = 3
    cube[-1, 2, 2] = 9
    x, y, months = incidents(cube, grid, "2025-01")
    mask = np.ones((10, 10), bool)
    mask[2, 2] = False
    report = emerging_report(
        grid=grid,
        radius=RADIUS,
        easting=x,
        northing=y,
        months=months,
        month_start="2025-01",
        month_end="2025-12",
        mask=mask,
    )
    assert report.n_analysed == 1
    assert [(c.row, c.col) for c in report.cells] == [(5, 5)]


def test_too_few_months_give_an_empty_report_that_says_why():
    grid = Grid(0.0, 0.0, CELL, nx=5, ny=5)
    report = emerging_report(
        grid=grid,
        radius=RADIUS,
        easting=np.array([250.0]),
        northing=np.array([250.0]),
        months=np.array(["2025-01"], dtype="datetime64[M]"),
        month_start="2025-01",
        month_end="2025-06",
    )
    assert report.cells == []
    assert "at least 10 months" in report.notes[0]


# --- Gi* of the cube ---------------------------------------------------------------------------


def direct_space_time_gi_star(cube, cell_size, radius, k, mask):
    """Gi* over every in-mask bin with w_ij = 1 when the cells lie within the radius and bin j
    is in the same month as bin i or one of the k months before: explicit sums, no FFT."""
    months, ny, nx = cube.shape
    bins = [(t, r, c) for t in range(months) for r in range(ny) for c in range(nx) if mask[r, c]]
    x = np.array([cube[b] for b in bins], dtype=float)
    n, x_bar = x.size, x.mean()
    S = math.sqrt((x**2).mean() - x_bar**2)
    z = np.full(cube.shape, np.nan)
    for t, r, c in bins:
        w = np.array(
            [
                0 <= t - u <= k and math.hypot(r - rr, c - cc) * cell_size <= radius
                for u, rr, cc in bins
            ],
            dtype=float,
        )
        W = w.sum()
        z[t, r, c] = (w @ x - x_bar * W) / (S * math.sqrt((n * W - W * W) / (n - 1)))
    return z


@pytest.fixture(params=["scatter", "fft"])
def window_sums(request, monkeypatch):
    """Both ways of summing the windows: adding each bin to its window, and the FFT."""
    if request.param == "fft":
        monkeypatch.setattr(module, "SCATTER_PAIRS", 0)
    monkeypatch.setattr(module, "MONTHS_PER_STEP", 2)  # a few months at a time


@pytest.mark.usefixtures("window_sums")
@pytest.mark.parametrize("k", [1, 2])
def test_space_time_neighbourhood_equals_the_direct_sum(k):
    rng = np.random.default_rng(k)
    cube = rng.poisson(1.5, size=(5, 4, 6))
    mask = np.ones((4, 6), bool)
    mask[0, :2] = False
    got = monthly_gi_star(cube, 100.0, 150.0, mask=mask, time_window=k)
    np.testing.assert_allclose(got, direct_space_time_gi_star(cube, 100.0, 150.0, k, mask))


@pytest.mark.usefixtures("window_sums")
@pytest.mark.parametrize("masked", [False, True])
def test_a_time_window_of_zero_is_the_map_gi_star_of_each_month(masked):
    rng = np.random.default_rng(1)
    cube = rng.poisson(2.0, size=(5, 8, 9)).astype(float)
    cube[2] = 0  # a month without incidents: z 0 everywhere, as gi_star says
    cube[3] += rng.uniform(0, 1, size=(8, 9))  # not whole counts: no rounding
    cube[4] = 0.3  # every value equal but not whole: S = 0, z 0 everywhere
    mask = rng.uniform(size=(8, 9)) > 0.3 if masked else None
    got = monthly_gi_star(cube, 100.0, 300.0, mask=mask, time_window=0)
    for month, z in zip(cube, got, strict=True):
        np.testing.assert_allclose(z, gi_star(month, 100.0, 300.0, mask=mask), atol=1e-12)


@pytest.mark.parametrize("alpha", [0.01, 0.05, 0.10])
def test_significant_months_are_bh_within_each_month(alpha):
    rng = np.random.default_rng(int(alpha * 100))
    z = rng.normal(size=(6, 40, 50)) * rng.uniform(0.5, 3.0, size=(6, 1, 1))
    z[:, :3, :3] += 5.0
    z[1, 10:12] = np.nan  # outside the area
    z[4] = 0.0
    hot, cold = significant_months(z, alpha)
    for month in range(6):
        expected = bh_adjust(two_sided_p(z[month])) <= alpha
        np.testing.assert_array_equal(hot[month] | cold[month], expected)
    assert hot.any()
    assert cold.any()


def test_significance_is_controlled_within_each_month():
    z = np.zeros((2, 1, 100))
    z[0, 0, 0] = 2.0  # p 0.046 alone is significant; among 100 tests BH q is 1
    z[1, 0, :10] = 4.0
    z[1, 0, 10] = -4.0
    hot, cold = significant_months(z, 0.10)
    assert not hot[0].any()
    assert hot[1, 0, :10].all()
    assert cold[1, 0, 10]
    assert not cold[0].any()


def test_bad_time_windows_are_refused():
    with pytest.raises(ValueError, match="time_window"):
        monthly_gi_star(np.zeros((3, 2, 2)), 100.0, 100.0, time_window=-1)


def test_docstring_examples():
    assert doctest.testmod(module).failed == 0
