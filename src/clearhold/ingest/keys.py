"""A stable 64-bit content key per incident row, to compare two downloads as multisets.

data.police.uk regenerates its files: a later download of the same force-month can add, drop or
reorder rows and update outcomes. Keying each row by its source values lets the store say what
changed ("12 rows added, 3 removed") without any row identity in the data (ASB rows have no
Crime ID, and identical ASB rows are legitimate, hence multisets).

The key is computed on demand, never while parsing. It is defined by this module alone (not by
Python's ``hash``, which is salted per process), so it is the same on every machine and run:

* each key column is hashed to 64 bits: a string as its UTF-8 bytes, zero-padded to whole
  little-endian 64-bit words, each word folded in with the splitmix64 finaliser after a start
  value that encodes the length; a float64 by its bit pattern (-0.0 as 0.0, every NaN as one
  NaN); a date or timestamp by its integer value; null as a fixed constant;
* the column hashes are folded together in :data:`KEY_COLUMNS` order the same way.

Derived columns (category, precision, easting/northing) and bookkeeping (file_index,
row_number) are left out: re-reading the same rows with a newer category map gives the same keys.
Change :data:`ROW_KEY_VERSION` whenever this definition changes.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from clearhold.ingest.table import IncidentTable

__all__ = ["KEY_COLUMNS", "ROW_KEY_VERSION", "row_keys"]

ROW_KEY_VERSION = 1

KEY_COLUMNS = (
    "reference",
    "month",
    "occurred",
    "source_category",
    "longitude",
    "latitude",
    "location",
    "lsoa_code",
    "lsoa_name",
    "outcome",
    "reported_by",
    "falls_within",
    "description",
)

_U64 = np.uint64
_M1 = _U64(0xBF58476D1CE4E5B9)
_M2 = _U64(0x94D049BB133111EB)
_GOLDEN = _U64(0x9E3779B97F4A7C15)
_NULL = _U64(0x6A09E667F3BCC908)
_SLICE = 1 << 16  # rows hashed at once
_CANONICAL_NAN = np.array([np.nan], dtype=np.float64).view(np.uint64)[0]


def _mix(h: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser (Steele, Lea and Flood 2014), element-wise, wrapping uint64."""
    h = h ^ (h >> _U64(30))
    h = h * _M1
    h = h ^ (h >> _U64(27))
    h = h * _M2
    return h ^ (h >> _U64(31))


def _fold(h: np.ndarray, value: np.ndarray) -> np.ndarray:
    return _mix((h * _GOLDEN) ^ value)


def row_keys(table: IncidentTable) -> np.ndarray:
    """One uint64 per row of ``table``: equal rows (in their source values) get equal keys.

    >>> import pyarrow as pa
    >>> from clearhold.ingest.table import SCHEMA
    >>> one = IncidentTable(SCHEMA.empty_table())
    >>> row_keys(one).dtype
    dtype('uint64')
    """
    data = table.table
    keys = np.full(data.num_rows, _U64(ROW_KEY_VERSION), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for name in KEY_COLUMNS:
            keys = _fold(keys, _column_hash(data[name]))
    return keys


def _column_hash(column: pa.ChunkedArray) -> np.ndarray:
    kind = column.type
    if pa.types.is_string(kind):  # in slices that stay in the CPU cache
        parts = [
            _string_hash(chunk.slice(start, _SLICE))
            for chunk in column.chunks
            for start in range(0, len(chunk), _SLICE)
        ]
    elif pa.types.is_floating(kind):
        parts = [_float_hash(chunk) for chunk in column.chunks]
    else:  # date32, timestamp: their integer value
        storage = pa.int32() if pa.types.is_date32(kind) else pa.int64()
        parts = [_int_hash(chunk.view(storage)) for chunk in column.chunks]
    if not parts:
        return np.empty(0, dtype=np.uint64)
    return np.concatenate(parts)


def _with_nulls(hashes: np.ndarray, chunk: pa.Array) -> np.ndarray:
    if chunk.null_count:
        hashes[np.asarray(chunk.is_null())] = _NULL
    return hashes


def _int_hash(chunk: pa.Array) -> np.ndarray:
    values = chunk.fill_null(0).to_numpy().astype(np.int64).view(np.uint64)
    return _with_nulls(_mix(values ^ _GOLDEN), chunk)


def _float_hash(chunk: pa.Array) -> np.ndarray:
    values = chunk.fill_null(0.0).to_numpy().astype(np.float64, copy=True)
    values[values == 0.0] = 0.0  # -0.0 and 0.0 alike
    bits = values.view(np.uint64)
    bits[np.isnan(values)] = _CANONICAL_NAN
    return _with_nulls(_mix(bits ^ _GOLDEN), chunk)


def _string_hash(chunk: pa.Array) -> np.ndarray:
    """Hash each string of one Arrow string chunk (null handled by the caller's constant).

    Columns with few distinct values (force, crime type, outcome, LSOA) hash each distinct value
    once; the rest hash every string. Both give the same number for the same string.
    """
    n = len(chunk)
    if n == 0:
        return np.empty(0, dtype=np.uint64)
    encoded = pc.dictionary_encode(chunk)
    distinct = encoded.dictionary
    if len(distinct) > 0 and len(distinct) * 4 <= n:
        positions = encoded.indices.fill_null(0).to_numpy()
        out = _hash_strings(distinct)[positions]
    else:
        out = _hash_strings(chunk)
    return _with_nulls(out, chunk)


def _hash_strings(chunk: pa.Array) -> np.ndarray:
    """Hash every string of ``chunk`` from Arrow's offsets and data buffers, 8 bytes at a time."""
    if chunk.null_count:
        chunk = pc.fill_null(chunk, "")
    n = len(chunk)
    _, offsets_buffer, data_buffer = chunk.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int32, count=n + 1, offset=chunk.offset * 4)
    starts = offsets[:-1].astype(np.int64)
    lengths = offsets[1:].astype(np.int64) - starts
    size = 0 if data_buffer is None else data_buffer.size
    padded = np.zeros((size + 15) // 8 * 8 + 8, dtype=np.uint8)  # room to read past the end
    if size:
        padded[:size] = np.frombuffer(data_buffer, dtype=np.uint8, count=size)
    aligned = padded.view("<u8")
    h = _mix(lengths.astype(np.uint64) ^ _GOLDEN)
    words = (lengths + 7) // 8
    order = np.argsort(-words, kind="stable")  # rows with more words first
    have = np.bincount(words, minlength=int(words.max(initial=0)) + 1)[::-1].cumsum()[::-1]
    for j in range(1, len(have)):  # word j-1 exists for the first have[j] rows of `order`
        rows = order[: have[j]]
        position = starts[rows] + 8 * (j - 1)
        base = position // 8
        shift = (position % 8 * 8).astype(np.uint64)
        low, high = aligned[base], aligned[base + 1]
        word = np.where(shift == 0, low, (low >> shift) | (high << (_U64(64) - shift)))
        remaining = lengths[rows] - 8 * (j - 1)
        short = remaining < 8
        if short.any():
            keep = (_U64(1) << (remaining[short].astype(np.uint64) * _U64(8))) - _U64(1)
            word[short] &= keep
        h[rows] = _fold(h[rows], word)
    return h
