"""Reader for data.police.uk street-level crime CSVs (``YYYY-MM-<force>-street.csv[.gz]``).

Fast by construction: each file is parsed by Arrow's C++ CSV reader into string columns, then
checked column-wise (months and crime types through their few distinct values, coordinates with
one cast and one pyproj call per file), and files are processed two or more at a time in threads
(gzip, Arrow, pyproj and shapely all release the GIL). Only rejected rows become Python objects.

What police.uk data legitimately contains, and this reader therefore keeps:

* identical rows within one file: ASB rows have no Crime ID, and two incidents of the same type
  at the same snapped point in the same month are indistinguishable, so duplicates are real
  incidents, not copying errors;
* rows with no location (empty Longitude and Latitude, Location "No Location");
* empty Crime ID (every ASB row) and empty outcome.

What it refuses, row by row with the reason: a Month that is not a real YYYY-MM, a crime type
outside the 14 police.uk types, coordinates that are not numbers, out of range, or outside Great
Britain (so Northern Ireland's files are refused: ClearHold serves England and Wales), and rows
with too many or too few fields. A file that is not a police.uk CSV at all is refused whole.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from clearhold.ingest.checks import RowErrorSink
from clearhold.ingest.errors import RowError
from clearhold.ingest.locate import locate_lonlat
from clearhold.ingest.records import Records, first_record, read_records
from clearhold.ingest.result import ReadResult
from clearhold.ingest.sources import Candidate, TextFile, expand_paths, load_text
from clearhold.ingest.table import SCHEMA, IncidentTable, SourceFile
from clearhold.ingest.taxonomy import POLICEUK_CRIME_TYPES

__all__ = ["POLICEUK_COLUMNS", "POLICEUK_FIRST_MONTH", "POLICEUK_SINCE", "read_policeuk"]

#: The first month of police.uk's street-level data (December 2010): no month before it holds
#: incidents, so a month asked for before it is a typing error (0001-01 took 23 s to refuse).
POLICEUK_FIRST_MONTH = date(2010, 12, 1)
POLICEUK_SINCE = "police.uk’s street-level data begins in December 2010"

POLICEUK_COLUMNS = (
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
)
SUFFIXES = (".csv", ".csv.gz")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_TYPES = ", ".join(POLICEUK_CRIME_TYPES)

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class _FilePart:
    """What reading one file gave: its fingerprint, good rows, errors and rows seen."""

    source: SourceFile
    table: pa.Table | None
    errors: list[RowError]


def read_policeuk(paths: Iterable[str | Path], *, progress: Progress | None = None) -> ReadResult:
    """Read police.uk street-level CSV files (``.csv`` or ``.csv.gz``) and folders of them.

    Folders are searched recursively, in sorted order. ``progress(done_bytes, total_bytes)`` is
    called after each file, with byte counts of the files as given. Raises
    :class:`~clearhold.ingest.IngestError` only for a path that does not exist.
    """
    candidates, problems = expand_paths(paths, suffixes=SUFFIXES)
    total = sum(c.path.stat().st_size for c in candidates)
    tasks = list(enumerate(candidates))
    workers = min(len(tasks), os.cpu_count() or 1)
    if workers <= 1:
        parts = _collect((_read_file(i, c) for i, c in tasks), progress, total)
    else:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="policeuk") as pool:
            parts = _collect(pool.map(lambda task: _read_file(*task), tasks), progress, total)
    tables = [p.table for p in parts if p.table is not None]
    data = pa.concat_tables(tables) if tables else SCHEMA.empty_table()
    errors = [*problems, *(e for p in parts for e in p.errors)]
    return ReadResult(
        table=IncidentTable(data, tuple(p.source for p in parts), "policeuk"),
        errors=tuple(errors),
        rows_read=sum(p.source.rows_read for p in parts),
    )


def _collect(
    results: Iterable[_FilePart], progress: Progress | None, total: int
) -> list[_FilePart]:
    parts = []
    done = 0
    for part in results:
        parts.append(part)
        done += part.source.size
        if progress is not None:
            progress(done, total)
    return parts


def _read_file(index: int, candidate: Candidate) -> _FilePart:
    text = load_text(candidate)
    if text.problem:
        return _refused(text, text.problem)
    header = first_record(text.data)
    problem = _header_problem(header)
    if problem:
        return _refused(text, problem)
    try:
        records = read_records(text.data, POLICEUK_COLUMNS)
    except csv.Error as error:  # a field over MAX_FIELD_CHARS
        return _refused(text, f"the file cannot be read as CSV: {error}")
    return _validate(index, text, records)


def _refused(text: TextFile, problem: str) -> _FilePart:
    source = SourceFile(
        str(text.path), text.name, text.sha256, text.size, 0, None, (), text.encoding or "unknown"
    )
    return _FilePart(source, None, [RowError(text.name, None, None, None, problem)])


def _header_problem(header: list[str]) -> str | None:
    """Why ``header`` is not the police.uk header, naming missing and unexpected columns."""
    if header == list(POLICEUK_COLUMNS):
        return None
    missing = [c for c in POLICEUK_COLUMNS if c not in header]
    unexpected = [c for c in header if c not in POLICEUK_COLUMNS]
    repeated = sorted({c for c in header if header.count(c) > 1})
    said = []
    if missing:
        said.append("missing column(s): " + ", ".join(f'"{c}"' for c in missing))
    if unexpected:
        said.append("unexpected column(s): " + ", ".join(f'"{c}"' for c in unexpected))
    if repeated:
        said.append("repeated column(s): " + ", ".join(f'"{c}"' for c in repeated))
    if not said:
        said.append("the columns are in the wrong order")
    expected = ",".join(POLICEUK_COLUMNS)
    return f"not a police.uk street-level CSV header ({'; '.join(said)}); expected: {expected}"


def _validate(index: int, text: TextFile, records: Records) -> _FilePart:
    columns = records.columns
    n = len(records.lines)
    sink = RowErrorSink(text.name, records.lines)
    for bad in records.bad_rows:
        sink.errors.append(
            RowError(
                text.name,
                bad.line,
                None,
                bad.text,
                f"the row has {bad.fields} field{'s' if bad.fields != 1 else ''}, expected "
                f"{len(POLICEUK_COLUMNS)} (a comma in an unquoted value, or a cut-off line?)",
            )
        )
    month, months = _months(columns["Month"], sink)
    category = _categories(columns["Crime type"], sink)
    points = locate_lonlat(
        columns["Longitude"],
        columns["Latitude"],
        sink,
        lon_column="Longitude",
        lat_column="Latitude",
    )
    arrays = [
        columns["Crime ID"],
        month,
        pa.nulls(n, SCHEMA.field("occurred").type),
        pa.repeat("month", n),
        category,
        columns["Crime type"],
        pa.array(points.longitude),
        pa.array(points.latitude),
        pa.array(points.easting),
        pa.array(points.northing),
        columns["Location"],
        columns["LSOA code"],
        columns["LSOA name"],
        columns["Last outcome category"],
        columns["Reported by"],
        columns["Falls within"],
        columns["Context"],
        pa.array(np.full(n, index, dtype=np.int32)),
        pa.array(records.lines.astype(np.int32)),
    ]
    table = pa.Table.from_arrays(arrays, schema=SCHEMA)
    if sink.rejected.any():
        table = table.filter(pa.array(~sink.rejected))
    source = SourceFile(
        path=str(text.path),
        name=text.name,
        sha256=text.sha256,
        size=text.size,
        rows_read=records.rows_seen,
        force=_single(table["falls_within"]),
        months=months,
        encoding=text.encoding,
    )
    return _FilePart(source, table, sink.sorted_errors())


def _months(column: pa.ChunkedArray | pa.Array, sink: RowErrorSink) -> tuple[pa.Array, tuple]:
    """The Month column as date32 (1st of the month), and the valid YYYY-MM values seen."""
    distinct = pc.unique(column)
    position = _positions(column, distinct)
    dates: list[date | None] = []
    bad: list[int] = []
    reasons: dict[str | None, str] = {}
    for i, value in enumerate(distinct.to_pylist()):
        parsed = _month(value)
        if isinstance(parsed, str):
            reasons[value] = parsed
            bad.append(i)
            dates.append(None)
        else:
            dates.append(parsed)
    if bad:
        sink.reject(np.isin(position, bad), "Month", column, lambda v: reasons[v])
    months = tuple(sorted(d.strftime("%Y-%m") for d in dates if d is not None))
    return pc.take(pa.array(dates, pa.date32()), pa.array(position)), months


def _month(value: str | None) -> date | str:
    """The first day of the month ``value`` ("YYYY-MM"), or the reason it is not one."""
    if value is None:
        return "the month is empty (expected YYYY-MM)"
    match = _MONTH.fullmatch(value)
    if match is None:
        return f"month {value} is not in the form YYYY-MM"
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12:
        return f"month {value} is not a real month (expected YYYY-MM)"
    if not 1970 <= year <= 2100:
        return f"month {value} is not a plausible year for police.uk data"
    return date(year, month, 1)


def _categories(column: pa.ChunkedArray | pa.Array, sink: RowErrorSink) -> pa.Array:
    """The ClearHold category code of each row's police.uk crime type."""
    distinct = pc.unique(column)
    position = _positions(column, distinct)
    codes: list[str | None] = []
    bad: list[int] = []
    for i, value in enumerate(distinct.to_pylist()):
        category = POLICEUK_CRIME_TYPES.get(value) if value is not None else None
        codes.append(None if category is None else category.value)
        if category is None:
            bad.append(i)
    if bad:

        def reason(value: str | None) -> str:
            if value is None:
                return f"the crime type is empty (expected one of: {_TYPES})"
            return f'crime type "{value}" is not a police.uk crime type (expected one of: {_TYPES})'

        sink.reject(np.isin(position, bad), "Crime type", column, reason)
    return pc.take(pa.array(codes, pa.string()), pa.array(position))


def _positions(column: pa.ChunkedArray | pa.Array, distinct: pa.Array) -> np.ndarray:
    """For each row, the position of its value in ``distinct`` (nulls match a null there)."""
    found = pc.index_in(column, value_set=distinct).to_numpy(zero_copy_only=False)
    return np.asarray(found, dtype=np.int64)


def _single(column: pa.ChunkedArray) -> str | None:
    """The one non-null value of ``column``, or ``None`` when it has none or several."""
    distinct = pc.unique(column.drop_null())
    return distinct[0].as_py() if len(distinct) == 1 else None
