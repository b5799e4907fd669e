"""read_mapped and MappingProfile: partner CSV/XLSX files read through a column mapping."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from pathlib import Path

import openpyxl
import pytest

from clearhold.ingest import (
    BUILTIN_PROFILES,
    CadRule,
    CadTypeMap,
    Category,
    MappingProfile,
    read_mapped,
)
from tests.ingest.files import CALAIS, WISBECH, csv_text

CAD_HEADER = [
    "Incident Number",
    "Date/Time",
    "Latitude",
    "Longitude",
    "Location",
    "Incident Type",
    "Description",
]


def cad_row(**changes: str) -> list[str]:
    values = {
        "Incident Number": "CC-20240701-0042",
        "Date/Time": "01/07/2024 14:30",
        "Latitude": WISBECH[1],
        "Longitude": WISBECH[0],
        "Location": "Horsefair, Wisbech",
        "Incident Type": "ASB - Nuisance",
        "Description": "Youths shouting, bins set alight",
    }
    values.update(
        {k.replace("_", " ").replace("Date Time", "Date/Time"): v for k, v in changes.items()}
    )
    return [values[c] for c in CAD_HEADER]


def write_cad(
    folder: Path, name: str, rows: list[list[str]], header: list[str] | None = None
) -> Path:
    path = folder / name
    path.write_text(csv_text(rows, header or CAD_HEADER), encoding="utf-8")
    return path


def test_generic_cad_csv_is_read_with_minute_precision_in_utc(tmp_path):
    rows = [cad_row(), cad_row(Date_Time="2024-01-15 23:59:00", Incident_Type="Shots fired")]
    result = read_mapped([write_cad(tmp_path, "cad.csv", rows)], "generic-cad")
    assert result.errors == ()
    first, second = result.table.table.to_pylist()
    assert first["reference"] == "CC-20240701-0042"
    assert first["occurred"] == datetime(2024, 7, 1, 13, 30, tzinfo=UTC)  # BST is UTC+1
    assert first["month"] == date(2024, 7, 1)
    assert first["precision"] == "minute"
    assert first["category"] == Category.ASB_NUISANCE
    assert first["source_category"] == "ASB - Nuisance"
    assert first["location"] == "Horsefair, Wisbech"
    assert first["description"] == "Youths shouting, bins set alight"
    assert 546_000 < first["easting"] < 547_000
    assert first["row_number"] == 2
    assert second["occurred"] == datetime(2024, 1, 15, 23, 59, tzinfo=UTC)  # GMT in winter
    assert second["category"] == Category.WEAPONS
    assert result.table.source == "generic-cad"


def test_an_impossible_partner_date_is_refused_naming_column_and_value(tmp_path):
    rows = [cad_row(), cad_row(Date_Time="31/02/2024 10:00"), cad_row(Date_Time="yesterday")]
    result = read_mapped([write_cad(tmp_path, "cad.csv", rows)], "generic-cad")
    first, second = result.errors
    assert (first.file, first.row, first.column, first.value) == (
        "cad.csv",
        3,
        "Date/Time",
        "31/02/2024 10:00",
    )
    assert "not a real date" in first.reason
    assert "day is out of range" in first.reason
    assert (second.row, second.value) == (4, "yesterday")
    assert "%d/%m/%Y %H:%M" in second.reason
    assert len(result.table) == 1
    assert result.rows_read == 3
    assert result.rejected_rows == 2


def test_missing_mapped_columns_are_a_file_error_naming_them(tmp_path):
    header = [c for c in CAD_HEADER if c not in ("Incident Type", "Latitude")]
    bad = write_cad(tmp_path, "bad.csv", [cad_row()[:5]], header)
    good = write_cad(tmp_path, "good.csv", [cad_row()])
    result = read_mapped([bad, good], "generic-cad")
    (error,) = result.errors
    assert (error.file, error.row) == ("bad.csv", None)
    assert '"Latitude"' in error.reason
    assert '"Incident Type"' in error.reason
    assert len(result.table) == 1


def test_header_names_match_ignoring_case_and_spaces(tmp_path):
    header = [f" {c.upper()} " for c in CAD_HEADER]
    result = read_mapped([write_cad(tmp_path, "cad.csv", [cad_row()], header)], "generic-cad")
    assert result.errors == ()
    assert len(result.table) == 1


def test_partner_rows_get_the_same_location_checks_as_policeuk(tmp_path):
    rows = [
        cad_row(Latitude="", Longitude=""),
        cad_row(Latitude="95"),
        cad_row(Latitude=CALAIS[1], Longitude=CALAIS[0]),
        cad_row(Longitude="east"),
    ]
    result = read_mapped([write_cad(tmp_path, "cad.csv", rows)], "generic-cad")
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "Latitude"),
        (4, "Longitude/Latitude"),
        (5, "Longitude"),
    ]
    assert "outside Great Britain" in result.errors[1].reason
    assert len(result.table) == 1  # the row with no location is kept


def test_rows_with_the_wrong_number_of_fields_are_refused(tmp_path):
    rows = [cad_row(), [*cad_row(), "extra"], cad_row()[:3]]
    result = read_mapped([write_cad(tmp_path, "cad.csv", rows)], "generic-cad")
    assert [(e.row, e.column) for e in result.errors] == [(3, None), (4, None)]
    assert "8 fields, expected 7" in result.errors[0].reason


def housing_profile(**changes: object) -> MappingProfile:
    base: dict[str, object] = {
        "name": "housing-log",
        "label": "Housing ASB log",
        "reference_column": "Case",
        "date_column": "Reported on",
        "date_formats": ("%d/%m/%Y", "%d-%b-%Y"),
        "time_column": "Time",
        "location_kind": "en",
        "easting_column": "X",
        "northing_column": "Y",
        "location_column": "Block",
        "category_column": "Type",
        "type_map": CadTypeMap((CadRule("noise", Category.ASB_NUISANCE),), Category.OTHER),
        "outcome_column": "Action",
    }
    base.update(changes)
    return MappingProfile(**base)  # type: ignore[arg-type]


def test_xlsx_with_date_and_time_columns_and_grid_references(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Case", "Reported on", "Time", "X", "Y", "Block", "Type", "Action", "Notes"])
    sheet.append(["H1", datetime(2024, 3, 4), time(21, 5), 546_300, 310_020.5, "Tower A", "Noise"])
    sheet.append(["H2", "05/03/2024", None, "546300", "310020", "Tower B", "Damp", "Letter"])
    sheet.append([None] * 9)  # a blank row
    sheet.append(["H3", "30/02/2024", "10:00", 546_300, 310_020, "Tower C", "Noise"])
    sheet.append(["H4", "06/03/2024", "10:00", 846_300, 310_020, "Tower D", "Noise"])
    path = tmp_path / "housing.xlsx"
    workbook.save(path)
    result = read_mapped([path], housing_profile())
    assert [(e.row, e.column, e.value) for e in result.errors] == [
        (5, "Reported on", "30/02/2024"),
        (6, "X", "846300"),
    ]
    first, second = result.table.table.to_pylist()
    assert first["reference"] == "H1"
    assert first["occurred"] == datetime(2024, 3, 4, 21, 5, tzinfo=UTC)
    assert first["precision"] == "minute"
    assert first["category"] == Category.ASB_NUISANCE
    assert (first["easting"], first["northing"]) == (546_300.0, 310_020.5)
    assert 0.15 < first["longitude"] < 0.17
    assert 52.6 < first["latitude"] < 52.7
    assert first["outcome"] is None
    assert first["row_number"] == 2
    assert second["precision"] == "day"
    assert second["occurred"] == datetime(2024, 3, 5, tzinfo=UTC)
    assert second["category"] == Category.OTHER
    assert second["outcome"] == "Letter"
    assert result.table.files[0].encoding == "xlsx"
    assert result.table.files[0].months == ("2024-03",)


def test_an_xlsx_sheet_can_be_chosen_and_a_missing_one_is_named(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.title = "Cover"
    data = workbook.create_sheet("Incidents")
    data.append(CAD_HEADER)
    data.append(cad_row())
    path = tmp_path / "cad.xlsx"
    workbook.save(path)
    profile = MappingProfile.from_dict(
        {**BUILTIN_PROFILES["generic-cad"].to_dict(), "sheet": "Incidents"}
    )
    assert len(read_mapped([path], profile).table) == 1
    wrong = MappingProfile.from_dict({**profile.to_dict(), "sheet": "Log"})
    (error,) = read_mapped([path], wrong).errors
    assert 'no sheet "Log"' in error.reason
    assert "Incidents" in error.reason


def test_a_csv_renamed_xlsx_is_refused(tmp_path):
    path = tmp_path / "cad.xlsx"
    path.write_text(csv_text([cad_row()], CAD_HEADER))
    (error,) = read_mapped([path], "generic-cad").errors
    assert error.row is None
    assert "not an Excel .xlsx workbook" in error.reason


def test_month_precision_profile():
    profile = BUILTIN_PROFILES["policeuk"]
    assert profile.datetime_formats == ("%Y-%m",)


def test_month_format_gives_month_precision_and_no_time(tmp_path):
    profile = MappingProfile.from_dict(
        {**BUILTIN_PROFILES["generic-cad"].to_dict(), "datetime_formats": ["%Y-%m"]}
    )
    result = read_mapped([write_cad(tmp_path, "cad.csv", [cad_row(Date_Time="2024-05")])], profile)
    (record,) = result.table.table.to_pylist()
    assert (record["precision"], record["occurred"], record["month"]) == (
        "month",
        None,
        date(2024, 5, 1),
    )


def test_unknown_type_with_a_closed_type_map_is_refused(tmp_path):
    profile = housing_profile(type_map=CadTypeMap.exact({"Noise": Category.ASB_NUISANCE}))
    text = csv_text(
        [["H1", "01/03/2024", "", "546300", "310020", "A", "Graffiti", ""]],
        ["Case", "Reported on", "Time", "X", "Y", "Block", "Type", "Action"],
    )
    path = tmp_path / "h.csv"
    path.write_text(text)
    (error,) = read_mapped([path], profile).errors
    assert (error.row, error.column, error.value) == (2, "Type", "Graffiti")
    assert "matches no rule" in error.reason


def test_profiles_round_trip_through_json():
    for profile in [*BUILTIN_PROFILES.values(), housing_profile()]:
        data = json.loads(json.dumps(profile.to_dict()))
        assert MappingProfile.from_dict(data) == profile


def test_builtin_profiles():
    assert {"policeuk", "generic-cad"} <= set(BUILTIN_PROFILES)
    cad = BUILTIN_PROFILES["generic-cad"]
    assert cad.columns() == {
        "Incident Number": "reference",
        "Date/Time": "date/time",
        "Incident Type": "category",
        "Location": "location",
        "Description": "description",
        "Latitude": "latitude",
        "Longitude": "longitude",
    }
    assert cad.datetime_formats == ("%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"date_column": None}, "either a date/time column or a date column"),
        ({"date_formats": ()}, "at least one format"),
        ({"location_kind": "en", "easting_column": None}, "easting and a northing"),
        ({"location_kind": "postcode"}, '"latlon" or "en"'),
        ({"name": "Has Spaces"}, "lower-case"),
        ({"timezone": "Mars/Olympus"}, "time zone"),
    ],
)
def test_an_invalid_profile_says_what_is_wrong(changes, message):
    with pytest.raises(ValueError, match=message):
        housing_profile(**changes)


def test_from_dict_refuses_unknown_or_missing_fields():
    data = BUILTIN_PROFILES["generic-cad"].to_dict()
    with pytest.raises(ValueError, match="unknown mapping profile fields: colour"):
        MappingProfile.from_dict({**data, "colour": "red"})
    del data["category_column"]
    with pytest.raises(ValueError, match="incomplete"):
        MappingProfile.from_dict(data)


def test_progress_is_reported_per_partner_file(tmp_path):
    paths = [write_cad(tmp_path, f"{i}.csv", [cad_row()]) for i in range(3)]
    calls: list[tuple[int, int]] = []
    read_mapped(paths, "generic-cad", progress=lambda d, t: calls.append((d, t)))
    assert len(calls) == 3
    assert calls[-1][0] == calls[-1][1]
