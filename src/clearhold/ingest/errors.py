"""What goes wrong while reading incident files.

Bad *content* never raises: every problem becomes a :class:`RowError` that names the file, the
row (the physical line, header = line 1; ``None`` for a problem with the whole file), the column,
the offending value and the reason in plain English, so an analyst can fix the file. Only a
misuse of the API (a path that does not exist) raises :class:`IngestError`.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["IngestError", "RowError", "problems_found"]

_VALUE_SHOWN = 80  # characters of an offending value quoted in a message


class IngestError(Exception):
    """A programmer or usage error (e.g. a path that does not exist), never bad file content."""


@dataclass(frozen=True)
class RowError:
    """One problem found in a file: where it is, what the value was, and why it was refused.

    ``row`` is the physical line number in the file (the header is line 1) for CSV, or the sheet
    row for XLSX; ``None`` means the whole file was refused. A row with several problems gives
    several errors but is counted once as rejected (see :class:`~clearhold.ingest.ReadResult`).
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    reason: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        text = ", ".join(where)
        if self.value is not None:
            value = self.value
            if len(value) > _VALUE_SHOWN:
                value = value[: _VALUE_SHOWN - 1] + "…"
            return f'{text}: "{value}" — {self.reason}'
        return f"{text}: {self.reason}"


def _counted(n: int, thing: str) -> str:
    return f"{n:,} {thing}{'' if n == 1 else 's'}"


def problems_found(errors: list[RowError]) -> str:
    """What a list of errors comes to, in words: "3 problems found in 2 rows and 1 file".

    A row is counted once however many problems it has; a problem with a whole file (no row)
    counts that file, so a refused file never reads as "found in 0 rows"."""
    rows = {(e.file, e.row) for e in errors if e.row is not None}
    files = {e.file for e in errors if e.row is None}
    where = [_counted(len(rows), "row")] if rows else []
    where += [_counted(len(files), "whole file")] if files else []
    text = _counted(len(errors), "problem") + " found"
    return f"{text} in {' and '.join(where)}" if where else text
