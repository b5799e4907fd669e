"""What the incident store covers (sources, forces, areas, months) and where that coverage is
uneven.

A store built from Fenland's files holds Fenland; one force-wide file added for three months
makes the whole force appear in those months only. Nothing in the incidents says so: a
"rest of the force" control then means Fenland in some months and the whole force in others,
and hot spots appear outside Fenland. This module says it in words: :func:`coverage_lines`
for the store, :func:`mixed_coverage` when a set of months (an evaluation's windows, a
hotspot period) holds some areas or sources in some months only.

An area is the local authority district in the LSOA name ("Fenland 001A" → "Fenland").
Pure Python: no Django import.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from clearhold.analysis.periods import month_index, month_runs
from clearhold.analysis.reading import ReadingWarning

__all__ = [
    "Coverage",
    "CoverageKey",
    "area_of",
    "coverage_from_rows",
    "coverage_lines",
    "mixed_coverage",
    "month_runs",
]

NO_AREA = "no LSOA given"
SOURCE_NAMES = {"policeuk": "police.uk"}
_LSOA_CODE = re.compile(r"\s+\d{3}[A-Z]$")


@dataclass(frozen=True, order=True)
class CoverageKey:
    source: str
    force: str
    area: str


@dataclass(frozen=True)
class Coverage:
    """For each (source, force, area), the month indices (months since 1970-01) it holds."""

    held: dict[CoverageKey, frozenset[int]]

    @property
    def empty(self) -> bool:
        return not self.held


def area_of(lsoa_name: str) -> str:
    """The district of an LSOA name: "Fenland 001A" → "Fenland"."""
    name = (lsoa_name or "").strip()
    return _LSOA_CODE.sub("", name) or NO_AREA


def coverage_from_rows(rows: Iterable[tuple[str, str, str, object]]) -> Coverage:
    """Coverage from distinct (source, force, LSOA name, month) rows; a month may be a date,
    a ``datetime64`` or ``'YYYY-MM[-DD]'``."""
    held: dict[CoverageKey, set[int]] = defaultdict(set)
    for source, force, lsoa_name, month in rows:
        if isinstance(month, str):
            month = month[:7]
        elif isinstance(month, dt.datetime):
            month = month.date()
        held[CoverageKey(source or "", force or "", area_of(lsoa_name))].add(month_index(month))
    return Coverage({k: frozenset(v) for k, v in held.items()})


def _and(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _areas(areas: Sequence[str], most: int = 4) -> str:
    areas = sorted(areas)
    if len(areas) <= most + 1:
        return _and(areas)
    return f"{', '.join(areas[:most])} and {len(areas) - most} more areas"


def _source(source: str) -> str:
    return SOURCE_NAMES.get(source, source or "unnamed source")


def _origin(source: str, force: str) -> str:
    return f"{_source(source)} data from {force or 'no force named'}"


def _groups(held: dict[CoverageKey, frozenset[int]]) -> list[tuple[frozenset[int], list[str]]]:
    """Areas grouped by identical months, the group with most months first."""
    by_months: dict[frozenset[int], list[str]] = defaultdict(list)
    for key, months in held.items():
        by_months[months].append(key.area)
    return sorted(by_months.items(), key=lambda g: (-len(g[0]), sorted(g[1])))


def coverage_lines(coverage: Coverage) -> list[str]:
    """One line per source and force: its areas and the months each holds; areas held for
    fewer months than the others are marked "only"."""
    by_origin: dict[tuple[str, str], dict[CoverageKey, frozenset[int]]] = defaultdict(dict)
    for key, months in coverage.held.items():
        by_origin[(key.source, key.force)][key] = months
    lines = []
    for (source, force), held in sorted(by_origin.items()):
        groups = _groups(held)
        parts = [
            f"{_areas(areas)} for {month_runs(months)}{' only' if n else ''}"
            for n, (months, areas) in enumerate(groups)
        ]
        lines.append(f"{_origin(source, force)}: {'; '.join(parts)}")
    return lines


def _in_scope(key: CoverageKey, force: str | None, lsoa_prefix: str) -> bool:
    if force is not None and key.force != force:
        return False
    prefix, area = lsoa_prefix.strip().lower(), key.area.lower()
    return not prefix or prefix.startswith(area) or area.startswith(prefix)


def mixed_coverage(
    coverage: Coverage,
    months: Iterable[int],
    *,
    scope: str,
    force: str | None = None,
    lsoa_prefix: str = "",
) -> ReadingWarning | None:
    """A warning when, over ``months``, some areas or sources of the scope (one force and,
    with ``lsoa_prefix``, the LSOAs whose names start with it) are held in some months only.
    ``scope`` names what is affected in the sentence ("The control", "The hotspot map")."""
    wanted = frozenset(int(m) for m in months)
    held = {k: v & wanted for k, v in coverage.held.items() if _in_scope(k, force, lsoa_prefix)}
    held = {k: v for k, v in held.items() if v}
    if not held or len(set(held.values())) == 1:
        return None
    groups = _groups(held)
    full_months, full_areas = groups[0]
    origins = {(k.source, k.force) for k in held}
    partial = []
    for months_held, areas in groups[1:]:
        said = _areas(areas)
        if len(origins) > 1:
            named = sorted({(k.source, k.force) for k, v in held.items() if v == months_held})
            said += f" ({_and([_origin(s, f) for s, f in named])})"
        partial.append(f"{said} for {month_runs(months_held)}")
    held_only = "; ".join(partial)
    line = f"{scope} mixes coverage: {held_only} only."
    why = (
        f"Over these months the store holds {_areas(full_areas)} for {month_runs(full_months)}, "
        f"but {held_only} only. In the months where they are held, "
        f"{scope[0].lower() + scope[1:]} takes them in; in the others it does not, so what "
        "it shows partly measures what was imported rather than what happened. Import the same "
        "areas and sources for every month, or narrow the comparison to areas held throughout "
        f"(for example the LSOAs whose names start “{sorted(full_areas)[0]}”)."
    )
    return ReadingWarning("coverage_mixed", line, why)
