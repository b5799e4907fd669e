"""The Weighted Displacement Difference test (Wheeler & Ratcliffe 2018) and the control it uses.

The WDD is a difference-in-differences of counts: how much more the site (and its buffer) fell
than a control (and the control's own buffer) did, in incidents, with a standard error from the
Poisson variances of the eight counts. Because it is a difference of *counts*, not of ratios, the
control must be of the site's size: a district-wide control that moved by 20% adds hundreds of
incidents to the estimate and to its variance. So the evaluation uses, by default, a
**pool of same-size controls**: the site's outline (and its buffer ring) moved to the ``k``
(default 5) nearby positions (within 3 km, clear of the site, its buffer and each other) whose
before-window counts are nearest the site's (:func:`same_size_controls`), their counts
averaged. One matched spot alone is fragile: it was picked *for* its before count, so it is
itself subject to regression to the mean (at Wisbech the one spot with the site's 19 fell to
2); a mean of ``k`` is less so, and its variance is ``k`` times smaller. The user's own control
can be chosen instead.

Reference: Wheeler & Ratcliffe (2018) "A simple weighted displacement difference test to
evaluate place based crime interventions", Crime Science 7:11; the authors' R package
(``ptools::wdd``) for the check values.

Pure numpy/scipy/shapely: no Django import.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely
from scipy import stats
from shapely import affinity
from shapely.geometry.base import BaseGeometry

__all__ = [
    "CONTROL_KINDS",
    "LARGE_CONTROL_FACTOR",
    "POOL_SIZE",
    "SEARCH_RADIUS_M",
    "WDD",
    "SameSizeControl",
    "WDDOutcome",
    "offset_words",
    "pool_words",
    "same_size_control",
    "same_size_controls",
    "weighted_displacement_difference",
]

Z95 = 1.959963984540054
#: ``same-size``: the site's outline moved nearby; ``control``: the evaluation's control area.
CONTROL_KINDS = ("same-size", "control")
#: Warn when the WDD's control had more than this many times the site's before count.
LARGE_CONTROL_FACTOR = 5.0
SEARCH_RADIUS_M = 3000.0
#: How many same-size positions the WDD test's control pools by default.
POOL_SIZE = 5


@dataclass(frozen=True)
class WDD:
    """Weighted displacement difference test: estimates in incidents (per unit period when
    lengths are given), standard errors, z, two-sided p and 95% CI of the total."""

    local: float
    displacement: float
    total: float
    se: float
    z: float | None
    p_value: float | None
    ci95: tuple[float, float]
    se_local: float = math.nan
    se_displacement: float = 0.0


def weighted_displacement_difference(
    *,
    tb: float,
    ta: float,
    cb: float,
    ca: float,
    bb: float | None = None,
    ba: float | None = None,
    cbb: float | None = None,
    cba: float | None = None,
    t_before: float = 1.0,
    t_after: float = 1.0,
    control_areas: int = 1,
) -> WDD:
    """Wheeler & Ratcliffe's WDD test.

    ``WDD_L = (Ta − Tb) − (Ca − Cb)`` with variance ``Ta + Tb + Ca + Cb``;
    ``WDD_D = (Ba − Bb) − (CBa − CBb)`` likewise, ``CB`` the buffer's control. Total = sum,
    SE the root of the summed variances, z = total/SE, two-sided normal p, 95% interval
    ``total ± 1.96·SE``. Counts are divided by their period length and variances by its square.

    A pooled control: with ``control_areas = k`` the four control counts are the *means* of
    ``k`` same-size areas, ``C̄ = (1/k)·Σ Cᵢ``. Each ``Cᵢ`` is Poisson, so
    ``Var(C̄) = (1/k²)·Σ Var(Cᵢ) = (1/k²)·Σ Cᵢ = C̄/k``: the control's four variance terms are
    divided by ``k``, ``Var(WDD_L) = Ta + Tb + (C̄a + C̄b)/k`` (and ``CB`` likewise). ``k = 1``
    is the published test.

    Without a buffer (``bb``/``ba`` not given) there is no displacement part, as in
    ``ptools::wdd``'s defaults; with a buffer but no ``cbb``/``cba`` the main control serves as
    the buffer's control too (analytics.md: "use the same control when there is only one").

    Published checks (the authors' R package tests): control 308→318, treated 207→110,
    displacement control 150→140, displacement zone 178→157 give total −118 (local −107,
    displacement −11), SE √1568, z −2.98, 95% CI −196 to −40; control 20→20 with treated
    20→10 alone gives −10 with SE √70.
    """
    wb, wa = 1.0 / t_before, 1.0 / t_after
    share = 1.0 / control_areas
    local = (ta * wa - tb * wb) - (ca * wa - cb * wb)
    var_local = (ta + ca * share) * wa**2 + (tb + cb * share) * wb**2
    if bb is None and ba is None:
        disp, var_disp = 0.0, 0.0
    else:
        bb, ba = bb or 0.0, ba or 0.0
        cbb = cb if cbb is None else cbb
        cba = ca if cba is None else cba
        disp = (ba * wa - bb * wb) - (cba * wa - cbb * wb)
        var_disp = (ba + cba * share) * wa**2 + (bb + cbb * share) * wb**2
    total = local + disp
    se = math.sqrt(var_local + var_disp)
    z = total / se if se > 0 else None
    p = float(2 * stats.norm.sf(abs(z))) if z is not None else None
    half = Z95 * se
    return WDD(
        local,
        disp,
        total,
        se,
        z,
        p,
        (total - half, total + half),
        math.sqrt(var_local),
        math.sqrt(var_disp),
    )


@dataclass(frozen=True)
class SameSizeControl:
    """The site's outline moved by ``(dx, dy)`` metres: its before count, how many positions
    were looked at (``candidates``) and how many matched as closely (``equally_close``, this
    one included: the nearest of them was taken)."""

    dx: float
    dy: float
    before: int
    candidates: int
    target: BaseGeometry
    equally_close: int = 1

    @property
    def distance_m(self) -> float:
        return math.hypot(self.dx, self.dy)

    @property
    def description(self) -> str:
        which = (
            "the only position"
            if self.equally_close == 1
            else f"the nearest of {self.equally_close:,} positions"
        )
        return (
            f"the site's outline moved {offset_words(self.dx, self.dy)} ({which} with "
            f"{self.before:,} before, of {self.candidates:,} looked at within "
            f"{SEARCH_RADIUS_M / 1000:g} km)"
        )


def pool_words(positions: list[dict], site_before: int, candidates: int) -> str:
    """'5 same-size areas within 3 km, before 17–21, after 2–14 (…)': the pooled control in
    words, from :class:`WDDOutcome`'s ``positions``."""

    def span(key: str) -> str:
        low, high = min(p[key] for p in positions), max(p[key] for p in positions)
        return f"{low:,}" if low == high else f"{low:,}–{high:,}"

    n = len(positions)
    areas = "area" if n == 1 else "areas"
    return (
        f"{n} same-size {areas} within {SEARCH_RADIUS_M / 1000:g} km, before {span('before')}, "
        f"after {span('after')} (the site's outline moved to the {n} positions clear of it, "
        f"its buffer and each other whose before counts are nearest the site's {site_before:,}, "
        f"of {candidates:,} looked at; their counts averaged)"
    )


def offset_words(dx: float, dy: float) -> str:
    """'730 m north' for an offset in BNG metres (eight compass points, to 10 m)."""
    names = ("north", "north-east", "east", "south-east")
    names += ("south", "south-west", "west", "north-west")
    bearing = math.degrees(math.atan2(dx, dy)) % 360
    point = names[round(bearing / 45) % 8]
    return f"{round(math.hypot(dx, dy), -1):.0f} m {point}"


def _grid(radius_m: float, step_m: float) -> tuple[int, np.ndarray, np.ndarray]:
    """Grid half-width ``k`` and the indices ``(i, j)`` of the offsets within ``radius_m``."""
    k = int(radius_m // step_m)
    i, j = np.meshgrid(np.arange(-k, k + 1), np.arange(-k, k + 1), indexing="ij")
    i, j = i.ravel(), j.ravel()
    inside = np.hypot(i, j) * step_m <= radius_m
    return k, i[inside], j[inside]


def _clear(zone: BaseGeometry, offsets: np.ndarray) -> np.ndarray:
    """Which offsets move ``zone`` clear of itself (not even touching). Offsets longer than
    the diagonal of its bounding box always are; the rest are tested exactly, with one
    vectorised translation of the copies and one prepared intersects test."""
    minx, miny, maxx, maxy = zone.bounds
    clear = np.hypot(offsets[:, 0], offsets[:, 1]) > math.hypot(maxx - minx, maxy - miny)
    near = offsets[~clear]
    shift = np.repeat(near, shapely.get_num_coordinates(zone), axis=0)
    moved = shapely.transform(np.full(len(near), zone, dtype=object), lambda xy: xy + shift)
    shapely.prepare(zone)
    clear[~clear] = ~shapely.intersects(zone, moved)
    return clear


def _grid_counts(
    target: BaseGeometry, x: np.ndarray, y: np.ndarray, k: int, step_m: float
) -> np.ndarray:
    """Points in the target moved by each grid offset, as a ``(2k+1)²`` array indexed
    ``(i + k)·(2k+1) + (j + k)``. A point lies in the moved target when the point minus the
    offset lies in the target, so each point is tested only against the few offsets whose
    moved bounding box holds it (a point-in-polygon test per (point, offset) pair)."""
    minx, miny, maxx, maxy = target.bounds
    side = 2 * k + 1
    i_lo = np.maximum(np.ceil((x - maxx) / step_m), -k).astype(np.int64)
    i_hi = np.minimum(np.floor((x - minx) / step_m), k).astype(np.int64)
    j_lo = np.maximum(np.ceil((y - maxy) / step_m), -k).astype(np.int64)
    j_hi = np.minimum(np.floor((y - miny) / step_m), k).astype(np.int64)
    counts = np.zeros(side * side, dtype=np.int64)
    shapely.prepare(target)
    for a in range(int(np.max(i_hi - i_lo, initial=-1)) + 1):
        for b in range(int(np.max(j_hi - j_lo, initial=-1)) + 1):
            i, j = i_lo + a, j_lo + b
            ok = (i <= i_hi) & (j <= j_hi)
            i, j = i[ok], j[ok]
            hit = shapely.intersects_xy(target, x[ok] - i * step_m, y[ok] - j * step_m)
            counts += np.bincount((i[hit] + k) * side + j[hit] + k, minlength=side * side)
    return counts


def same_size_controls(
    target: BaseGeometry,
    buffer_m: float,
    easting: np.ndarray,
    northing: np.ndarray,
    *,
    target_before: int,
    k: int = POOL_SIZE,
    radius_m: float = SEARCH_RADIUS_M,
    step_m: float | None = None,
) -> list[SameSizeControl]:
    """The nearby same-size controls: the site's outline translated on a grid of offsets within
    ``radius_m``, keeping positions where the moved site *and its buffer* neither overlap nor
    touch the site and its buffer; of those, up to ``k`` whose counts of the given incidents
    (the before window's, located) are nearest ``target_before`` (the nearer to the site on a
    tie), taken in that order and each clear of the ones already taken, so no incident is
    counted twice.

    ``step_m`` defaults to a quarter of the site's larger side, between 50 and 250 m, in whole
    metres (so the same outline stored or read from a file gives the same grid). Empty when no
    position qualifies (a site wider than the search radius).
    """
    zone = target.buffer(buffer_m) if buffer_m > 0 else target
    minx, miny, maxx, maxy = target.bounds
    if step_m is None:
        step_m = float(round(min(250.0, max(50.0, max(maxx - minx, maxy - miny) / 4))))
    kk, gi, gj = _grid(radius_m, step_m)
    offsets = np.column_stack([gi, gj]).astype(float) * step_m
    clear = _clear(zone, offsets)
    if not clear.any():
        return []
    x = np.asarray(easting, dtype=float)
    y = np.asarray(northing, dtype=float)
    located = np.isfinite(x) & np.isfinite(y)
    grid = _grid_counts(target, x[located], y[located], kk, step_m)
    counts = grid[(gi[clear] + kk) * (2 * kk + 1) + gj[clear] + kk]
    offsets = offsets[clear]
    gap = np.abs(counts - int(target_before))
    chosen: list[int] = []
    for i in np.lexsort((np.hypot(offsets[:, 0], offsets[:, 1]), gap)):
        if len(chosen) == k:
            break
        if not chosen or _clear(zone, offsets[chosen] - offsets[i]).all():
            chosen.append(int(i))
    return [
        SameSizeControl(
            float(offsets[i, 0]),
            float(offsets[i, 1]),
            int(counts[i]),
            len(offsets),
            affinity.translate(target, float(offsets[i, 0]), float(offsets[i, 1])),
            int(np.sum(gap == gap[i])),
        )
        for i in chosen
    ]


def same_size_control(
    target: BaseGeometry,
    buffer_m: float,
    easting: np.ndarray,
    northing: np.ndarray,
    *,
    target_before: int,
    radius_m: float = SEARCH_RADIUS_M,
    step_m: float | None = None,
) -> SameSizeControl | None:
    """The single nearby position whose before count is nearest ``target_before`` (the nearest
    to the site on a tie), as :func:`same_size_controls` with ``k = 1``; ``None`` when none."""
    found = same_size_controls(
        target,
        buffer_m,
        easting,
        northing,
        target_before=target_before,
        k=1,
        radius_m=radius_m,
        step_m=step_m,
    )
    return found[0] if found else None


@dataclass(frozen=True)
class WDDOutcome:
    """The WDD test as the evaluation reports it: the test, the control it used (``kind`` one
    of :data:`CONTROL_KINDS`, in words), and the eight counts it was computed from (for a pool
    of same-size areas, the control's four are the means of the ``positions``' counts).

    ``positions``: each pooled same-size area as ``{"offset_m": [dx, dy], "distance_m",
    "before", "after", "buffer_before", "buffer_after"}``, nearest the site's before count
    first; ``offset_m`` is the first one's offset."""

    test: WDD
    kind: str
    control: str
    counts: dict[str, float]
    offset_m: tuple[float, float] | None = None
    no_same_size: bool = False
    positions: tuple[dict, ...] = ()

    @property
    def control_large(self) -> bool:
        """Whether the control had more than :data:`LARGE_CONTROL_FACTOR` times the site's
        before count (a difference of counts then mostly measures the control)."""
        return self.counts["control_before"] > LARGE_CONTROL_FACTOR * self.counts["target_before"]

    def to_dict(self) -> dict:
        def num(v: float | None) -> float | None:
            return None if v is None or not math.isfinite(v) else float(v)

        w = self.test
        return {
            "estimate": num(w.total),
            "local": num(w.local),
            "displacement": num(w.displacement),
            "se": num(w.se),
            "z": num(w.z),
            "p_value": num(w.p_value),
            "ci95": [num(w.ci95[0]), num(w.ci95[1])],
            "control_kind": self.kind,
            "control": self.control,
            "control_offset_m": None if self.offset_m is None else list(self.offset_m),
            "no_same_size_control": self.no_same_size,
            "control_areas": [dict(p) for p in self.positions],
            "counts": dict(self.counts),
        }
