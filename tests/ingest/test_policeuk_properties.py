"""Property test: every police.uk row read is either stored exactly or rejected, never lost."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clearhold.ingest import POLICEUK_CRIME_TYPES, read_policeuk
from tests.ingest.files import csv_text, row, write

TOWNS = [(0.1594, 52.6655), (-0.4662, 52.1359), (-0.2000, 51.6500), (-3.1791, 51.4816)]
FRANCE = [(1.85, 50.95), (2.3522, 48.8566)]
TYPES = sorted(POLICEUK_CRIME_TYPES)

# Free text as police.uk and spreadsheets produce it: commas, quotes, accents, newlines.
# No NUL (that makes a binary file) and no lone CR (its line counting is a matter of taste).
text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"),
    max_size=30,
)


@st.composite
def good_rows(draw: st.DrawFn) -> tuple[list[str], dict]:
    lon, lat = draw(st.sampled_from(TOWNS))
    located = draw(st.booleans())
    values = {
        "Crime_ID": draw(st.sampled_from(["", "f" * 64, "0123abcd" * 8])),
        "Month": f"{draw(st.integers(2010, 2030))}-{draw(st.integers(1, 12)):02d}",
        "Longitude": f"{lon + draw(st.floats(-0.01, 0.01)):.6f}" if located else "",
        "Latitude": f"{lat + draw(st.floats(-0.01, 0.01)):.6f}" if located else "",
        "Location": draw(text),
        "Crime_type": draw(st.sampled_from(TYPES)),
        "Context": draw(text),
    }
    return row(**values), values


def bad_rows() -> st.SearchStrategy[list[str]]:
    france = st.sampled_from(FRANCE).map(
        lambda p: row(Longitude=f"{p[0]:.6f}", Latitude=f"{p[1]:.6f}")
    )
    return st.one_of(
        st.sampled_from(["2024-13", "2024-00", "24-01", "2024/01", ""]).map(lambda m: row(Month=m)),
        st.sampled_from(["95", "-90.5", "north", "1e999"]).map(lambda v: row(Latitude=v)),
        st.sampled_from(["200", "x", ""]).map(lambda v: row(Longitude=v)),
        france,
        st.sampled_from(["Arson", "", "burglary", "ASB"]).map(lambda t: row(Crime_type=t)),
        st.integers(1, 3).map(lambda k: row() + ["extra"] * k),
        st.integers(2, 11).map(lambda k: row()[:k]),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(good_rows().map(lambda g: ("good", g)), bad_rows().map(lambda b: ("bad", b))),
        max_size=25,
    ),
    st.sampled_from(["a.csv", "a.csv.gz"]),
)
def test_every_row_is_stored_or_rejected_and_good_values_round_trip(rows, name):
    lines_of = []
    line = 2
    for kind, payload in rows:
        fields = payload[0] if kind == "good" else payload
        lines_of.append(line)
        line += csv_text([fields]).count("\n") - 1  # the header line is not this row's
    with tempfile.TemporaryDirectory() as folder:
        body = [payload[0] if kind == "good" else payload for kind, payload in rows]
        result = read_policeuk([write(Path(folder), name, body)])

    assert result.file_errors == ()
    assert result.rows_read == len(rows)
    assert len(result.table) + result.rejected_rows == result.rows_read
    bad_lines = {n for n, (kind, _) in zip(lines_of, rows, strict=True) if kind == "bad"}
    assert {e.row for e in result.errors} == bad_lines
    good = [(n, p[1]) for n, (kind, p) in zip(lines_of, rows, strict=True) if kind == "good"]
    stored = result.table.table.to_pylist()
    assert [r["row_number"] for r in stored] == [n for n, _ in good]
    for record, (_, values) in zip(stored, good, strict=True):
        assert record["reference"] == (values["Crime_ID"] or None)
        assert record["month"].strftime("%Y-%m") == values["Month"]
        assert record["source_category"] == values["Crime_type"]
        assert record["category"] == POLICEUK_CRIME_TYPES[values["Crime_type"]].value
        assert record["location"] == (values["Location"] or None)
        assert record["description"] == (values["Context"] or None)
        if values["Longitude"]:
            assert record["longitude"] == float(values["Longitude"])
            assert record["latitude"] == float(values["Latitude"])
            assert 0 < record["easting"] < 700_000
            assert 0 < record["northing"] < 1_300_000
        else:
            assert record["longitude"] != record["longitude"]  # NaN
