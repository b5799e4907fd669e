"""The bulk-write fast path of the incident store: one batch's rows in one statement stream.

On SQLite, ``executemany`` of multi-row INSERTs whose values Arrow prepares column-wise; on
PostgreSQL, COPY of a CSV that Arrow writes in C. Both run inside the caller's transaction, so
a batch is stored whole or not at all. The ORM is bypassed on purpose: building a million
model objects costs more than everything else in an import together.

A large load (at least ``LARGE_LOAD_ROWS`` rows and more than the table already holds) drops
the table's secondary indexes first and builds them once after, inside the same transaction;
on PostgreSQL it also drops the foreign keys and adds them back (one validating join instead of
a deferred check per row at commit). On PostgreSQL this holds an ACCESS EXCLUSIVE lock on the
incident table until the import commits: nobody reads incidents meanwhile (pages wait), which
is why small loads into a large store keep the indexes. A failure rolls the drops back with
the rows.
"""

from __future__ import annotations

import io
import sqlite3

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
#: Text columns with few distinct values (a batch, a file, a category, an LSOA...), turned into
#: Python values once per distinct value instead of once per row.
_REPEATED = (
    "source",
    "category",
    "source_category",
    "month",
    "precision",
    "lsoa_code",
    "lsoa_name",
    "outcome",
    "force",
    "file_name",
)
#: The fewest rows for which dropping and rebuilding the indexes pays (when the table holds fewer).
LARGE_LOAD_ROWS = 50_000
#: Indexes a large load keeps on SQLite instead of dropping and rebuilding: partial indexes
#: whose rows a load never writes (a load sets no premises, so its rows fall outside
#: ``premises_id IS NOT NULL``). Keeping one costs nothing per row; rebuilding it scans the
#: whole table (0.2-0.3 CPU s for the national quarter).
KEPT_DURING_LOAD = ("incident_premises",)
#: Rows written as one CSV piece to PostgreSQL's COPY.
COPY_SLICE_ROWS = 100_000
#: Columns bound per row even when a load has one row (so every INSERT row has placeholders).
_PER_ROW = ("row_key", "row_number")
#: Rows per INSERT statement on SQLite (fewer when the build allows fewer bound variables).
ROWS_PER_INSERT = 50


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
        "month": data["month"].cast(pa.string()),  # ISO, as strftime; 20x faster
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
    table: IncidentTable,
    *,
    batch_id: int,
    keys: np.ndarray | None = None,
    large: bool | None = None,
) -> int:
    """Insert every row of ``table`` for ``batch_id``; returns the number of rows written.
    Must be called inside a transaction (the caller's ``atomic`` block). ``large``: on
    PostgreSQL, whether to drop and rebuild the indexes, when the caller decided it already
    (:func:`incidents_lock_for_replacement`); None decides here."""
    if len(table) == 0:
        return 0
    rows = storage_table(table, batch_id=batch_id, keys=keys)
    db_table = Incident._meta.db_table
    if connection.vendor == "postgresql":
        _copy_postgresql(rows, db_table, ", ".join(f'"{c}"' for c in COLUMNS), large)
    else:
        _executemany(rows, db_table)
    return rows.num_rows


def incidents_lock_for_replacement(rows: int, removing: int) -> bool | None:
    """Before a replacing import's removals, on PostgreSQL: whether its load of ``rows`` will
    drop and rebuild the indexes (decided now, from the rows held less the ``removing`` it
    removes), and the table locked against every other writer until the caller's transaction
    ends: ACCESS EXCLUSIVE for a large load (readers wait, as for any large load), else SHARE
    ROW EXCLUSIVE (readers go on). None on SQLite, where one transaction writes at a time.

    The removals raise the store's change count, whose row stays locked until commit
    (``store_changes.py``), and another writer that has written waits for that row. Any lock
    the import still had to take on the table (a large load's index drops) would wait for that
    writer: a deadlock, one of them failed. Every lock is taken here, before the count."""
    if connection.vendor != "postgresql":
        return None
    db_table = Incident._meta.db_table
    with connection.cursor() as cursor:
        large = _large_load(cursor, db_table, rows, removing)
        mode = "ACCESS EXCLUSIVE" if large else "SHARE ROW EXCLUSIVE"
        # The model's own table name and one of two constant modes; no value is interpolated.
        cursor.execute(f'LOCK TABLE "{db_table}" IN {mode} MODE')
    return large


def _python_column(column: pa.ChunkedArray, name: str) -> list:
    """One column as a list of Python values. Arrow's ``to_numpy`` then ``tolist`` is about ten
    times faster than ``to_pylist``; NaN floats are bound by SQLite as NULL. A repeated text
    column is dictionary-encoded so each distinct string is made once (faster, and less memory:
    the rows share the objects)."""
    if name not in _REPEATED:
        return column.to_numpy(zero_copy_only=False).tolist()
    encoded = pc.dictionary_encode(column).combine_chunks()
    distinct = np.array([*encoded.dictionary.to_pylist(), None], dtype=object)
    indices = encoded.indices.fill_null(len(distinct) - 1)
    return distinct[indices.to_numpy(zero_copy_only=False)].tolist()


def _row_major(rows: pa.Table) -> list:
    """Every value of ``rows`` in one flat list, row after row (the order of the placeholders
    of a multi-row INSERT)."""
    width = rows.num_columns
    flat: list = [None] * (rows.num_rows * width)
    for offset, (name, column) in enumerate(zip(rows.column_names, rows.columns, strict=True)):
        flat[offset::width] = _python_column(column, name)
    return flat


def _constant(column: pa.ChunkedArray) -> bool:
    """Whether every value of ``column`` is the same (nulls included); the first thousand rows
    answer cheaply for most columns that are not."""
    for part in (column.slice(0, 1000), column):
        if pc.count_distinct(part, mode="all").as_py() > 1:
            return False
    return True


def _split_constants(rows: pa.Table) -> tuple[tuple, pa.Table, pa.Table]:
    """The columns holding one value in every row (the batch, the source, and for police.uk
    the precision and the empty description): their values, those columns, and the others.
    The constants are bound once per statement, not converted and bound per row: a fifth fewer
    of the twenty-odd million Python values a national quarter needs."""
    names = [n for n in rows.column_names if n not in _PER_ROW and _constant(rows[n])]
    values = tuple(_python_column(rows[name].slice(0, 1), name)[0] for name in names)
    return values, rows.select(names), rows.drop_columns(names)


def _large_load(cursor, db_table: str, count: int, removing: int = 0) -> bool:
    """Whether ``count`` new rows are enough, and more than the table holds (less the
    ``removing`` rows about to be removed), to rebuild."""
    if count < LARGE_LOAD_ROWS:
        return False
    # Counts at most ``count + removing`` rows: a large store is not scanned to learn it is large.
    held = f'SELECT COUNT(*) FROM (SELECT 1 FROM "{db_table}" LIMIT %s) AS held'  # nosec B608
    cursor.execute(held, [count + removing])
    return cursor.fetchone()[0] - removing < count


def _secondary_indexes(cursor, db_table: str) -> list[tuple[str, str]]:
    """The indexes a large load drops and rebuilds: all but the automatic ones (unique
    constraints, which have no SQL) and ``KEPT_DURING_LOAD``."""
    cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
        "AND sql IS NOT NULL",
        [db_table],
    )
    return [(name, sql) for name, sql in cursor.fetchall() if name not in KEPT_DURING_LOAD]


def _executemany(rows: pa.Table, db_table: str) -> None:
    """Insert with ``executemany`` of INSERTs of ``ROWS_PER_INSERT`` rows each: SQLite's cost
    per statement run (reset, bind, the AUTOINCREMENT counter's read and write) is paid once
    per group, not once per row (a third to a half less insert time). Columns with one value
    are numbered parameters (``?1``...) every row of the statement shares. A large load drops
    the secondary indexes first and rebuilds them after (inside the caller's transaction):
    building an index once is cheaper than updating it a million times. The partial ones
    the rows fall outside (``KEPT_DURING_LOAD``) stay: no row updates them."""
    constants, constant_columns, rows = _split_constants(rows)
    width = rows.num_columns
    database = connection.connection  # the DB-API connection: in the caller's transaction
    variables = database.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) - len(constants)
    per = max(1, min(ROWS_PER_INSERT, variables // width))
    shared = [f"?{number}" for number in range(1, len(constants) + 1)]
    row = "(" + ", ".join(shared + ["?"] * width) + ")"
    names = ", ".join(f'"{c}"' for c in constant_columns.column_names + rows.column_names)

    def insert(count: int) -> str:
        # The table and column names are the model's own; every value is a bound parameter.
        return f'INSERT INTO "{db_table}" ({names}) VALUES ' + ", ".join([row] * count)  # nosec B608

    step = 200_000
    with connection.cursor() as cursor:
        rebuild = _large_load(cursor, db_table, rows.num_rows)
        indexes = _secondary_indexes(cursor, db_table) if rebuild else []
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        for start in range(0, rows.num_rows, step):
            flat = _row_major(rows.slice(start, step))
            # Groups of ``per`` rows; zip drops the incomplete last group, inserted after.
            # (Django's cursor wrapper would keep every group alive until the call returns.)
            groups = zip(*[iter(flat)] * (per * width), strict=False)
            database.executemany(insert(per), (constants + group for group in groups))
            done = len(flat) // (per * width) * per * width
            if done < len(flat):
                database.execute(insert((len(flat) - done) // width), [*constants, *flat[done:]])
            del flat, groups
        for _, create in indexes:
            cursor.execute(create)


def _postgresql_dependents(cursor, db_table: str) -> tuple[list, list]:
    """The table's secondary (non-unique, non-primary) indexes but ``KEPT_DURING_LOAD``, and
    its foreign keys, each as (name, definition) as PostgreSQL itself prints them, so they are
    rebuilt exactly."""
    cursor.execute(
        "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "JOIN pg_class c ON c.oid = i.indexrelid "
        "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary AND NOT i.indisunique",
        [db_table],
    )
    indexes = [(name, sql) for name, sql in cursor.fetchall() if name not in KEPT_DURING_LOAD]
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype = 'f'",
        [db_table],
    )
    return indexes, cursor.fetchall()


def _copy_postgresql(rows: pa.Table, db_table: str, names: str, large: bool | None) -> None:
    """COPY the rows. A large load first drops the indexes and foreign keys and adds them back
    after: the COPY then writes only the table, and the foreign keys are checked by one join
    instead of a trigger per row at commit. Dropping takes an ACCESS EXCLUSIVE lock on the
    incident table (and adding a foreign key a SHARE ROW EXCLUSIVE lock on the tables it
    points to) until the caller's transaction ends."""
    with connection.cursor() as cursor:
        indexes, foreign_keys = [], []
        if _large_load(cursor, db_table, rows.num_rows) if large is None else large:
            indexes, foreign_keys = _postgresql_dependents(cursor, db_table)
            # ALTER TABLE refuses a table with deferred checks pending: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for name, _ in foreign_keys:
                cursor.execute(f'ALTER TABLE "{db_table}" DROP CONSTRAINT "{name}"')
            for name, _ in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
        _copy(cursor, rows, db_table, names)
        if indexes:
            # The sorts of the index builds in memory, for this transaction only.
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _, create in indexes:
            cursor.execute(create)
        for name, definition in foreign_keys:
            cursor.execute(f'ALTER TABLE "{db_table}" ADD CONSTRAINT "{name}" {definition}')
        if foreign_keys:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _copy(cursor, rows: pa.Table, db_table: str, names: str) -> None:
    """Stream the rows to COPY as CSV written by Arrow, a slice at a time (the whole CSV at
    once would hold a third of a gigabyte more for a national quarter)."""
    options = pacsv.WriteOptions(include_header=False, batch_size=65536)
    sql = f'COPY "{db_table}" ({names}) FROM STDIN WITH (FORMAT csv)'
    with cursor.cursor.copy(sql) as copy:
        for start in range(0, rows.num_rows, COPY_SLICE_ROWS):
            buffer = io.BytesIO()
            pacsv.write_csv(rows.slice(start, COPY_SLICE_ROWS), buffer, options)
            copy.write(buffer.getbuffer())
