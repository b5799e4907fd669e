"""Row shapes and the insert loop of the import ceiling experiment (``bench_ingest_ceiling``).

``wide_rows`` is the incident table's row as ``clearhold.incidents.store.storage_table`` makes
it; ``insert_rows`` is that module's ``_executemany`` (multi-row INSERTs, constant columns bound
once, 200,000 rows made Python values at a time), on a plain ``sqlite3`` connection so that no
Django is needed. ``narrow_rows`` writes the lookup tables and gives the narrow row.
"""

from __future__ import annotations

import sqlite3

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from bench_ingest import SAME_ROW_COLUMNS

#: The incident table's columns, in its order, as the same-rows baseline names them.
WIDE = SAME_ROW_COLUMNS
_TEXT = ("reference", "category", "source_category", "precision", "location", "lsoa_code")
_TEXT_TOO = ("lsoa_name", "outcome", "description")
_FLOAT = ("longitude", "latitude", "easting", "northing")
_REPEATED = {"source", "category", "source_category", "month", "precision", "lsoa_code"}
_REPEATED_TOO = {"lsoa_name", "outcome", "force", "file_name"}
_PER_ROW = ("row_key", "row_number")
ROWS_PER_INSERT = 50
STEP = 200_000


def _without_nan(column: pa.ChunkedArray) -> pa.ChunkedArray:
    return pc.if_else(pc.is_nan(column), pa.scalar(None, pa.float64()), column)


def _common(table, keys: np.ndarray) -> dict:
    """The columns both shapes share: batch, source, month, occurred, keys, row numbers."""
    data = table.table
    n = data.num_rows
    return {
        "batch_id": pa.array(np.full(n, 1, dtype=np.int64)),
        "source": pa.array(np.full(n, table.source, dtype=object), pa.string()),
        "month": data["month"].cast(pa.string()),
        "occurred": pc.strftime(data["occurred"], format="%Y-%m-%d %H:%M:%S"),
        "row_key": pa.array(keys.view(np.int64)),
        "row_number": data["row_number"],
        "reference": pc.fill_null(data["reference"], ""),
        "category": pc.fill_null(data["category"], ""),
        "precision": pc.fill_null(data["precision"], ""),
        "description": pc.fill_null(data["description"], ""),
    }


def wide_rows(table, keys: np.ndarray) -> pa.Table:
    """The incident table's columns, in order, as ``store.storage_table`` gives them."""
    data = table.table
    file_names = pa.array([f.name for f in table.files], pa.string())
    columns = _common(table, keys)
    columns["force"] = pc.fill_null(data["falls_within"], "")
    columns["file_name"] = pc.take(file_names, data["file_index"])
    for name in (*_TEXT, *_TEXT_TOO):
        columns.setdefault(name, pc.fill_null(data[name], ""))
    for name in _FLOAT:
        columns[name] = _without_nan(data[name])
    return pa.table({name: columns[name] for name in WIDE})


def _codes(column: pa.ChunkedArray | pa.Array) -> tuple[int, np.ndarray]:
    """How many codes ``column`` needs (its distinct values, and one for null) and each row's
    code. Chunks are joined first: unifying 121 files' dictionaries afterwards takes seconds."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    encoded = pc.dictionary_encode(column)
    size = len(encoded.dictionary)
    return size + 1, encoded.indices.fill_null(size).to_numpy().astype(np.int64)


def _distinct(columns: dict[str, pa.ChunkedArray]) -> tuple[np.ndarray, np.ndarray]:
    """For a key made of ``columns``: the first row holding each distinct key, and each row's
    index among the distinct keys (hash-based, in order of first appearance)."""
    import pandas as pd

    combined = np.zeros(len(next(iter(columns.values()))), dtype=np.int64)
    for column in columns.values():
        size, codes = _codes(column)
        combined = pd.factorize(combined * size + codes)[0]
    return _first_rows(combined), combined


def _first_rows(codes: np.ndarray) -> np.ndarray:
    """The first position of each code 0..max in ``codes``."""
    first = np.empty(int(codes.max(initial=-1)) + 1, dtype=np.int64)
    first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)
    return first


def _python_rows(columns: dict[str, pa.ChunkedArray], rows: np.ndarray) -> list[tuple]:
    """The values of ``columns`` at ``rows`` as Python tuples (NaN floats become NULL)."""
    index = pa.array(rows)
    values = [pc.take(c, index).to_numpy(zero_copy_only=False).tolist() for c in columns.values()]
    return list(zip(*values, strict=True))


def small_lookup_ids(
    db: sqlite3.Connection, name: str, key: dict[str, pa.ChunkedArray]
) -> pa.Array:
    """Each row's id in lookup table ``name`` (a few dozen to a few tens of thousands of rows
    ever: forces, crime types, outcomes, LSOAs): the whole table is read, the keys it lacks
    are added, and each row's id is found through the distinct keys of this import."""
    first, per_row = _distinct(key)
    wanted = _python_rows(key, first)
    names = ", ".join(f'"{c}"' for c in key)

    def held() -> dict:
        return {tuple(r[1:]): r[0] for r in db.execute(f'SELECT id, {names} FROM "{name}"')}

    known = held()
    missing = [k for k in wanted if k not in known]
    if missing:
        marks = ", ".join("?" * len(key))
        db.executemany(f'INSERT INTO "{name}" ({names}) VALUES ({marks})', missing)
        known = held()
    ids = np.fromiter((known[k] for k in wanted), dtype=np.int64, count=len(wanted))
    return pa.array(ids[per_row])


def keys_and_places(table) -> tuple[np.ndarray, np.ndarray]:
    """The row keys (as ``clearhold.ingest.row_keys``) and each row's snap point id, a 63-bit
    hash of its longitude, latitude and location, from the same column hashes (each column is
    hashed once). A hashed id needs no existing point read back to find it."""
    from clearhold.ingest.keys import KEY_COLUMNS, ROW_KEY_VERSION, _column_hash, _fold

    data = table.table
    keys = np.full(data.num_rows, np.uint64(ROW_KEY_VERSION), dtype=np.uint64)
    places = np.full(data.num_rows, np.uint64(7), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for name in KEY_COLUMNS:
            hashed = _column_hash(data[name])
            keys = _fold(keys, hashed)
            if name in ("longitude", "latitude", "location"):
                places = _fold(places, hashed)
    return keys, (places >> np.uint64(1)).view(np.int64)


def place_ids(db: sqlite3.Connection, data: pa.Table, ids: np.ndarray) -> pa.Array:
    """Add this import's distinct snap points (``ids`` from :func:`keys_and_places`) with
    INSERT OR IGNORE, in ascending id order (appended to the table's B-tree in order)."""
    import pandas as pd

    codes, distinct = pd.factorize(ids)
    order = np.argsort(distinct)
    columns = {"id": pa.array(distinct[order])}
    first = _first_rows(codes)[order]
    for name in ("longitude", "latitude", "location", "easting", "northing"):
        columns[name] = pc.take(data[name], pa.array(first))
    columns["location"] = pc.fill_null(columns["location"], "")
    db.executemany(
        'INSERT OR IGNORE INTO "lk_place" (id, longitude, latitude, location, easting, northing)'
        " VALUES (?, ?, ?, ?, ?, ?)",
        _python_rows(columns, np.arange(len(order))),
    )
    return pa.array(ids)


def narrow_rows(db: sqlite3.Connection, table, keys: tuple[np.ndarray, np.ndarray]) -> pa.Table:
    """Write the lookup rows the table needs and return the narrow incident rows (``keys``:
    the row keys and snap point ids from :func:`keys_and_places`)."""
    data = table.table
    columns = _common(table, keys[0])
    columns["place_id"] = place_ids(db, data, keys[1])
    lsoa = {
        "code": pc.fill_null(data["lsoa_code"], ""),
        "name": pc.fill_null(data["lsoa_name"], ""),
    }
    columns["lsoa_id"] = small_lookup_ids(db, "lk_lsoa", lsoa)
    for column, name, source in (
        ("crime_type_id", "lk_crime_type", "source_category"),
        ("outcome_id", "lk_outcome", "outcome"),
        ("force_id", "lk_force", "falls_within"),
    ):
        columns[column] = small_lookup_ids(db, name, {"name": pc.fill_null(data[source], "")})
    db.executemany("INSERT INTO lk_file (name) VALUES (?)", [(f.name,) for f in table.files])
    first_file = db.execute("SELECT MIN(id) FROM lk_file").fetchone()[0]  # new store: in order
    columns["file_id"] = pc.add(data["file_index"].cast(pa.int64()), first_file)
    order = (
        "batch_id", "source", "reference", "category", "crime_type_id", "month", "occurred",
        "precision", "place_id", "lsoa_id", "outcome_id", "force_id", "description", "row_key",
        "file_id", "row_number",
    )  # fmt: skip
    return pa.table({name: columns[name] for name in order})


def _python_column(column: pa.ChunkedArray, name: str) -> list:
    if name not in _REPEATED | _REPEATED_TOO:
        return column.to_numpy(zero_copy_only=False).tolist()
    encoded = pc.dictionary_encode(column).combine_chunks()
    distinct = np.array([*encoded.dictionary.to_pylist(), None], dtype=object)
    indices = encoded.indices.fill_null(len(distinct) - 1)
    return distinct[indices.to_numpy(zero_copy_only=False)].tolist()


def _row_major(rows: pa.Table) -> list:
    width = rows.num_columns
    flat: list = [None] * (rows.num_rows * width)
    for offset, (name, column) in enumerate(zip(rows.column_names, rows.columns, strict=True)):
        flat[offset::width] = _python_column(column, name)
    return flat


def _constant(column: pa.ChunkedArray) -> bool:
    return all(
        pc.count_distinct(p, mode="all").as_py() <= 1 for p in (column.slice(0, 1000), column)
    )


def insert_rows(db: sqlite3.Connection, rows: pa.Table, phases) -> int:
    """Insert ``rows`` into the incident table as ``store._executemany`` does; the conversion
    to Python values and the inserts are timed as two phases."""
    constant_names = [n for n in rows.column_names if n not in _PER_ROW and _constant(rows[n])]
    constants = tuple(_python_column(rows[n].slice(0, 1), n)[0] for n in constant_names)
    rest = rows.drop_columns(constant_names)
    width = rest.num_columns
    per = max(1, min(ROWS_PER_INSERT, (32766 - len(constants)) // width))
    shared = [f"?{number}" for number in range(1, len(constants) + 1)]
    row = "(" + ", ".join(shared + ["?"] * width) + ")"
    names = ", ".join(f'"{c}"' for c in constant_names + rest.column_names)

    def insert(count: int) -> str:
        return f'INSERT INTO "incidents_incident" ({names}) VALUES ' + ", ".join([row] * count)

    for start in range(0, rest.num_rows, STEP):
        flat = phases.run("to python", lambda start=start: _row_major(rest.slice(start, STEP)))
        groups = zip(*[iter(flat)] * (per * width), strict=False)
        phases.run(
            "insert",
            lambda groups=groups: db.executemany(insert(per), (constants + g for g in groups)),
        )
        done = len(flat) // (per * width) * per * width
        if done < len(flat):
            db.execute(insert((len(flat) - done) // width), [*constants, *flat[done:]])
    return rows.num_rows
