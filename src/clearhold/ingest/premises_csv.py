"""A CSV of premises for an operation: one address a line, with an optional unit (flat) and an
optional place on the walking route, matched to the problem's sites and units.

Plain Python (no Django): the page hands over the uploaded bytes and the problem's places, and
gets back either the premises in walking order or every problem found, each naming its line
and what is wrong, so the officer can fix the file. Bad content never raises. Matching ignores
case and spaces: "block a" is "Block A", "1 Lanacre  Avenue" is "1 lanacre avenue".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "CsvProblem",
    "Matched",
    "Place",
    "PremisesRow",
    "match_premises",
    "read_premises_csv",
    "same",
]

COLUMNS = {
    "address": ("address", "premises", "site", "block"),
    "unit": ("unit", "flat"),
    "route_position": ("route position", "route", "position", "walking order", "order"),
}
MAX_BYTES = 1_000_000
_SHOWN = 60


@dataclass(frozen=True)
class CsvProblem:
    """One thing wrong with the file: the line (header = line 1; None for the whole file)."""

    line: int | None
    reason: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.reason}" if self.line is not None else self.reason


@dataclass(frozen=True)
class PremisesRow:
    """One premises as the file gives it."""

    line: int
    address: str
    unit: str = ""
    route_position: int | None = None


@dataclass(frozen=True)
class Place:
    """A site the file may name: what it is (``ref``), its names (name, address) and its units
    as (ref, names) pairs."""

    ref: Any
    names: tuple[str, ...]
    units: tuple[tuple[Any, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Matched:
    """A line of the file matched to a site and, when the line names one, a unit of it."""

    line: int
    site: Any
    unit: Any = None
    route_position: int | None = None


@dataclass(frozen=True)
class ReadResult:
    """The rows read, or (when anything is wrong) no rows and every problem found."""

    rows: list[PremisesRow] = field(default_factory=list)
    problems: list[CsvProblem] = field(default_factory=list)


def same(text: str) -> str:
    """The form two names are compared in: case and spaces ignored."""
    return "".join(str(text).split()).casefold()


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def _decode(data: bytes) -> tuple[str | None, CsvProblem | None]:
    if len(data) > MAX_BYTES:
        return None, CsvProblem(None, "The file is larger than 1 MB: is it the list of premises?")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, CsvProblem(
            line, "this is not UTF-8 text: save the file as “CSV UTF-8” and upload it again."
        )
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, CsvProblem(line, "the file holds a NUL character: is it really a CSV?")
    if not text.strip():
        return None, CsvProblem(None, "The file is empty: give one premises a line.")
    return text, None


def _columns(header: Sequence[str]) -> tuple[dict[str, int], list[CsvProblem]]:
    """Which column holds what, by the header's names (case and spaces ignored)."""
    wanted = {same(alias): name for name, aliases in COLUMNS.items() for alias in aliases}
    found: dict[str, int] = {}
    problems: list[CsvProblem] = []
    for index, title in enumerate(header):
        name = wanted.get(same(title))
        if name is None:
            if title.strip():
                problems.append(
                    CsvProblem(
                        1,
                        f"the column “{_shown(title)}” is not one ClearHold reads: the "
                        "columns are address, unit (or flat) and route position.",
                    )
                )
            continue
        if name in found:
            problems.append(CsvProblem(1, f"two columns give the {name.replace('_', ' ')}."))
        found.setdefault(name, index)
    if not found:
        return found, [
            CsvProblem(
                1,
                "the first line must name the columns, with one called “address” "
                "(and optionally “unit” and “route position”).",
            )
        ]
    if "address" not in found:
        problems.append(CsvProblem(1, "no column is called “address”."))
    return found, problems


def _row(line: int, cells: list[str], columns: dict[str, int], width: int) -> PremisesRow | str:
    if len(cells) > width:
        return f"this line has {len(cells)} values but the header names {width} columns."

    def cell(name: str) -> str:
        index = columns.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    address = cell("address")
    if not address:
        return "the address is empty."
    position = cell("route_position")
    if position and not (position.isascii() and position.isdigit() and 0 < int(position) < 10**6):
        return f"the route position “{_shown(position)}” is not a whole number from 1."
    return PremisesRow(line, address, cell("unit"), int(position) if position else None)


def read_premises_csv(data: bytes) -> ReadResult:
    """The premises listed in the CSV ``data``, or every problem found in it."""
    text, problem = _decode(data)
    if problem is not None:
        return ReadResult(problems=[problem])
    reader = csv.reader(io.StringIO(text, newline=""))
    problems: list[CsvProblem] = []
    rows: list[PremisesRow] = []
    try:
        header = next(reader)
        columns, problems = _columns(header)
        if problems:
            return ReadResult(problems=problems)
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            read = _row(reader.line_num, cells, columns, len(header))
            if isinstance(read, str):
                problems.append(CsvProblem(reader.line_num, read))
            else:
                rows.append(read)
    except csv.Error as error:
        problems.append(CsvProblem(reader.line_num, f"the file is not a readable CSV ({error})."))
    if not rows and not problems:
        problems.append(CsvProblem(None, "The file names no premises: give one address a line."))
    problems += _repeated(rows)
    return ReadResult(problems=problems) if problems else ReadResult(rows=rows)


def _repeated(rows: Iterable[PremisesRow]) -> list[CsvProblem]:
    """A route position given twice is a problem: the walking order would be a guess."""
    seen: dict[int, int] = {}
    problems = []
    for row in rows:
        if row.route_position is None:
            continue
        if row.route_position in seen:
            problems.append(
                CsvProblem(
                    row.line,
                    f"route position {row.route_position} is also given on line "
                    f"{seen[row.route_position]}.",
                )
            )
        seen.setdefault(row.route_position, row.line)
    return problems


def _site_for(row: PremisesRow, places: Sequence[Place]) -> tuple[Any, Any] | str:
    """The (site, unit) the line names, or why it names none or several."""
    key = same(row.address)
    sites = [p for p in places if key in {same(n) for n in p.names if n.strip()}]
    unit_hits = [
        (p, ref) for p in places for ref, names in p.units if key in {same(n) for n in names if n}
    ]
    if not sites and len(unit_hits) == 1 and not row.unit:
        return unit_hits[0][0].ref, unit_hits[0][1]
    if not sites:
        return f"no site of this problem is called or at “{_shown(row.address)}”."
    if len(sites) > 1:
        return f"“{_shown(row.address)}” names more than one site of this problem."
    place = sites[0]
    if not row.unit:
        return place.ref, None
    units = [ref for ref, names in place.units if same(row.unit) in {same(n) for n in names if n}]
    if len(units) != 1:
        which = "no unit" if not units else "more than one unit"
        return f"“{_shown(row.address)}” has {which} called “{_shown(row.unit)}”."
    return place.ref, units[0]


def match_premises(
    rows: Sequence[PremisesRow], places: Sequence[Place]
) -> tuple[list[Matched], list[CsvProblem]]:
    """Each row's site (and unit) in walking order (route position, else the file's order), or
    every line that matches none, several, or the same premises as an earlier line."""
    matched: list[Matched] = []
    problems: list[CsvProblem] = []
    first: dict[tuple[Any, Any], int] = {}
    for row in rows:
        found = _site_for(row, places)
        if isinstance(found, str):
            problems.append(CsvProblem(row.line, found))
            continue
        if found in first:
            problems.append(
                CsvProblem(row.line, f"the same premises as line {first[found]}: list each once.")
            )
            continue
        first[found] = row.line
        matched.append(Matched(row.line, found[0], found[1], row.route_position))
    if problems:
        return [], problems
    never = float("inf")
    order = sorted(
        matched, key=lambda m: m.route_position if m.route_position is not None else never
    )
    return order, []
