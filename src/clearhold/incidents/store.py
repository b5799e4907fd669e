"""The bulk-write fast path of the incident store: one batch's rows in one statement stream.

On SQLite, ``executemany`` of plain tuples prepared column-wise by Arrow; on PostgreSQL, COPY
of a CSV that Arrow writes in C. Both run inside the caller's transaction, so a batch is
stored whole or not at all. The ORM is bypassed on purpose: building a million model objects
costs more than everything else in an import together.
"""

from __future__ import annotations

import io

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from django.db import connection

from clearhold.incidents.models import Incident
from clearhold.ingest import IncidentTable, row_keys

COLUMNS = (
    "batch_id",
    "source",
    "reference",
    "category",
    "source_category",
    "month",
    "occurred",
    "precision",
    "longitude",
    "latitude",
    "easting",
    "northing",
    "location",
    "lsoa_code",
    "lsoa_name",
    "outcome",
    "force",
    "description",
    "row_key",
    "file_name",
    "row_number",
)
_TEXT = (
    "reference",
    "category",
    "source_category",
    "precision",
    "location",
    "lsoa_code",
    "lsoa_name",
    "outcome",
    "description",
)
_FLOAT = ("longitude", "latitude", "easting", "northing")


def _without_nan(column: pa.ChunkedArray) -> pa.ChunkedArray:
    return pc.if_else(pc.is_nan(column), pa.scalar(None, pa.float64()), column)


def storage_table(
    table: IncidentTable, *, batch_id: int, keys: np.ndarray | None = None
) -> pa.Table:
    """The incidents as an Arrow table whose columns are exactly the store's, in order.
    ``keys`` are the rows' content keys when the caller already computed them."""
    data = table.table
    n = data.num_rows
    keys = row_keys(table).view(np.int64) if keys is None else keys
    file_names = pa.array([f.name for f in table.files], pa.string())
    columns: dict[str, pa.Array | pa.ChunkedArray] = {
        "batch_id": pa.array(np.full(n, batch_id, dtype=np.int64)),
        "source": pa.array(np.full(n, table.source, dtype=object), pa.string()),
        "month": pc.strftime(data["month"].cast(pa.timestamp("s")), format="%Y-%m-%d"),
        "occurred": pc.strftime(data["occurred"], format="%Y-%m-%d %H:%M:%S"),
        "force": pc.fill_null(data["falls_within"], ""),
        "row_key": pa.array(keys),
        "file_name": pc.take(file_names, data["file_index"]),
        "row_number": data["row_number"],
    }
    for name in _TEXT:
        columns[name] = pc.fill_null(data[name], "")
    for name in _FLOAT:
        columns[name] = _without_nan(data[name])
    return pa.table({name: columns[name] for name in COLUMNS})


def incidents_bulk_insert(
    table: IncidentTable, *, batch_id: int, keys: np.ndarray | None = None
) -> int:
    """Insert every row of ``table`` for ``batch_id``; returns the number of rows written.
    Must be called inside a transaction (the caller's ``atomic`` block)."""
    if len(table) == 0:
        return 0
    rows = storage_table(table, batch_id=batch_id, keys=keys)
    db_table = Incident._meta.db_table
    names = ", ".join(f'"{c}"' for c in COLUMNS)
    if connection.vendor == "postgresql":
        _copy_postgresql(rows, db_table, names)
    else:
        _executemany(rows, db_table, names)
    return rows.num_rows


def _python_column(column: pa.ChunkedArray) -> list:
    """One column as a list of Python values. Arrow's ``to_numpy`` then ``tolist`` is about ten
    times faster than ``to_pylist``; NaN floats are bound by SQLite as NULL."""
    return column.to_numpy(zero_copy_only=False).tolist()


def _secondary_indexes(cursor, db_table: str) -> list[tuple[str, str]]:
    cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
        "AND sql IS NOT NULL",
        [db_table],
    )
    return cursor.fetchall()


def _executemany(rows: pa.Table, db_table: str, names: str) -> None:
    """Insert with ``executemany``. When the batch is larger than the table already is, the
    secondary indexes are dropped first and rebuilt after (all inside the caller's transaction):
    building an index once is cheaper than updating it a million times."""
    placeholders = ", ".join(["%s"] * len(COLUMNS))
    sql = f'INSERT INTO "{db_table}" ({names}) VALUES ({placeholders})'
    step = 200_000
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COUNT(*) FROM "{db_table}"')
        rebuild = rows.num_rows > cursor.fetchone()[0] and rows.num_rows >= 50_000
        indexes = _secondary_indexes(cursor, db_table) if rebuild else []
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        for start in range(0, rows.num_rows, step):
            chunk = rows.slice(start, step)
            values = [_python_column(column) for column in chunk.columns]
            cursor.executemany(sql, zip(*values, strict=True))
        for _, create in indexes:
            cursor.execute(create)


def _copy_postgresql(rows: pa.Table, db_table: str, names: str) -> None:
    buffer = io.BytesIO()
    pacsv.write_csv(rows, buffer, pacsv.WriteOptions(include_header=False, batch_size=65536))
    sql = f'COPY "{db_table}" ({names}) FROM STDIN WITH (FORMAT csv)'
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        view = buffer.getbuffer()
        for start in range(0, len(view), 1 << 20):
            copy.write(view[start : start + (1 << 20)])
