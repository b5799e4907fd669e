"""Turning coordinate text into checked WGS84 and British National Grid points, vectorised.

Both readers use this, so a police.uk file and a partner file obey the same rules:

* both coordinates empty: the row has no location (police.uk publishes such rows, e.g. crimes
  "On or near No Location"); it is kept with NaN coordinates, not an error;
* one empty, or not a number, or out of range (latitude -90..90, longitude -180..180; easting
  0..700 000 m, northing 0..1 300 000 m): the row is rejected;
* a point outside the coarse Great Britain polygon (:func:`clearhold.geo.in_great_britain`)
  is rejected as "outside Great Britain".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from clearhold.geo import in_great_britain, to_bng, to_wgs84
from clearhold.ingest.checks import RowErrorSink

__all__ = ["Points", "locate_en", "locate_lonlat", "parse_numbers"]

_NUMBER = r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$"

Text = pa.Array | pa.ChunkedArray


@dataclass(frozen=True)
class Points:
    """Coordinates for each row; NaN where the row has no (accepted) location."""

    longitude: np.ndarray
    latitude: np.ndarray
    easting: np.ndarray
    northing: np.ndarray


def parse_numbers(text: Text) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(values, empty, bad): float64 values (NaN unless a finite number was given), where the
    text was empty or blank, and where it was given but is not a finite number."""
    try:
        numbers = pc.cast(text, pa.float64())
        empty = _mask(pc.is_null(text))
    except pa.ArrowInvalid:  # some value is not a plain number: check each, trimmed
        trimmed = pc.utf8_trim_whitespace(text)
        empty = _mask(pc.or_kleene(pc.is_null(trimmed), pc.equal(trimmed, "")))
        valid = pc.fill_null(pc.match_substring_regex(trimmed, _NUMBER), False)
        numbers = pc.cast(pc.if_else(valid, trimmed, pa.scalar(None, pa.string())), pa.float64())
    values = _floats(numbers)
    finite = np.isfinite(values)
    values[~finite] = np.nan
    return values, empty, ~empty & ~finite


def locate_lonlat(
    lon_text: Text, lat_text: Text, sink: RowErrorSink, *, lon_column: str, lat_column: str
) -> Points:
    """Check longitude/latitude text and add BNG coordinates; problems go to ``sink``."""
    lon, lon_empty, lon_bad = parse_numbers(lon_text)
    lat, lat_empty, lat_bad = parse_numbers(lat_text)
    _pair_problems(sink, lon_empty, lat_empty, lon_column, lat_column, lon_text, lat_text)
    sink.reject(lon_bad, lon_column, lon_text, lambda v: f'longitude "{v}" is not a number')
    sink.reject(lat_bad, lat_column, lat_text, lambda v: f'latitude "{v}" is not a number')
    lat_range = np.abs(lat) > 90
    lon_range = np.abs(lon) > 180
    sink.reject(lat_range, lat_column, lat_text, lambda v: f"latitude {v} is outside -90 to 90")
    sink.reject(lon_range, lon_column, lon_text, lambda v: f"longitude {v} is outside -180 to 180")
    usable = ~(lon_empty | lat_empty | lon_bad | lat_bad | lat_range | lon_range)
    lon[~usable] = np.nan
    lat[~usable] = np.nan
    easting, northing, inside = _transform_distinct(to_bng, lon, lat, projected=False)
    _outside_gb(sink, usable & ~inside, lon_text, lat_text, lon_column, lat_column)
    return _points(lon, lat, easting, northing, usable & ~sink.rejected)


def locate_en(
    e_text: Text, n_text: Text, sink: RowErrorSink, *, e_column: str, n_column: str
) -> Points:
    """Check BNG easting/northing text (metres) and add WGS84; problems go to ``sink``."""
    easting, e_empty, e_bad = parse_numbers(e_text)
    northing, n_empty, n_bad = parse_numbers(n_text)
    _pair_problems(sink, e_empty, n_empty, e_column, n_column, e_text, n_text)
    sink.reject(e_bad, e_column, e_text, lambda v: f'easting "{v}" is not a number')
    sink.reject(n_bad, n_column, n_text, lambda v: f'northing "{v}" is not a number')
    e_range = (easting < 0) | (easting > 700_000)
    n_range = (northing < 0) | (northing > 1_300_000)
    sink.reject(e_range, e_column, e_text, lambda v: f"easting {v} is outside 0 to 700000 metres")
    sink.reject(n_range, n_column, n_text, lambda v: f"northing {v} is outside 0 to 1300000 metres")
    usable = ~(e_empty | n_empty | e_bad | n_bad | e_range | n_range)
    easting[~usable] = np.nan
    northing[~usable] = np.nan
    lon, lat, inside = _transform_distinct(to_wgs84, easting, northing, projected=True)
    _outside_gb(sink, usable & ~inside, e_text, n_text, e_column, n_column)
    return _points(lon, lat, easting, northing, usable & ~sink.rejected)


def _transform_distinct(
    transform: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]],
    x: np.ndarray,
    y: np.ndarray,
    *,
    projected: bool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``transform`` each distinct (x, y) once, and test it against Great Britain once.

    police.uk snaps crimes to a fixed set of anonymous map points, so a file holds each point
    about twice on average; transforming distinct points halves the time of the costliest step.
    Returns the transformed coordinates and whether each point is in Great Britain.
    """
    pairs = np.ascontiguousarray(np.column_stack([x, y]))
    keys = pa.FixedSizeBinaryArray.from_buffers(pa.binary(16), len(x), [None, pa.py_buffer(pairs)])
    encoded = pc.dictionary_encode(keys)
    position = encoded.indices.to_numpy()
    distinct = np.frombuffer(encoded.dictionary.buffers()[1], dtype=np.float64).reshape(-1, 2)
    dx, dy = distinct[:, 0], distinct[:, 1]
    tx, ty = transform(dx, dy)
    inside = in_great_britain(dx, dy) if projected else in_great_britain(tx, ty)
    return tx[position], ty[position], inside[position]


def _pair_problems(
    sink: RowErrorSink,
    first_empty: np.ndarray,
    second_empty: np.ndarray,
    first_column: str,
    second_column: str,
    first_text: Text,
    second_text: Text,
) -> None:
    sink.reject(
        first_empty & ~second_empty,
        first_column,
        None,
        f"{first_column} is empty but {second_column} is given (give both or neither)",
    )
    sink.reject(
        second_empty & ~first_empty,
        second_column,
        None,
        f"{second_column} is empty but {first_column} is given (give both or neither)",
    )


def _outside_gb(
    sink: RowErrorSink,
    outside: np.ndarray,
    x_text: Text,
    y_text: Text,
    x_column: str,
    y_column: str,
) -> None:
    if not outside.any():
        return
    index = pa.array(np.flatnonzero(outside))
    pairs = [
        f"{x}, {y}"
        for x, y in zip(x_text.take(index).to_pylist(), y_text.take(index).to_pylist(), strict=True)
    ]
    full: list[str | None] = [None] * len(outside)
    for i, pair in zip(index.to_pylist(), pairs, strict=True):
        full[i] = pair
    sink.reject(
        outside,
        f"{x_column}/{y_column}",
        full,
        lambda v: f"the point ({v}) is outside Great Britain",
    )


def _points(
    lon: np.ndarray, lat: np.ndarray, e: np.ndarray, n: np.ndarray, keep: np.ndarray
) -> Points:
    for values in (lon, lat, e, n):
        values[~keep] = np.nan
    return Points(lon, lat, e, n)


def _mask(values: pa.Array | pa.ChunkedArray) -> np.ndarray:
    return np.asarray(values.to_numpy(zero_copy_only=False), dtype=bool)


def _floats(values: pa.Array | pa.ChunkedArray) -> np.ndarray:
    filled = pc.fill_null(values, np.nan)
    return np.array(filled.to_numpy(zero_copy_only=False), dtype=np.float64, copy=True)
