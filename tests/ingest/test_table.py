"""IncidentTable helpers, ReadResult counting, RowError text and the row_keys content hash."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from clearhold.ingest import (
    SCHEMA,
    IncidentTable,
    ReadResult,
    RowError,
    read_policeuk,
    row_keys,
)
from tests.ingest.files import asb_row, row, write


@pytest.fixture
def two_files(tmp_path):
    one = read_policeuk([write(tmp_path, "1.csv", [row(), asb_row()])]).table
    two = read_policeuk([write(tmp_path, "2.csv", [row(Crime_type="Drugs")])]).table
    return one, two


def test_the_schema_is_exact():
    assert SCHEMA.names == [
        "reference", "month", "occurred", "precision", "category", "source_category",
        "longitude", "latitude", "easting", "northing", "location", "lsoa_code", "lsoa_name",
        "outcome", "reported_by", "falls_within", "description", "file_index", "row_number",
    ]  # fmt: skip
    assert SCHEMA.field("month").type == pa.date32()
    assert SCHEMA.field("occurred").type == pa.timestamp("s", tz="UTC")
    assert SCHEMA.field("row_number").type == pa.int32()


def test_a_table_with_another_schema_is_refused():
    with pytest.raises(ValueError, match="columns and types"):
        IncidentTable(pa.table({"reference": ["x"]}))


def test_concat_renumbers_files_and_filter_keeps_them(two_files):
    one, two = two_files
    both = IncidentTable.concat([one, two])
    assert len(both) == 3
    assert [f.name for f in both.files] == ["1.csv", "2.csv"]
    assert both.numpy("file_index").tolist() == [0, 0, 1]
    assert both.source == "policeuk"
    drugs = both.filter(both.numpy("file_index") == 1)
    assert len(drugs) == 1
    assert drugs.files == both.files
    assert drugs.table["category"].to_pylist() == ["drugs"]
    assert len(IncidentTable.concat([])) == 0


def test_concat_of_two_sources_names_both(two_files):
    one, _ = two_files
    other = IncidentTable(one.table, one.files, "generic-cad")
    assert IncidentTable.concat([one, other]).source == "policeuk+generic-cad"


def test_numpy_gives_numeric_and_date_columns_only(two_files):
    one, _ = two_files
    assert one.numpy("easting").dtype == np.float64
    assert one.numpy("row_number").tolist() == [2, 3]
    assert one.numpy("month").tolist() == [np.datetime64("2024-01-01")] * 2
    assert np.isnat(one.numpy("occurred")).all()
    with pytest.raises(ValueError, match="not a numeric column"):
        one.numpy("location")
    with pytest.raises(ValueError, match="boolean array"):
        one.filter(np.array([1, 0]))


def test_read_result_counts_each_rejected_row_once():
    errors = (
        RowError("a.csv", 2, "Month", "2024-13", "bad month"),
        RowError("a.csv", 2, "Latitude", "95", "bad latitude"),
        RowError("b.csv", 2, "Month", "x", "bad month"),
        RowError("c.csv", None, None, None, "not a CSV"),
    )
    result = ReadResult(IncidentTable.empty(), errors, rows_read=3)
    assert result.rejected_rows == 2
    assert len(result.file_errors) == 1
    assert len(result.row_errors) == 3
    assert not result.ok


def test_row_error_reads_as_a_sentence():
    error = RowError("2024-01-x.csv", 17, "Month", "2024-13", "month 2024-13 is not a real month")
    assert str(error) == (
        '2024-01-x.csv, row 17, column Month: "2024-13" — month 2024-13 is not a real month'
    )
    assert str(RowError("a.csv", None, None, None, "the file is empty")) == (
        "a.csv: the file is empty"
    )
    assert str(RowError("a.csv", 3, None, "x" * 200, "too long")).count("x") == 79


def test_row_keys_are_stable_across_runs_and_machines(tmp_path):
    result = read_policeuk([write(tmp_path, "a.csv", [row(), asb_row()])])
    # A fixed value: if this changes, the key definition changed; bump ROW_KEY_VERSION.
    assert row_keys(result.table).tolist() == [EXPECTED_FIRST, EXPECTED_SECOND]


EXPECTED_FIRST = 5470511200171889630
EXPECTED_SECOND = 6517210116043287563


def test_row_keys_ignore_file_position_and_chunking(tmp_path):
    rows = [row(), asb_row(), row(Location="On or near " + "Long Road " * 20)]
    first = read_policeuk([write(tmp_path, "a.csv", rows)]).table
    later = read_policeuk([write(tmp_path / "b", "other.csv.gz", [asb_row(), *rows])]).table
    keys = row_keys(first)
    assert row_keys(later).tolist() == [keys[1], *keys.tolist()]
    rechunked = IncidentTable(
        pa.Table.from_batches(first.table.to_batches(max_chunksize=1)), first.files
    )
    assert rechunked.table.column("reference").num_chunks == 3
    assert row_keys(rechunked).tolist() == keys.tolist()


@pytest.mark.parametrize(
    "change",
    [
        {"Crime_ID": "b" * 64},
        {"Month": "2024-02"},
        {"Longitude": "0.159363"},
        {"Location": "On or near Market Place "},
        {"Last_outcome_category": "Court result unavailable"},
        {"Context": "x"},
        {"Crime_type": "Drugs"},
    ],
)
def test_row_keys_change_when_any_source_value_changes(tmp_path, change):
    table = read_policeuk([write(tmp_path, "a.csv", [row(), row(**change)])]).table
    keys = row_keys(table)
    assert keys[0] != keys[1]


def test_row_keys_tell_null_from_empty_and_swapped_values(tmp_path):
    table = read_policeuk([write(tmp_path, "a.csv", [row(), row()])]).table
    data = table.table
    description = pa.chunked_array([pa.array(["", None], pa.string())])
    index = SCHEMA.get_field_index("description")
    changed = IncidentTable(data.set_column(index, SCHEMA.field(index), description))
    keys = row_keys(changed)
    assert keys[0] != keys[1]
    swapped = data.set_column(
        SCHEMA.get_field_index("lsoa_code"), SCHEMA.field("lsoa_code"), data["lsoa_name"]
    ).set_column(SCHEMA.get_field_index("lsoa_name"), SCHEMA.field("lsoa_name"), data["lsoa_code"])
    assert row_keys(IncidentTable(swapped))[0] != row_keys(table)[0]
