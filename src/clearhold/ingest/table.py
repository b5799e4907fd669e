"""The validated, columnar result of reading incident files: one Arrow table, never row objects.

A million incidents as a million Python objects would cost more memory and time than the whole
import; as one :class:`pyarrow.Table` they cost a few hundred megabytes at most and go straight
to numpy for the analysis and to the database's bulk path for storage.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["SCHEMA", "IncidentTable", "SourceFile"]

#: The one schema every reader produces (see DESIGN.md §2, "Scan").
SCHEMA = pa.schema(
    [
        pa.field("reference", pa.string()),  # Crime ID / CAD reference; null when none
        pa.field("month", pa.date32()),  # 1st of the month
        pa.field("occurred", pa.timestamp("s", tz="UTC")),  # null when only the month is known
        pa.field("precision", pa.string()),  # 'month' | 'day' | 'minute'
        pa.field("category", pa.string()),  # a Category code
        pa.field("source_category", pa.string()),  # the type text as the file gave it
        pa.field("longitude", pa.float64()),  # NaN when the row has no location
        pa.field("latitude", pa.float64()),
        pa.field("easting", pa.float64()),  # British National Grid metres
        pa.field("northing", pa.float64()),
        pa.field("location", pa.string()),
        pa.field("lsoa_code", pa.string()),
        pa.field("lsoa_name", pa.string()),
        pa.field("outcome", pa.string()),
        pa.field("reported_by", pa.string()),
        pa.field("falls_within", pa.string()),
        pa.field("description", pa.string()),  # police.uk Context / CAD free text
        pa.field("file_index", pa.int32()),  # index into IncidentTable.files
        pa.field("row_number", pa.int32()),  # physical line, header = 1
    ]
)

PRECISIONS = ("month", "day", "minute")
_NUMERIC = {"longitude", "latitude", "easting", "northing", "file_index", "row_number"}
_TEMPORAL = {"month": "datetime64[D]", "occurred": "datetime64[s]"}


@dataclass(frozen=True)
class SourceFile:
    """One file that was read: where it came from, its fingerprint and what it held.

    ``sha256`` and ``size`` are of the bytes as given (of the ``.gz`` when gzipped), so the same
    download always has the same fingerprint. ``rows_read`` counts the data rows seen, good or
    bad. ``force`` is the police force named in every row ("Falls within"), or ``None`` when
    the rows name none or several. ``months`` are the distinct valid YYYY-MM in the file.
    ``encoding`` is how the text was decoded ("utf-8", "utf-8-sig", "cp1252", "latin-1" or
    "xlsx").
    """

    path: str
    name: str
    sha256: str
    size: int
    rows_read: int
    force: str | None
    months: tuple[str, ...]
    encoding: str = "utf-8"


@dataclass(frozen=True)
class IncidentTable:
    """Incidents as one Arrow table with :data:`SCHEMA`, plus the files they came from.

    ``file_index`` in each row indexes ``files``; ``source`` is ``"policeuk"`` or the name of the
    mapping profile that read the rows.
    """

    table: pa.Table
    files: tuple[SourceFile, ...] = ()
    source: str = "policeuk"

    def __post_init__(self) -> None:
        schema = self.table.schema
        if schema.names != SCHEMA.names or schema.types != SCHEMA.types:
            raise ValueError(
                "IncidentTable needs the columns and types of clearhold.ingest.table.SCHEMA; got:\n"
                f"{schema}"
            )
        if not schema.equals(SCHEMA):  # same columns, other nullability or metadata
            object.__setattr__(self, "table", self.table.cast(SCHEMA))

    def __len__(self) -> int:
        return self.table.num_rows

    @classmethod
    def empty(cls, *, source: str = "policeuk", files: Sequence[SourceFile] = ()) -> IncidentTable:
        """A table with no rows."""
        return cls(SCHEMA.empty_table(), tuple(files), source)

    def numpy(self, column: str) -> np.ndarray:
        """A numeric column as a numpy array (float64 with NaN for "no location", int32).

        ``month`` and ``occurred`` come back as ``datetime64[D]`` / ``datetime64[s]`` (NaT for
        null, in UTC). Text columns are refused: use ``table.table[column]`` for those.
        """
        if column in _NUMERIC:
            return self.table[column].to_numpy()
        if column in _TEMPORAL:
            values = self.table[column]
            if column == "occurred":
                values = values.cast(pa.timestamp("s"))
            return np.asarray(values.to_numpy(), dtype=_TEMPORAL[column])
        raise ValueError(f"{column!r} is not a numeric column; numeric ones: {sorted(_NUMERIC)}")

    def filter(self, mask: np.ndarray | pa.Array | pa.ChunkedArray) -> IncidentTable:
        """The rows where ``mask`` is true (``files`` and ``source`` unchanged)."""
        if isinstance(mask, np.ndarray):
            if mask.dtype != np.bool_ or mask.shape != (len(self),):
                raise ValueError(f"mask must be a boolean array of length {len(self)}")
            mask = pa.array(mask, pa.bool_())
        return IncidentTable(self.table.filter(mask), self.files, self.source)

    @classmethod
    def concat(cls, tables: Sequence[IncidentTable]) -> IncidentTable:
        """One table holding the rows of ``tables`` in order; ``file_index`` is renumbered.

        ``source`` is the common source, or the distinct sources joined with "+" (in order of
        first appearance) when the tables come from different sources.
        """
        if not tables:
            return cls.empty()
        parts = []
        files: list[SourceFile] = []
        for table in tables:
            data = table.table
            if files:
                shifted = pc.add(data["file_index"], pa.scalar(len(files), pa.int32()))
                data = data.set_column(
                    SCHEMA.get_field_index("file_index"), SCHEMA.field("file_index"), shifted
                )
            parts.append(data)
            files.extend(table.files)
        sources = list(dict.fromkeys(t.source for t in tables))
        return cls(pa.concat_tables(parts), tuple(files), "+".join(sources))
