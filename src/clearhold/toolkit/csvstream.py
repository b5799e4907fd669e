"""CSV for downloads: streamed lines (no whole file built in memory), every cell made safe to
open in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be read by
Excel or LibreOffice as a formula (``=HYPERLINK(...)`` sends data away, ``=cmd|...`` runs a
program). OWASP's advice is followed: such a cell gets a leading apostrophe, which the
spreadsheet shows as text. Numbers are left alone, so ``-2.5`` still sums. Every CSV ClearHold
writes goes through :func:`spreadsheet_safe`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.http import StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Put in the name of a file that holds personal data: a CSV has no page to print the
#: OFFICIAL-SENSITIVE marking on, and the name travels with the file wherever it is copied.
PERSONAL_FILE_MARK = "OFFICIAL-SENSITIVE-personal-data"
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def spreadsheet_safe(value: Any) -> Any:
    """``value`` as a spreadsheet will show it, never as a formula. Anything but a number or
    None is judged by its text, which is what the CSV writer writes (a lazy string, a label, a
    record whose name starts with ``=``).

    >>> spreadsheet_safe('=HYPERLINK("http://x","y")')
    '\\'=HYPERLINK("http://x","y")'
    >>> spreadsheet_safe("-2.5"), spreadsheet_safe(-3)
    ('-2.5', -3)
    """
    if value is None or isinstance(value, int | float | Decimal):
        return value
    if not isinstance(value, str):
        value = str(value)
    if value.startswith(FORMULA_STARTS) and not NUMBER.match(value):
        return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    """A row with every cell passed through :func:`spreadsheet_safe`."""
    return [spreadsheet_safe(cell) for cell in row]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(safe_row(header))
    for row in rows:
        yield writer.writerow(safe_row(row))


def marked_name(filename: str, personal: bool) -> str:
    """``filename`` with :data:`PERSONAL_FILE_MARK` before its suffix when ``personal``.

    >>> marked_name("reports.csv", True)
    'reports-OFFICIAL-SENSITIVE-personal-data.csv'
    """
    if not personal:
        return filename
    stem, dot, suffix = filename.rpartition(".")
    return (
        f"{stem}-{PERSONAL_FILE_MARK}{dot}{suffix}" if dot else f"{filename}-{PERSONAL_FILE_MARK}"
    )


def csv_response(
    filename: str, lines: Iterator[str], *, personal: bool = False
) -> StreamingHttpResponse:
    """A streamed CSV download; ``personal``: it holds personal data (marked in its name)."""
    filename = marked_name(filename, personal)
    response = StreamingHttpResponse(lines, content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
