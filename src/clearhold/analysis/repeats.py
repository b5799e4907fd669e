"""Repeat locations, the premises league table and crime concentration (Lorenz curve, Gini).

A *place* is whatever key the caller passes per incident: a police.uk snap point id, a premises
id (UPRN), a street segment. Only the keys' equality matters.

**Which places count.** The data show only places that had at least one incident; the universe of
places (every snap point, every premises) is usually unknown. So the default measures are over
**places with ≥ 1 incident** ("of the places that had any ASB, the top 5% held 38%"). That
understates concentration against all places, which is what Weisburd's law of crime concentration
counts; when the number of places is known, pass ``n_places`` and the measures are also given
over all places, with Bernasco & Steenbeek's generalised Gini, which corrects the bias when there
are fewer incidents than places.

References: Weisburd, D. (2015) "The law of crime concentration and the criminology of place",
*Criminology* 53(2), 133–157; Bernasco, W. & Steenbeek, W. (2017) "More places than crimes:
implications for evaluating the law of crime concentration at place", *Journal of Quantitative
Criminology* 33(3), 451–467.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "Concentration",
    "LeagueRow",
    "PlaceCounts",
    "concentration",
    "concentration_curve",
    "gini",
    "place_counts",
    "premises_league",
    "repeat_places",
    "top_share",
]


@dataclass(frozen=True)
class PlaceCounts:
    """Incidents per place, most first (ties by key, ascending)."""

    keys: np.ndarray
    counts: np.ndarray

    def __len__(self) -> int:
        return int(self.counts.size)


def _has_key(keys: np.ndarray) -> np.ndarray:
    """True for incidents with a place key; None, NaN and the empty string mean no place."""
    if keys.dtype.kind == "f":
        return ~np.isnan(keys)
    if keys.dtype.kind == "O":
        return np.fromiter(
            (not (k is None or k == "" or (isinstance(k, float) and math.isnan(k))) for k in keys),
            dtype=bool,
            count=keys.size,
        )
    if keys.dtype.kind == "U":
        return keys != ""
    return np.ones(keys.shape, dtype=bool)


def place_counts(keys: np.ndarray) -> PlaceCounts:
    """Count incidents per place key and sort: ``counts[0] ≥ counts[1] ≥ …``.

    ``keys`` holds one key per incident; missing keys (None, NaN, "") are dropped.

    >>> pc = place_counts(np.array(["b", "a", "b", "c", "a", "b"]))
    >>> pc.keys.tolist(), pc.counts.tolist()
    (['b', 'a', 'c'], [3, 2, 1])
    """
    keys = np.asarray(keys).ravel()
    uniq, n = np.unique(keys[_has_key(keys)], return_counts=True)
    order = np.argsort(-n, kind="stable")  # np.unique sorted the keys: ties stay by key
    return PlaceCounts(keys=uniq[order], counts=n[order].astype(np.int64))


def repeat_places(keys: np.ndarray, min_count: int = 2) -> PlaceCounts:
    """Repeat locations: places with at least ``min_count`` incidents (default 2), most first.

    >>> repeat_places(np.array([7, 7, 3, 9, 9, 9])).keys.tolist()
    [9, 7]
    """
    pc = place_counts(keys)
    keep = pc.counts >= min_count
    return PlaceCounts(keys=pc.keys[keep], counts=pc.counts[keep])


def _with_zeros(counts: np.ndarray, n_places: int | None) -> np.ndarray:
    x = np.asarray(counts, dtype=float).ravel()
    if (x < 0).any() or not np.isfinite(x).all():
        raise ValueError("counts must be finite and non-negative")
    if n_places is None:
        return x[x > 0]
    if n_places < np.count_nonzero(x):
        raise ValueError(f"n_places={n_places} is fewer than the {np.count_nonzero(x)} places seen")
    return np.concatenate([x[x > 0], np.zeros(n_places - np.count_nonzero(x))])


def concentration_curve(
    counts: np.ndarray, n_places: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Concentration (Lorenz) curve with places sorted from most to fewest incidents.

    Points ``(k/n, C_k/T)`` for ``k = 0 … n``, where ``C_k`` is the number of incidents in the
    ``k`` busiest places and ``T`` the total: "the top ``100·k/n``% of places hold ``100·C_k/T``%
    of incidents". ``n`` = places with ≥ 1 incident, or ``n_places`` if given (the extra places
    hold none). Both arrays have ``n + 1`` values and start at 0; NaN shares if ``T = 0``.

    >>> [a.tolist() for a in concentration_curve(np.array([1, 3]))]
    [[0.0, 0.5, 1.0], [0.0, 0.75, 1.0]]
    """
    x = -np.sort(-_with_zeros(counts, n_places))
    n, total = x.size, x.sum()
    place_share = np.arange(n + 1) / max(n, 1)
    cum = np.concatenate([[0.0], np.cumsum(x)])
    with np.errstate(invalid="ignore", divide="ignore"):
        incident_share = cum / total if total > 0 else np.full(n + 1, np.nan)
    return place_share, incident_share


def top_share(counts: np.ndarray, fraction: float, n_places: int | None = None) -> float:
    """Share of incidents held by the busiest ``fraction`` of places, read off the
    concentration curve by linear interpolation (a fractional place holds that fraction of the
    next place's count).

    >>> top_share(np.array([6, 2, 1, 1]), 0.25)
    0.6
    """
    if not 0 <= fraction <= 1:
        raise ValueError(f"fraction must lie in [0, 1], got {fraction}")
    px, py = concentration_curve(counts, n_places)
    return float(np.interp(fraction, px, py))


def gini(counts: np.ndarray, n_places: int | None = None, *, generalised: bool = False) -> float:
    """Gini coefficient of incidents over places.

    Standard (sample) Gini with the ``n`` counts sorted ascending ``x_(1) ≤ … ≤ x_(n)``::

        G = Σ_i (2i − n − 1) · x_(i) / (n · Σ_i x_i)

    0 when all places are equal; ``(n − 1)/n`` when one place holds everything (not 1: the
    "biased" Gini, ``DescTools::Gini(unbiased=FALSE)``). ``n`` = places with ≥ 1 incident, or
    ``n_places`` if given. The generalised Gini of Bernasco & Steenbeek (2017), for ``T``
    incidents over ``n`` places, compares with maximal equality given the data (no place can
    hold less than one incident when ``T < n``)::

        G' = max(1, n/T) · (G − 1) + 1

    which equals ``G`` when ``T ≥ n``. NaN when there are no incidents.

    >>> round(gini(np.array([5, 2, 1]), n_places=10), 12)
    0.8
    >>> round(gini(np.array([5, 2, 1]), n_places=10, generalised=True), 12)
    0.75
    """
    x = np.sort(_with_zeros(counts, n_places))
    n, total = x.size, x.sum()
    if total <= 0:
        return math.nan
    i = np.arange(1, n + 1)
    g = float(((2 * i - n - 1) * x).sum() / (n * total))
    if generalised:
        g = max(1.0, float(n / total)) * (g - 1.0) + 1.0
    return g


@dataclass(frozen=True)
class Concentration:
    """Concentration summary. ``top_shares[f]`` is the share of incidents held by the top
    fraction ``f`` of places with ≥ 1 incident; ``*_all`` fields use all ``n_places`` places and
    are None when ``n_places`` was not given."""

    n_incidents: float
    n_places_active: int
    n_places: int | None
    top_shares: dict[float, float]
    gini_active: float
    top_shares_all: dict[float, float] | None = None
    gini_all: float | None = None
    gini_generalised: float | None = None
    fractions: tuple[float, ...] = field(default=(0.01, 0.05, 0.10))


def concentration(
    counts: np.ndarray,
    n_places: int | None = None,
    fractions: tuple[float, ...] = (0.01, 0.05, 0.10),
) -> Concentration:
    """The "x% of places hold y% of incidents" summary and Gini, from counts per place (e.g.
    ``place_counts(keys).counts``).

    >>> c = concentration(np.array([8, 1, 1]), n_places=10, fractions=(0.1,))
    >>> c.top_shares_all[0.1], c.gini_active
    (0.8, 0.4666666666666667)
    """
    x = np.asarray(counts, dtype=float).ravel()
    active = int(np.count_nonzero(x))
    out = {
        "n_incidents": float(x.sum()),
        "n_places_active": active,
        "n_places": n_places,
        "top_shares": {f: top_share(x, f) for f in fractions},
        "gini_active": gini(x),
        "fractions": tuple(fractions),
    }
    if n_places is not None:
        out["top_shares_all"] = {f: top_share(x, f, n_places) for f in fractions}
        out["gini_all"] = gini(x, n_places)
        out["gini_generalised"] = gini(x, n_places, generalised=True)
    return Concentration(**out)


def _plain(value: object) -> object:
    """A numpy scalar as the matching Python scalar (for JSON and templates)."""
    return value.item() if isinstance(value, np.generic) else value


@dataclass(frozen=True)
class LeagueRow:
    """One line of the premises league table."""

    rank: int
    key: object
    label: str
    count: int
    share: float
    cumulative_share: float


def premises_league(keys: np.ndarray, labels: np.ndarray, top: int = 20) -> list[LeagueRow]:
    """The ``top`` places by incident count, with each place's label (its address or name: the
    label on the place's first incident), share and cumulative share of all keyed incidents.

    Ranks are competition ranks (1, 2, 2, 4): tied places share a rank; within a tie, rows are
    ordered by key. The table may stop inside a tie at row ``top``.

    >>> rows = premises_league(np.array([1, 2, 2]), np.array(["1 High St", "Flat 2", "Flat 2"]))
    >>> [(r.rank, r.label, r.count) for r in rows]
    [(1, 'Flat 2', 2), (2, '1 High St', 1)]
    """
    keys = np.asarray(keys).ravel()
    labels = np.asarray(labels).ravel()
    if keys.shape != labels.shape:
        raise ValueError(f"keys and labels differ in length: {keys.size} and {labels.size}")
    valid = _has_key(keys)
    keys, labels = keys[valid], labels[valid]
    uniq, first, n = np.unique(keys, return_index=True, return_counts=True)
    order = np.argsort(-n, kind="stable")
    total = n.sum()
    sorted_n = n[order]
    ranks = np.searchsorted(-sorted_n, -sorted_n, side="left") + 1
    cum = np.cumsum(sorted_n)
    return [
        LeagueRow(
            rank=int(ranks[k]),
            key=_plain(uniq[order[k]]),
            label=str(labels[first[order[k]]]),
            count=int(sorted_n[k]),
            share=float(sorted_n[k] / total),
            cumulative_share=float(cum[k] / total),
        )
        for k in range(min(top, uniq.size))
    ]
