"""What a reader returns: the good rows, every problem, and how many rows were seen."""

from __future__ import annotations

from dataclasses import dataclass

from clearhold.ingest.errors import RowError
from clearhold.ingest.table import IncidentTable

__all__ = ["ReadResult"]


@dataclass(frozen=True)
class ReadResult:
    """The outcome of reading one or more files.

    Invariant: every data row seen (``rows_read``) is either in ``table`` or rejected, never
    both and never lost, so ``len(table) + rejected_rows == rows_read``. A rejected row may have
    several errors (a bad month *and* a bad latitude) but is counted once. File-level errors
    (``row is None``: not a CSV, wrong header, ...) reject a whole file before its rows are
    seen, so they add nothing to ``rows_read`` or ``rejected_rows``.
    """

    table: IncidentTable
    errors: tuple[RowError, ...]
    rows_read: int

    @property
    def rejected_rows(self) -> int:
        """The number of distinct (file, row) pairs among the row-level errors."""
        return len({(e.file, e.row) for e in self.errors if e.row is not None})

    @property
    def file_errors(self) -> tuple[RowError, ...]:
        """Errors that refused a whole file (``row is None``)."""
        return tuple(e for e in self.errors if e.row is None)

    @property
    def row_errors(self) -> tuple[RowError, ...]:
        """Errors that refused a single row."""
        return tuple(e for e in self.errors if e.row is not None)

    @property
    def ok(self) -> bool:
        """True when nothing was refused."""
        return not self.errors
