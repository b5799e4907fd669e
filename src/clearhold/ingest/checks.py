"""Collecting row-level errors from vectorised checks without losing count of rejected rows.

Each check computes a boolean mask over a file's rows in one vectorised step; only the failing
rows become :class:`RowError` objects, so a clean file of a million rows creates none.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pyarrow as pa

from clearhold.ingest.errors import RowError

__all__ = ["RowErrorSink"]

Values = pa.Array | pa.ChunkedArray | Sequence[str | None]


class RowErrorSink:
    """The errors of one file's rows, and which rows (by position) they reject."""

    def __init__(self, file: str, lines: np.ndarray) -> None:
        self.file = file
        self.lines = lines
        self.rejected = np.zeros(len(lines), dtype=bool)
        self.errors: list[RowError] = []

    def reject(
        self,
        mask: np.ndarray,
        column: str | None,
        values: Values | None,
        reason: str | Callable[[str | None], str],
    ) -> None:
        """Reject the rows where ``mask`` is true, quoting ``values`` at those rows.

        ``reason`` is a sentence, or a function of the offending value that writes one.
        """
        index = np.flatnonzero(mask)
        if index.size == 0:
            return
        self.rejected[index] = True
        if values is None:
            shown: list[str | None] = [None] * index.size
        elif isinstance(values, pa.Array | pa.ChunkedArray):
            shown = values.take(pa.array(index)).to_pylist()
        else:
            shown = [values[i] for i in index]
        for i, value in zip(index.tolist(), shown, strict=True):
            text = reason(value) if callable(reason) else reason
            self.errors.append(RowError(self.file, int(self.lines[i]), column, value, text))

    def reject_row(self, position: int, column: str | None, value: str | None, reason: str) -> None:
        """Reject the single row at ``position``."""
        self.rejected[position] = True
        self.errors.append(RowError(self.file, int(self.lines[position]), column, value, reason))

    def sorted_errors(self) -> list[RowError]:
        """The errors in row order (several errors of one row keep the order they were found)."""
        return sorted(self.errors, key=lambda e: e.row or 0)
