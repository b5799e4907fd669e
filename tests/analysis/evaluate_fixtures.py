"""Synthetic incidents for the evaluation tests: one snap point per area, counts per month.

A square 100 m target; one point inside it, one 150 m north of it (inside a 250 m buffer) and
one 7 km away (control). Every incident of a cell sits on the area's point, so the expected
counts are the numbers written in the test.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

TARGET = shapely.box(500_000, 200_000, 500_100, 200_100)
POINTS = {
    "target": (500_050.0, 200_050.0),
    "buffer": (500_050.0, 200_250.0),
    "control": (505_000.0, 205_000.0),
}
ASB = "Anti-social behaviour"
TAXONOMY = (ASB, "Burglary", "Drugs", "Public order")


def month_range(first: str, last: str) -> list[str]:
    start, stop = np.datetime64(first, "M"), np.datetime64(last, "M")
    return [str(m) for m in np.arange(start, stop + 1)]


@dataclass
class Incidents:
    """Parallel arrays, as :func:`clearhold.analysis.evaluate.evaluate` takes them."""

    easting: np.ndarray
    northing: np.ndarray
    month: np.ndarray
    category: np.ndarray
    date: np.ndarray

    def kwargs(self, with_date: bool = False) -> dict:
        out = {
            "easting": self.easting,
            "northing": self.northing,
            "month": self.month,
            "category": self.category,
        }
        if with_date:
            out["date"] = self.date
        return out


def build(cells: dict[tuple[str, str], int], category: str = ASB, day: int | None = None):
    """Incidents from ``{(area, 'YYYY-MM'): count}``; ``day`` sets exact dates (else NaT).

    Area ``'nowhere'`` makes incidents with no location.
    """
    x, y, m, c, d = [], [], [], [], []
    for (area, month), n in cells.items():
        px, py = POINTS.get(area, (np.nan, np.nan))
        x += [px] * n
        y += [py] * n
        m += [month] * n
        c += [category] * n
        d += [f"{month}-{day:02d}" if day else "NaT"] * n
    return Incidents(
        np.array(x, dtype=float),
        np.array(y, dtype=float),
        np.array(m, dtype="datetime64[M]"),
        np.array(c, dtype=str),
        np.array(d, dtype="datetime64[D]"),
    )


def join(*parts: Incidents) -> Incidents:
    return Incidents(
        *(np.concatenate([getattr(p, f) for p in parts]) for f in Incidents.__annotations__)
    )


def monthly(area: str, first: str, last: str, per_month: int) -> dict[tuple[str, str], int]:
    return {(area, m): per_month for m in month_range(first, last)}


def standard(
    *,
    target_before: int = 10,
    target_after: int = 3,
    buffer: int = 5,
    control_before: int = 100,
    control_after: int = 100,
    baseline: int | None = None,
    first: str = "2023-01",
    last: str = "2025-12",
    switch: str = "2025-01",
) -> Incidents:
    """Monthly counts: target ``target_before`` a month until ``switch`` and ``target_after``
    from it (``baseline`` a month before 2024-01 if given); buffer constant; control switches
    too. Plus 7 burglaries a month in the target, which an ASB evaluation must not count."""
    before_end = str(np.datetime64(switch, "M") - 1)
    cells: dict[tuple[str, str], int] = {}
    cells |= monthly("target", first, before_end, target_before)
    if baseline is not None:
        cells |= monthly("target", first, "2023-12", baseline)
    cells |= monthly("target", switch, last, target_after)
    cells |= monthly("buffer", first, last, buffer)
    cells |= monthly("control", first, before_end, control_before)
    cells |= monthly("control", switch, last, control_after)
    noise = build(monthly("target", first, last, 7), category="Burglary")
    return join(build(cells), noise)
