"""The evaluation's input, checked and selected: the incidents' arrays, the chosen categories,
the months the data cover, the before and after windows, the areas and which incidents fall in
each. Every refusal is an :class:`EvaluationInputError` naming what is wrong.

Pure numpy/shapely: no Django import.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from clearhold.analysis.areas import Areas, classify, make_areas
from clearhold.analysis.periods import EvaluationInputError, Windows, make_windows, month_index

AREAS = ("target", "buffer", "control")


@dataclass(frozen=True)
class Selection:
    """The chosen incidents (``x``, ``y``, month index ``midx``, ``dates``) among all of them
    (``keep``), the months the data cover, the windows, the areas and each area's mask."""

    x: np.ndarray
    y: np.ndarray
    midx: np.ndarray
    dates: np.ndarray | None
    chosen: tuple[str, ...]
    keep: np.ndarray
    covered: np.ndarray
    windows: Windows
    areas: Areas
    masks: dict[str, np.ndarray]


def select_incidents(
    *,
    easting: np.ndarray,
    northing: np.ndarray,
    month: np.ndarray,
    category: np.ndarray,
    date: np.ndarray | None,
    target: object,
    intervention: object,
    categories: Sequence[str] | None,
    valid_categories: Collection[str] | None,
    buffer_m: float,
    control: object | None,
    months_before: int,
    months_after: int,
    data_months: Collection | None,
    daily: bool,
    area: np.ndarray | None,
    comparison: Collection[str],
) -> Selection:
    """Check the input in the order a person would fix it and select the chosen incidents;
    a site with none of them is refused (its boundary is probably drawn in the wrong place)."""
    x, y, midx, cat, dates = incident_arrays(easting, northing, month, category, date)
    if daily and dates is None:
        raise EvaluationInputError("daily=True needs the exact dates (the date array)")
    chosen, keep = chosen_categories(cat, categories, valid_categories)
    covered = covered_months(data_months, midx)
    windows = make_windows(
        intervention=intervention,
        months_before=months_before,
        months_after=months_after,
        data_months=covered,
        daily=daily,
    )
    areas = make_areas(target, buffer_m, control)
    if comparison and (area is None or np.shape(area) != keep.shape):
        raise EvaluationInputError(
            "a matched or synthetic comparison needs each incident's area (LSOA), one per incident"
        )
    x, y, midx = x[keep], y[keep], midx[keep]
    dates = None if dates is None else dates[keep]
    masks = dict(zip(AREAS, classify(areas, x, y), strict=True))
    if not masks["target"].any():
        raise EvaluationInputError(
            "No incidents of the chosen categories are recorded within the site's boundary "
            f"between {month_name(covered[0])} and {month_name(covered[-1])}. Check the "
            "boundary is drawn in the right place."
        )
    return Selection(x, y, midx, dates, chosen, keep, covered, windows, areas, masks)


def incident_arrays(easting, northing, month, category, date):
    """The incidents' parallel arrays as numpy arrays (months as month indices), each checked:
    one length, a month for every incident, a date inside its month."""
    x = np.asarray(easting, dtype=np.float64)
    y = np.asarray(northing, dtype=np.float64)
    try:
        m = np.asarray(month).astype("datetime64[M]")
    except (ValueError, TypeError) as exc:
        raise EvaluationInputError("month must be numpy datetime64[M] (or 'YYYY-MM')") from exc
    c = np.asarray(category, dtype=str)
    d = None if date is None else np.asarray(date).astype("datetime64[D]")
    n = x.shape[0]
    lengths = {"easting": x.shape, "northing": y.shape, "month": m.shape, "category": c.shape}
    if d is not None:
        lengths["date"] = d.shape
    if any(shape != (n,) for shape in lengths.values()):
        raise EvaluationInputError(f"the incident arrays differ in length or shape: {lengths}")
    bad = np.flatnonzero(np.isnat(m))
    if bad.size:
        raise EvaluationInputError(
            f"{bad.size} incidents have no month (rows {bad[:10].tolist()}…); every incident "
            "needs a month"
        )
    if d is not None:
        dated = ~np.isnat(d)
        clash = np.flatnonzero(dated & (d.astype("datetime64[M]") != m))
        if clash.size:
            raise EvaluationInputError(
                f"{clash.size} incidents have a date outside their month (rows "
                f"{clash[:10].tolist()}…)"
            )
    return x, y, month_index(m), c, d


def month_name(index) -> str:
    """'January 2025' for a month index."""
    return np.datetime64(int(index), "M").astype("datetime64[D]").item().strftime("%B %Y")


def chosen_categories(
    category: np.ndarray, categories, valid_categories
) -> tuple[tuple[str, ...], np.ndarray]:
    """The chosen codes, checked, and the mask of incidents in them.

    Without ``valid_categories`` the valid codes are those in the data; they are only listed
    (one ``np.unique`` over all incidents) when a code is unknown or all codes are chosen.
    """
    if categories is None:
        valid = valid_categories if valid_categories is not None else np.unique(category)
        return tuple(sorted(set(valid))), np.ones(category.shape, dtype=bool)
    chosen = tuple(dict.fromkeys(categories))
    if not chosen:
        raise EvaluationInputError("no categories chosen; pass at least one category code")
    keep = np.zeros(category.shape, dtype=bool)
    found = set()
    for code in chosen:  # a few string comparisons beat np.isin + np.unique on 10⁵ strings
        same = category == code
        keep |= same
        if same.any():
            found.add(code)
    if valid_categories is not None:
        valid = set(valid_categories)
        unknown = [c for c in chosen if c not in valid]
    else:
        unknown = [c for c in chosen if c not in found]
        valid = set(np.unique(category).tolist()) if unknown else found
    if unknown:
        source = "the category taxonomy" if valid_categories is not None else "the data"
        raise EvaluationInputError(
            f"unknown category code(s) {unknown}; the valid codes in {source} are: "
            f"{', '.join(sorted(valid))}"
        )
    return chosen, keep


def covered_months(data_months, incident_months: np.ndarray) -> np.ndarray:
    """The month indices the data cover (``data_months``, or the months with incidents); an
    incident outside them is refused."""
    present = np.unique(incident_months)
    if data_months is None:
        return present
    covered = np.unique(month_index(np.asarray(list(data_months)).astype("datetime64[M]"))).astype(
        np.int64
    )
    outside = present[~np.isin(present, covered)]
    if outside.size:
        labels = [str(np.datetime64(int(i), "M")) for i in outside]
        raise EvaluationInputError(
            f"incidents fall in months not listed in data_months: {', '.join(labels)}"
        )
    return covered
