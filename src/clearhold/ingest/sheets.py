"""Reading a partner file (CSV or XLSX) into a header and rows of cell values with row numbers.

Partner files are small (up to about 100,000 rows), so this favours plain, obvious code: Python's
``csv`` module and openpyxl in read-only mode. Cells come back as text (``None`` for empty),
except that XLSX date and time cells keep their ``datetime``/``date``/``time`` value.

A workbook is a ZIP: before openpyxl opens it, the sizes its parts unpack to (which ``zipfile``
holds each part to) are added up and a workbook over :data:`~clearhold.ingest.sources.
MAX_TEXT_BYTES` is refused, so a small "zip bomb" is never inflated.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from clearhold.ingest.records import split_records
from clearhold.ingest.sources import MAX_TEXT_BYTES, Candidate, load_text, too_large

__all__ = ["Cell", "Sheet", "read_sheet"]

Cell = str | datetime | date | time | None
XLSX_SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True)
class Sheet:
    """One file's table: its header, its rows (row number, cells) and its fingerprint.

    ``problem`` is set (and the rows empty) when the file cannot be read as a table at all.
    """

    path: Path
    name: str
    sha256: str
    size: int
    encoding: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[Cell, ...]], ...]
    problem: str | None = None


def read_sheet(candidate: Candidate, *, delimiter: str = ",", sheet: str | None = None) -> Sheet:
    """Read a CSV (``.csv``, ``.csv.gz``, anything else) or an XLSX workbook (by its suffix)."""
    if candidate.path.name.lower().endswith(XLSX_SUFFIXES):
        return _read_xlsx(candidate, sheet)
    return _read_csv(candidate, delimiter)


def _read_csv(candidate: Candidate, delimiter: str) -> Sheet:
    text = load_text(candidate)
    base = (text.path, text.name, text.sha256, text.size, text.encoding)
    if text.problem:
        return Sheet(*base, (), (), text.problem)
    records = split_records(text.data.decode("utf-8"), delimiter)
    try:
        rows = [(line, tuple(v if v.strip() else None for v in fields)) for line, fields in records]
    except csv.Error as error:  # e.g. a field over the csv module's size limit
        return Sheet(*base, (), (), f"the file cannot be read as CSV ({error})")
    if not rows:
        return Sheet(*base, (), (), "the file is empty (it has no header row)")
    (_, header), body = rows[0], rows[1:]
    return Sheet(*base, tuple((h or "").strip() for h in header), tuple(body))


def _read_xlsx(candidate: Candidate, sheet_name: str | None) -> Sheet:
    import openpyxl  # imported here: only partner workbooks need it
    from openpyxl.utils.exceptions import InvalidFileException

    if candidate.path.stat().st_size > MAX_TEXT_BYTES:
        problem = too_large("holds", MAX_TEXT_BYTES)
        return Sheet(candidate.path, candidate.name, "", 0, "xlsx", (), (), problem)
    raw = candidate.path.read_bytes()
    base = (candidate.path, candidate.name, hashlib.sha256(raw).hexdigest(), len(raw), "xlsx")
    if not raw.startswith(b"PK\x03\x04"):
        return Sheet(*base, (), (), "the file is not an Excel .xlsx workbook (no ZIP signature)")
    problem = _unpacked_problem(raw)
    if problem:
        return Sheet(*base, (), (), problem)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        return Sheet(*base, (), (), f"the file cannot be opened as an Excel workbook ({error})")
    try:
        if sheet_name is not None and sheet_name not in workbook.sheetnames:
            sheets = ", ".join(workbook.sheetnames)
            return Sheet(*base, (), (), f'the workbook has no sheet "{sheet_name}" ({sheets})')
        worksheet = workbook[sheet_name] if sheet_name else workbook.worksheets[0]
        rows = list(_xlsx_rows(worksheet.iter_rows(values_only=True)))
    finally:
        workbook.close()
    if not rows:
        return Sheet(*base, (), (), "the worksheet is empty (it has no header row)")
    (_, header), body = rows[0], rows[1:]
    names = tuple("" if h is None else str(h).strip() for h in header)
    return Sheet(*base, names, tuple(body))


def _unpacked_problem(raw: bytes) -> str | None:
    """Why the workbook ``raw`` must not be opened: it unpacks to more than MAX_TEXT_BYTES
    (judged from the ZIP directory alone), or its directory cannot be read."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(part.file_size for part in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        return f"the file cannot be opened as an Excel workbook ({error})"
    if unpacked > MAX_TEXT_BYTES:
        return too_large("is a workbook that unpacks to", MAX_TEXT_BYTES)
    return None


def _xlsx_rows(values: Iterator[tuple[object, ...]]) -> Iterator[tuple[int, tuple[Cell, ...]]]:
    for number, row in enumerate(values, start=1):
        cells = tuple(_cell(v) for v in row)
        while cells and cells[-1] is None:  # openpyxl pads rows to the sheet's widest row
            cells = cells[:-1]
        if cells:
            yield number, cells


def _cell(value: object) -> Cell:
    if value is None:
        return None
    if isinstance(value, datetime | date | time):
        return value
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    text = str(value)
    return text if text.strip() else None
