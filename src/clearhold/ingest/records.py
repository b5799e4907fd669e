"""Splitting CSV text into rows of string columns, each row with its physical line number.

The fast path is Arrow's C++ CSV parser (all columns as strings, empty as null). Rows with too
many or too few fields are skipped and reported with their line number. Line numbers are exact:
when every record sits on one line (the usual case, checked by counting newlines) a row's line
is its record number; otherwise (a quoted value spanning lines, blank lines, old Mac line ends,
or anything Arrow refuses) the file is re-read with Python's ``csv`` module, which tracks lines
itself. The slow path costs a few seconds per million rows and is only taken for such files.

No field may be longer than :data:`MAX_FIELD_CHARS`: a longer one (most often a quote that is
never closed, which swallows the rest of the file) raises ``csv.Error`` naming the line it starts
on, for the caller to refuse the file with.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

__all__ = [
    "MAX_FIELD_CHARS",
    "BadRow",
    "Records",
    "first_record",
    "read_records",
    "split_records",
]

#: Longest value read from one CSV field, in characters (Python's ``csv`` default limit, held
#: here whatever that process-wide setting is): far above any real cell, far below a file.
MAX_FIELD_CHARS = 131_072

_SHOWN = 500  # characters of a bad row kept in its error
_BLOCK = 1 << 22


@dataclass(frozen=True)
class BadRow:
    """A row with the wrong number of fields."""

    line: int
    fields: int
    text: str


@dataclass(frozen=True)
class Records:
    """The well-formed data rows as string columns (null for empty) and their line numbers."""

    columns: dict[str, pa.ChunkedArray | pa.Array]
    lines: np.ndarray  # int64, one per row
    bad_rows: tuple[BadRow, ...]

    @property
    def rows_seen(self) -> int:
        return len(self.lines) + len(self.bad_rows)


def first_record(data: bytes) -> list[str]:
    """The header: the first CSV record of UTF-8 ``data`` (assumed to be on the first line)."""
    end = data.find(b"\n")
    line = data[: end if end >= 0 else len(data)].decode("utf-8", errors="replace")
    return next(csv.reader([line.rstrip("\r")]), [])


def read_records(data: bytes, columns: Sequence[str]) -> Records:
    """Parse UTF-8 CSV ``data`` whose header is exactly ``columns``."""
    fast = _read_fast(data, columns)
    return fast if fast is not None else _read_slow(data, columns)


def _read_fast(data: bytes, columns: Sequence[str]) -> Records | None:
    invalid: list[tuple[int | None, int, str]] = []

    def skip(row: pacsv.InvalidRow) -> str:
        invalid.append((row.number, row.actual_columns, row.text))
        return "skip"

    try:
        table = pacsv.read_csv(
            pa.BufferReader(data),
            read_options=pacsv.ReadOptions(use_threads=False, block_size=_BLOCK),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, invalid_row_handler=skip),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(columns, pa.string()),
                check_utf8=False,  # the caller has made sure it is UTF-8
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
                null_values=[""],
            ),
        )
    except pa.ArrowException:
        return None
    if table.column_names != list(columns):
        return None
    longest = max((pc.max(pc.binary_length(table[n])).as_py() or 0 for n in columns), default=0)
    if longest > MAX_FIELD_CHARS:
        return None  # the slow path names the line with the over-long field
    records = table.num_rows + len(invalid)
    if _lines_in(data) != records + 1 or any(number is None for number, _, _ in invalid):
        return None  # some record is not exactly one line: let Python's csv count lines
    skipped = np.array([number for number, _, _ in invalid], dtype=np.int64)
    lines = np.arange(2, records + 2, dtype=np.int64)
    if skipped.size:
        lines = np.setdiff1d(lines, skipped, assume_unique=True)
    bad = tuple(
        BadRow(int(number), fields, text[:_SHOWN])  # type: ignore[arg-type]
        for number, fields, text in invalid
        if text.strip()  # a line of spaces is blank, not a short row
    )
    return Records({name: table[name] for name in columns}, lines, bad)


def _lines_in(data: bytes) -> int:
    """The number of lines up to the last non-blank one (trailing line ends do not count)."""
    end = len(data)
    while end and data[end - 1] in (10, 13):
        end -= 1
    newlines = int(np.count_nonzero(np.frombuffer(data, dtype=np.uint8, count=end) == 10))
    return newlines + 1


def split_records(text: str, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """Each non-blank CSV record of ``text`` with the physical line it starts on (1-based)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    limit = min(MAX_FIELD_CHARS, csv.field_size_limit())
    line = 0
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                raise _too_long(line + 1, limit) from None
            raise
        start, line = line + 1, reader.line_num
        if fields and max(map(len, fields)) > limit:
            raise _too_long(start, limit)
        if fields and not (len(fields) == 1 and not fields[0].strip()):
            yield start, fields


def _too_long(line: int, limit: int) -> csv.Error:
    return csv.Error(
        f"a value starting on line {line} is longer than {limit:,} characters, the most "
        "ClearHold reads in one field (perhaps a quote is not closed)"
    )


def _read_slow(data: bytes, columns: Sequence[str]) -> Records:
    width = len(columns)
    values: list[list[str | None]] = [[] for _ in columns]
    lines: list[int] = []
    bad: list[BadRow] = []
    records = split_records(data.decode("utf-8"))
    next(records, None)  # the header, already checked by the caller
    for line, fields in records:
        if len(fields) != width:
            bad.append(BadRow(line, len(fields), ",".join(fields)[:_SHOWN]))
            continue
        lines.append(line)
        for column, value in zip(values, fields, strict=True):
            column.append(value or None)
    arrays = {
        name: pa.array(column, pa.string()) for name, column in zip(columns, values, strict=True)
    }
    return Records(arrays, np.array(lines, dtype=np.int64), tuple(bad))
