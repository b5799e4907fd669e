"""Reader for partner files (CAD exports, council and housing ASB logs) through a mapping profile.

The same result as :func:`~clearhold.ingest.read_policeuk` (one :class:`IncidentTable`, every
refused row named) and the same location rules (no location is allowed; bad numbers, out of
range and outside Great Britain are refused), for CSV and XLSX files whose columns a
:class:`MappingProfile` names. Rows are read one by one in Python: partner files are small, so
clarity wins over speed here; the coordinates are still checked and transformed column-wise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from clearhold.ingest.checks import RowErrorSink
from clearhold.ingest.errors import RowError
from clearhold.ingest.locate import Points, locate_en, locate_lonlat
from clearhold.ingest.profiles import BUILTIN_PROFILES, MappingProfile
from clearhold.ingest.result import ReadResult
from clearhold.ingest.sheets import XLSX_SUFFIXES, Cell, Sheet, read_sheet
from clearhold.ingest.sources import expand_paths
from clearhold.ingest.table import SCHEMA, IncidentTable, SourceFile
from clearhold.ingest.when import When, parse_when

__all__ = ["read_mapped"]

SUFFIXES = (".csv", ".csv.gz", *XLSX_SUFFIXES)
_TEXT_FIELDS = {
    "reference": "reference_column",
    "location": "location_column",
    "lsoa_code": "lsoa_code_column",
    "lsoa_name": "lsoa_name_column",
    "outcome": "outcome_column",
    "reported_by": "reported_by_column",
    "falls_within": "falls_within_column",
    "description": "description_column",
}


@dataclass(frozen=True)
class _FilePart:
    source: SourceFile
    table: pa.Table | None
    errors: list[RowError]


def read_mapped(
    paths: Iterable[str | Path],
    profile: MappingProfile | str,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> ReadResult:
    """Read partner CSV/XLSX files (and folders of them) with the columns ``profile`` names.

    ``profile`` is a :class:`MappingProfile` or the name of one in ``BUILTIN_PROFILES``.
    ``progress(done_bytes, total_bytes)`` is called after each file.
    """
    if isinstance(profile, str):
        profile = BUILTIN_PROFILES[profile]
    candidates, problems = expand_paths(paths, suffixes=SUFFIXES)
    total = sum(c.path.stat().st_size for c in candidates)
    parts: list[_FilePart] = []
    done = 0
    for index, candidate in enumerate(candidates):
        sheet = read_sheet(candidate, delimiter=profile.delimiter, sheet=profile.sheet)
        parts.append(_read_sheet(index, sheet, profile))
        done += sheet.size
        if progress is not None:
            progress(done, total)
    tables = [p.table for p in parts if p.table is not None]
    return ReadResult(
        table=IncidentTable(
            pa.concat_tables(tables) if tables else SCHEMA.empty_table(),
            tuple(p.source for p in parts),
            profile.name,
        ),
        errors=(*problems, *(e for p in parts for e in p.errors)),
        rows_read=sum(p.source.rows_read for p in parts),
    )


def _read_sheet(index: int, sheet: Sheet, profile: MappingProfile) -> _FilePart:
    def refused(problem: str) -> _FilePart:
        source = SourceFile(
            str(sheet.path), sheet.name, sheet.sha256, sheet.size, 0, None, (), sheet.encoding
        )
        return _FilePart(source, None, [RowError(sheet.name, None, None, None, problem)])

    if sheet.problem:
        return refused(sheet.problem)
    position = _column_positions(sheet.header, profile)
    if isinstance(position, str):
        return refused(position)
    width = len(sheet.header)
    lines: list[int] = []
    cells: list[tuple[Cell, ...]] = []
    bad_width: list[RowError] = []
    for line, row in sheet.rows:
        if len(row) != width and sheet.encoding != "xlsx":
            bad_width.append(
                RowError(
                    sheet.name,
                    line,
                    None,
                    ",".join(v or "" for v in row)[:500],  # type: ignore[misc]
                    f"the row has {len(row)} fields, expected {width} (as in the header)",
                )
            )
            continue
        lines.append(line)
        cells.append(row + (None,) * (width - len(row)))
    sink = RowErrorSink(sheet.name, np.array(lines, dtype=np.int64))
    sink.errors.extend(bad_width)
    table, months = _build(index, cells, position, profile, sink)
    source = SourceFile(
        path=str(sheet.path),
        name=sheet.name,
        sha256=sheet.sha256,
        size=sheet.size,
        rows_read=len(lines) + len(bad_width),
        force=_single(table["falls_within"]),
        months=months,
        encoding=sheet.encoding,
    )
    return _FilePart(source, table, sink.sorted_errors())


def _column_positions(header: tuple[str, ...], profile: MappingProfile) -> dict[str, int] | str:
    """Where each mapped column is in ``header`` (exact name, else ignoring case), or why not."""
    exact = {name: i for i, name in reversed(list(enumerate(header)))}
    folded = {name.casefold(): i for i, name in reversed(list(enumerate(header)))}
    found: dict[str, int] = {}
    missing = []
    for column in profile.columns():
        if column in exact:
            found[column] = exact[column]
        elif column.strip().casefold() in folded:
            found[column] = folded[column.strip().casefold()]
        else:
            missing.append(column)
    if missing:
        wanted = ", ".join(f'"{c}"' for c in missing)
        seen = ", ".join(f'"{h}"' for h in header if h)
        return (
            f'missing column(s) {wanted} that the "{profile.name}" profile needs; '
            f"the header has: {seen}"
        )
    return found


def _build(
    index: int,
    cells: list[tuple[Cell, ...]],
    position: dict[str, int],
    profile: MappingProfile,
    sink: RowErrorSink,
) -> tuple[pa.Table, tuple[str, ...]]:
    n = len(cells)

    def column(name: str | None) -> list[Cell]:
        return [None] * n if name is None else [row[position[name]] for row in cells]

    def text(name: str | None) -> pa.Array:
        return pa.array([None if v is None else str(v) for v in column(name)], pa.string())

    when = _when_column(column, profile, sink)
    category_text = text(profile.category_column)
    categories = [profile.type_map.classify(v) for v in category_text.to_pylist()]
    unmatched = np.array([c is None for c in categories], dtype=bool)
    sink.reject(
        unmatched,
        profile.category_column,
        category_text,
        lambda v: f'incident type "{v}" matches no rule of the "{profile.name}" type map',
    )
    points = _points(text, profile, sink)
    valid = [w for w in when if isinstance(w, When)]
    months = tuple(sorted({w.month.strftime("%Y-%m") for w in valid}))
    arrays = {
        "month": pa.array([w.month if isinstance(w, When) else None for w in when], pa.date32()),
        "occurred": pa.array(
            [w.occurred if isinstance(w, When) else None for w in when],
            SCHEMA.field("occurred").type,
        ),
        "precision": pa.array([w.precision if isinstance(w, When) else None for w in when]),
        "category": pa.array([None if c is None else c.value for c in categories], pa.string()),
        "source_category": category_text,
        "longitude": pa.array(points.longitude),
        "latitude": pa.array(points.latitude),
        "easting": pa.array(points.easting),
        "northing": pa.array(points.northing),
        "file_index": pa.array(np.full(n, index, dtype=np.int32)),
        "row_number": pa.array(sink.lines.astype(np.int32)),
    }
    for field, attribute in _TEXT_FIELDS.items():
        arrays[field] = text(getattr(profile, attribute))
    table = pa.Table.from_arrays(
        [arrays[name].cast(SCHEMA.field(name).type) for name in SCHEMA.names], schema=SCHEMA
    )
    if sink.rejected.any():
        table = table.filter(pa.array(~sink.rejected))
    return table, months


def _when_column(
    column: Callable[[str | None], list[Cell]], profile: MappingProfile, sink: RowErrorSink
) -> list[When | str]:
    zone = ZoneInfo(profile.timezone)
    if profile.datetime_column is not None:
        name, formats = profile.datetime_column, profile.datetime_formats
        when = [parse_when(v, formats, zone) for v in column(name)]
    else:
        name, formats = profile.date_column, profile.date_formats
        times = column(profile.time_column)
        when = [
            parse_when(v, formats, zone, time_value=t, time_formats=profile.time_formats)
            for v, t in zip(column(name), times, strict=True)
        ]
    values = column(name)
    for i, parsed in enumerate(when):
        if isinstance(parsed, str):
            sink.reject_row(i, name, _shown(values[i]), parsed)
    return when


def _shown(value: Cell) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return value.isoformat() if isinstance(value, date | datetime) else str(value)


def _points(
    text: Callable[[str | None], pa.Array], profile: MappingProfile, sink: RowErrorSink
) -> Points:
    if profile.location_kind == "en":
        return locate_en(
            text(profile.easting_column),
            text(profile.northing_column),
            sink,
            e_column=profile.easting_column or "",
            n_column=profile.northing_column or "",
        )
    return locate_lonlat(
        text(profile.longitude_column),
        text(profile.latitude_column),
        sink,
        lon_column=profile.longitude_column or "",
        lat_column=profile.latitude_column or "",
    )


def _single(column: pa.ChunkedArray) -> str | None:
    distinct = pc.unique(column.drop_null())
    return distinct[0].as_py() if len(distinct) == 1 else None
