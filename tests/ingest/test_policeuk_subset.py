"""scripts/policeuk_subset.py, run again on the shared police.uk folder, writes exactly the
bytes shipped in src/clearhold/data (the data files, their PROVENANCE.md and, for Barnet, the
LSOA boundary copies), so the shipped subsets can be traced to their sources."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

import clearhold
from clearhold.ingest import read_policeuk
from tests.ingest.files import provenance_table

ROOT = Path(__file__).resolve().parents[2]
# Beside the repository (../shared), or beside the folder of worktrees it sits in.
SHARED = (
    next(
        (
            p
            for p in (ROOT.parent, ROOT.parent.parent)
            if (p / "shared" / "data" / "policeuk").is_dir()
        ),
        ROOT.parent,
    )
    / "shared"
    / "data"
    / "policeuk"
)
SHIPPED = Path(clearhold.__file__).parent / "data"


def _script():
    spec = importlib.util.spec_from_file_location(
        "policeuk_subset", ROOT / "scripts" / "policeuk_subset.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.parametrize("district", ["barnet", "bedford", "fenland"])
def test_the_subset_script_reproduces_the_shipped_bytes(district, tmp_path, monkeypatch, capsys):
    script = _script()
    if not (SHARED / script.DISTRICTS[district].force).is_dir():
        pytest.skip(
            "the force-wide source files live outside the repository (../shared), so a clean "
            "clone cannot re-derive the subset; the shipped files are still checked against "
            "their PROVENANCE.md by test_the_shipped_files_match_their_provenance"
        )
    monkeypatch.setattr(script, "DATA", tmp_path / "policeuk")
    monkeypatch.setattr(script, "BOUNDARIES", tmp_path / "boundaries")
    assert script.main([district, str(SHARED)]) == 0
    made = _files(tmp_path / "policeuk" / district)
    assert made == _files(SHIPPED / "policeuk" / district)
    if script.DISTRICTS[district].boundaries:
        assert _files(tmp_path / "boundaries") == _files(SHIPPED / "boundaries")


@pytest.mark.parametrize("district", ["barnet", "bedford"])
def test_the_shipped_files_match_their_provenance(district):
    """Every shipped month's row count and fingerprint is the one PROVENANCE.md records (run in
    a clean clone too, where the script cannot be rerun)."""
    folder = SHIPPED / "policeuk" / district
    table = provenance_table(folder)
    read = read_policeuk([folder])
    assert len(table) == len(read.table.files) > 0
    for source in read.table.files:
        assert table[source.name] == (source.rows_read, source.sha256)


def test_the_barnet_files_say_they_hold_burglary_only():
    provenance = (SHIPPED / "policeuk" / "barnet" / "PROVENANCE.md").read_text()
    assert "burglary only" in provenance
    assert "Total: 7296 rows in 36 files." in provenance
    assert "Contains OS data" in (SHIPPED / "boundaries" / "PROVENANCE.md").read_text()
