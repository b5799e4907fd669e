"""`clearhold import` from the command line: JSON summary, exit codes, idempotence; every run
acts as a named user (``--as``)."""

import json

import pytest
from typer.testing import CliRunner

from clearhold.cli import app
from clearhold.incidents.models import Incident
from tests.incidents.policeuk_files import FENLAND, read_rows, row, write


@pytest.fixture(autouse=True)
def _importer(officer):
    """The police officer every import acts as."""


def invoke(*args):
    command, *rest = args
    return CliRunner().invoke(
        app, ["import", command, "--as", "officer", *rest], env={"COLUMNS": "200"}
    )


def test_import_a_folder_then_again_changes_nothing(db, tmp_path):
    folder = tmp_path / "force"
    folder.mkdir()
    for name in (
        "2024-01-cambridgeshire-street-fenland.csv.gz",
        "2024-02-cambridgeshire-street-fenland.csv.gz",
    ):
        (folder / name).write_bytes((FENLAND / name).read_bytes())
    expected = sum(len(read_rows(p)) for p in folder.iterdir())
    first = invoke("policeuk", str(folder), "--json")
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout)
    assert summary["status"] == "stored"
    assert summary["rows_stored"] == expected == Incident.objects.count()
    assert summary["files"] == 2
    again = invoke("policeuk", str(folder), "--json")
    assert again.exit_code == 0
    assert json.loads(again.stdout)["status"] == "duplicate"
    assert Incident.objects.count() == expected


def test_a_rejected_file_exits_non_zero_with_its_errors(db, tmp_path):
    bad = write(tmp_path / "bad.csv", [row(1), row(2, month="2024-13")])
    result = invoke("policeuk", str(bad), "--json")
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert summary["status"] == "rejected"
    assert summary["errors"][0]["row"] == 3
    assert Incident.objects.count() == 0


def test_a_newer_download_asks_for_force_month_replace(db, tmp_path):
    rows = [row(i) for i in range(4)]
    assert invoke("policeuk", str(write(tmp_path / "a.csv", rows))).exit_code == 0
    newer = write(tmp_path / "b.csv", rows[:3])
    waiting = invoke("policeuk", str(newer))
    assert waiting.exit_code == 3
    assert "--force-month-replace" in waiting.stdout
    assert Incident.objects.count() == 4
    done = invoke("policeuk", str(newer), "--force-month-replace", "--json")
    assert done.exit_code == 0, done.output
    assert Incident.objects.count() == 3


def test_missing_path_is_a_usage_error(db, tmp_path):
    result = invoke("policeuk", str(tmp_path / "nope.csv"))
    assert result.exit_code == 2
    assert "does not exist" in result.output
