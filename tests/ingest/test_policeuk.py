"""read_policeuk: good rows kept exactly, every bad input named by file, row, column and reason."""

from __future__ import annotations

import gzip
import hashlib
import io
import math
import zipfile
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from clearhold.ingest import (
    SCHEMA,
    Category,
    IngestError,
    ReadResult,
    RowError,
    read_policeuk,
    row_keys,
)
from tests.ingest.files import CALAIS, FORCE, HEADER, asb_row, csv_text, row, write


def only_error(result: ReadResult) -> RowError:
    assert len(result.errors) == 1, [str(e) for e in result.errors]
    return result.errors[0]


def invariant_holds(result: ReadResult) -> bool:
    return len(result.table) + result.rejected_rows == result.rows_read


def test_good_rows_are_read_with_every_value(tmp_path):
    path = write(tmp_path, "2024-01-x-street.csv", [row(Context="seen from the bus"), asb_row()])
    result = read_policeuk([path])
    assert result.errors == ()
    assert result.rows_read == 2
    data = result.table.table
    assert data.schema.equals(SCHEMA)
    first = data.slice(0, 1).to_pylist()[0]
    assert first["reference"] == "a" * 64
    assert first["month"].isoformat() == "2024-01-01"
    assert first["occurred"] is None
    assert first["precision"] == "month"
    assert first["category"] == Category.BURGLARY
    assert first["source_category"] == "Burglary"
    assert (first["longitude"], first["latitude"]) == (0.159362, 52.665474)
    assert 546_000 < first["easting"] < 547_000
    assert 309_000 < first["northing"] < 311_000
    assert first["location"] == "On or near Market Place"
    assert (first["lsoa_code"], first["lsoa_name"]) == ("E01018002", "Fenland 002B")
    assert first["outcome"] == "Under investigation"
    assert first["reported_by"] == first["falls_within"] == FORCE
    assert first["description"] == "seen from the bus"
    assert (first["file_index"], first["row_number"]) == (0, 2)
    second = data.slice(1, 1).to_pylist()[0]
    assert second["reference"] is None
    assert second["outcome"] is None
    assert second["category"] == Category.ASB_UNCLASSIFIED
    assert second["row_number"] == 3
    (source,) = result.table.files
    assert source.name == "2024-01-x-street.csv"
    assert source.rows_read == 2
    assert source.force == FORCE
    assert source.months == ("2024-01",)
    assert source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert source.size == path.stat().st_size


def test_gzip_file_is_fingerprinted_as_given(tmp_path):
    path = write(tmp_path, "2024-01-x-street.csv.gz", [row(), row()])
    result = read_policeuk([path])
    assert result.errors == ()
    assert len(result.table) == 2
    assert result.table.files[0].sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_no_location_rows_are_kept_with_nan(tmp_path):
    path = write(tmp_path, "a.csv", [asb_row(Longitude="", Latitude="", Location="No Location")])
    result = read_policeuk([path])
    assert result.errors == ()
    for column in ("longitude", "latitude", "easting", "northing"):
        assert math.isnan(result.table.numpy(column)[0])


def test_duplicated_rows_within_a_file_are_kept(tmp_path):
    same = asb_row()
    path = write(tmp_path, "a.csv", [same, same, same])
    result = read_policeuk([path])
    assert result.errors == ()
    assert len(result.table) == 3
    assert result.table.numpy("row_number").tolist() == [2, 3, 4]
    keys = row_keys(result.table)
    assert keys[0] == keys[1] == keys[2]


@pytest.mark.parametrize(
    ("header", "named"),
    [
        (
            [c if c != "Crime type" else "Crime Type" for c in HEADER],
            ['"Crime type"', '"Crime Type"'],
        ),
        ([c for c in HEADER if c != "Context"], ['missing column(s): "Context"']),
        ([*HEADER, "Extra"], ['unexpected column(s): "Extra"']),
        (list(reversed(HEADER)), ["wrong order"]),
    ],
)
def test_wrong_or_missing_header_column_refuses_the_file_only(tmp_path, header, named):
    bad = write(tmp_path, "bad.csv", [row()[: len(header)]], header=header)
    good = write(tmp_path, "good.csv", [row(), row()])
    result = read_policeuk([bad, good])
    error = only_error(result)
    assert (error.file, error.row, error.column) == ("bad.csv", None, None)
    assert "not a police.uk street-level CSV header" in error.reason
    for text in named:
        assert text in error.reason
    assert len(result.table) == 2
    assert result.table.files[result.table.numpy("file_index")[0]].name == "good.csv"
    assert invariant_holds(result)


def html_page() -> bytes:
    return b"<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head></html>\n"


def zip_file() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("2024-01-x-street.csv", csv_text([row()]))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (bytes(range(256)) * 4, "binary"),
        (zip_file(), "ZIP archive"),
        (html_page(), "HTML web page"),
        (b"", "empty"),
        (b"\n\n  \n", "empty"),
        ("Crime ID\n".encode("utf-16"), "UTF-16"),
        (b"%PDF-1.7\n...", "PDF"),
        (b"\x1f\x8b\x08\x00garbage", "cannot be decompressed"),
    ],
)
def test_a_file_that_is_not_csv_gets_one_clear_file_error(tmp_path, data, reason):
    bad = write(tmp_path, "2024-01-x-street.csv", data=data)
    good = write(tmp_path, "good.csv", [row()])
    result = read_policeuk([bad, good])
    error = only_error(result)
    assert (error.file, error.row, error.column, error.value) == (bad.name, None, None, None)
    assert reason in error.reason
    assert len(result.table) == 1
    assert result.rows_read == 1
    assert result.table.files[0].rows_read == 0


@pytest.mark.parametrize("isal", [True, False])
def test_a_truncated_gzip_download_is_a_file_error(tmp_path, monkeypatch, isal):
    import clearhold.ingest.sources as sources

    if not isal:
        monkeypatch.setattr(sources, "_igzip", None)
    whole = gzip.compress(csv_text([row()] * 200).encode())
    bad = tmp_path / "2024-01-x.csv.gz"
    bad.write_bytes(whole[: len(whole) // 2])
    result = read_policeuk([bad, write(tmp_path, "good.csv.gz", [row()])])
    error = only_error(result)
    assert (error.file, error.row) == ("2024-01-x.csv.gz", None)
    assert "cannot be decompressed" in error.reason
    assert len(result.table) == 1


def test_header_only_file_is_not_an_error(tmp_path):
    result = read_policeuk([write(tmp_path, "a.csv", [])])
    assert result.errors == ()
    assert len(result.table) == 0
    assert result.rows_read == 0


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_latin1_and_cp1252_files_are_read(tmp_path, encoding):
    location = "On or near Café Façade Street"
    path = write(tmp_path, "a.csv", [row(Location=location), row()], encoding=encoding)
    result = read_policeuk([path])
    assert result.errors == ()
    assert result.table.table["location"][0].as_py() == location
    assert result.table.files[0].encoding in ("cp1252", "latin-1")


def test_utf8_with_bom_is_read(tmp_path):
    location = "On or near Ångström Road — Wisbech"
    text = "\ufeff" + csv_text([row(Location=location)])
    result = read_policeuk([write(tmp_path, "a.csv", text=text)])
    assert result.errors == ()
    assert result.table.table["location"][0].as_py() == location
    assert result.table.table["reference"][0].as_py() == "a" * 64  # first column intact
    assert result.table.files[0].encoding == "utf-8-sig"


def test_rows_with_too_many_or_too_few_fields_are_named_by_line(tmp_path):
    rows = [row(), [*row(), "extra"], row(), row()[:5], row()]
    result = read_policeuk([write(tmp_path, "a.csv", rows)])
    errors = sorted(result.errors, key=lambda e: e.row or 0)
    assert [(e.file, e.row, e.column) for e in errors] == [("a.csv", 3, None), ("a.csv", 5, None)]
    assert "13 fields, expected 12" in errors[0].reason
    assert "5 fields, expected 12" in errors[1].reason
    assert errors[0].value is not None
    assert errors[0].value.endswith("extra")
    assert result.table.numpy("row_number").tolist() == [2, 4, 6]
    assert result.rows_read == 5
    assert result.rejected_rows == 2
    assert invariant_holds(result)


def test_line_numbers_stay_physical_with_multiline_values_and_blank_lines(tmp_path):
    text = csv_text([row(Context="line one\nline two"), row(Month="2024-13")])
    text = text + "\n" + csv_text([[*row(), "extra"]]).split("\n", 1)[1]
    # line 1 header, 2-3 a two-line row, 4 bad month, 5 blank, 6 too many fields
    result = read_policeuk([write(tmp_path, "a.csv", text=text)])
    assert sorted((e.row, e.column) for e in result.errors) == [(4, "Month"), (6, None)]
    assert result.table.numpy("row_number").tolist() == [2]
    assert result.table.table["description"][0].as_py() == "line one\nline two"
    assert invariant_holds(result)


def test_windows_line_ends_are_read(tmp_path):
    text = csv_text([row(), row(Latitude="95")], newline="\r\n")
    result = read_policeuk([write(tmp_path, "a.csv", text=text)])
    assert [(e.row, e.column) for e in result.errors] == [(3, "Latitude")]
    assert result.table.table["description"][0].as_py() is None


def test_month_2024_13_is_refused(tmp_path):
    rows = [row(), row(Month="2024-13"), row(Month="Jan 2024"), row(Month="")]
    result = read_policeuk([write(tmp_path, "2024-01-x.csv", rows)])
    errors = list(result.errors)
    assert [(e.row, e.column, e.value) for e in errors] == [
        (3, "Month", "2024-13"),
        (4, "Month", "Jan 2024"),
        (5, "Month", None),
    ]
    assert errors[0].reason == "month 2024-13 is not a real month (expected YYYY-MM)"
    assert "not in the form YYYY-MM" in errors[1].reason
    assert "empty" in errors[2].reason
    assert str(errors[0]) == (
        '2024-01-x.csv, row 3, column Month: "2024-13" — '
        "month 2024-13 is not a real month (expected YYYY-MM)"
    )
    assert len(result.table) == 1
    assert invariant_holds(result)


def test_latitude_95_is_refused(tmp_path):
    result = read_policeuk([write(tmp_path, "a.csv", [row(Latitude="95"), row()])])
    error = only_error(result)
    assert (error.file, error.row, error.column, error.value) == ("a.csv", 2, "Latitude", "95")
    assert error.reason == "latitude 95 is outside -90 to 90"
    assert result.table.numpy("row_number").tolist() == [3]


@pytest.mark.parametrize(
    ("lon", "lat", "column", "reason"),
    [
        ("abc", "52.665474", "Longitude", 'longitude "abc" is not a number'),
        ("0.159362", "nan", "Latitude", 'latitude "nan" is not a number'),
        ("181", "52.6", "Longitude", "longitude 181 is outside -180 to 180"),
        ("", "52.6", "Longitude", "Longitude is empty but Latitude is given"),
        ("0.15", " ", "Latitude", "Latitude is empty but Longitude is given"),
    ],
)
def test_bad_coordinates_are_refused(tmp_path, lon, lat, column, reason):
    result = read_policeuk([write(tmp_path, "a.csv", [row(Longitude=lon, Latitude=lat), row()])])
    error = only_error(result)
    assert (error.row, error.column) == (2, column)
    assert reason in error.reason
    assert len(result.table) == 1


def test_a_point_in_france_is_outside_great_britain(tmp_path):
    rows = [row(), row(Longitude=CALAIS[0], Latitude=CALAIS[1])]
    result = read_policeuk([write(tmp_path, "a.csv", rows)])
    error = only_error(result)
    assert (error.file, error.row, error.column) == ("a.csv", 3, "Longitude/Latitude")
    assert error.value == "1.850000, 50.950000"
    assert error.reason == "the point (1.850000, 50.950000) is outside Great Britain"
    assert len(result.table) == 1


def test_unknown_crime_type_lists_the_valid_ones(tmp_path):
    result = read_policeuk([write(tmp_path, "a.csv", [row(Crime_type="Arson"), row()])])
    error = only_error(result)
    assert (error.row, error.column, error.value) == (2, "Crime type", "Arson")
    assert "Anti-social behaviour" in error.reason
    assert "Violence and sexual offences" in error.reason


def test_a_row_with_several_problems_is_rejected_once(tmp_path):
    rows = [row(Month="2024-13", Latitude="95", Crime_type="Arson"), row()]
    result = read_policeuk([write(tmp_path, "a.csv", rows)])
    assert sorted(e.column for e in result.errors) == ["Crime type", "Latitude", "Month"]
    assert {e.row for e in result.errors} == {2}
    assert result.rejected_rows == 1
    assert result.rows_read == 2
    assert len(result.table) == 1


def test_folders_are_read_recursively_in_order_and_other_files_ignored(tmp_path):
    write(tmp_path / "b", "2024-02-x-street.csv", [row(Month="2024-02")])
    write(tmp_path / "a" / "deep", "2024-01-x-street.csv.gz", [row(), row()])
    (tmp_path / "a" / "notes.txt").write_text("not data")
    result = read_policeuk([tmp_path])
    assert [f.name for f in result.table.files] == [
        "2024-01-x-street.csv.gz",
        "2024-02-x-street.csv",
    ]
    assert result.table.numpy("file_index").tolist() == [0, 0, 1]


def test_same_named_files_in_two_folders_are_told_apart(tmp_path):
    one = write(tmp_path / "download1", "2024-01-x.csv", [row(Latitude="95"), row()])
    two = write(tmp_path / "download2", "2024-01-x.csv", [row(Latitude="95"), row()])
    result = read_policeuk([one, two])
    assert [f.name for f in result.table.files] == [
        "download1/2024-01-x.csv",
        "download2/2024-01-x.csv",
    ]
    assert result.rejected_rows == 2
    assert invariant_holds(result)


def test_an_empty_folder_is_a_file_level_error(tmp_path):
    (tmp_path / "empty").mkdir()
    error = only_error(read_policeuk([tmp_path / "empty"]))
    assert error.file == "empty"
    assert error.row is None
    assert ".csv" in error.reason


def test_a_missing_path_is_a_usage_error(tmp_path):
    with pytest.raises(IngestError, match="does not exist"):
        read_policeuk([tmp_path / "nope.csv"])


def test_progress_is_reported_per_file(tmp_path):
    paths = [write(tmp_path, f"2024-0{i}-x.csv", [row()]) for i in range(1, 4)]
    calls: list[tuple[int, int]] = []
    read_policeuk(paths, progress=lambda done, total: calls.append((done, total)))
    total = sum(p.stat().st_size for p in paths)
    assert len(calls) == 3
    assert [c[1] for c in calls] == [total] * 3
    assert calls[-1][0] == total
    assert calls[0][0] < calls[1][0] < calls[2][0]


def test_many_files_in_threads_keep_file_and_row_order(tmp_path):
    paths = []
    for i in range(12):
        rows = [row(Crime_ID=f"{i:02d}{j:062d}") for j in range(50)] + [row(Latitude="95")]
        paths.append(write(tmp_path, f"2024-{i + 1:02d}-x.csv.gz", rows))
    result = read_policeuk(paths)
    references = result.table.table["reference"].to_pylist()
    assert references == [f"{i:02d}{j:062d}" for i in range(12) for j in range(50)]
    assert [e.file for e in result.errors] == [p.name for p in paths]
    assert all(e.row == 52 for e in result.errors)
    assert invariant_holds(result)


def test_a_single_path_string_is_accepted(tmp_path):
    path = write(tmp_path, "a.csv", [row()])
    assert len(read_policeuk(str(path)).table) == 1  # type: ignore[arg-type]


def test_columns_are_arrow_not_python_objects(tmp_path):
    result = read_policeuk([write(tmp_path, "a.csv", [row()] * 5)])
    assert isinstance(result.table.table, pa.Table)
    assert result.table.numpy("easting").dtype == np.float64


def test_gzip_of_latin1_is_read(tmp_path):
    data = gzip.compress(csv_text([row(Location="Café")]).encode("latin-1"))
    result = read_policeuk([write(tmp_path, "a.csv", data=data)])
    assert result.table.table["location"][0].as_py() == "Café"


def test_the_real_csv_file_path_type_is_kept(tmp_path):
    path = write(tmp_path, "a.csv", [row()])
    assert Path(read_policeuk([path]).table.files[0].path) == path.resolve()
